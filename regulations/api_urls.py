"""JSON endpoints under /api/ (see CONTRACT.md).

The search work adds ``path("search/", ...)`` to this list.
"""

from django.urls import path

from regulations import api

urlpatterns: list = [
    path("regulations/", api.regulation_list, name="api-regulation-list"),
    path("regulations/<id:pk>/", api.regulation_detail, name="api-regulation-detail"),
]
