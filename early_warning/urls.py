from django.urls import path

from early_warning import views

app_name = "early_warning"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="export"),
    path("evaluate/", views.evaluate, name="evaluate"),
    path("departments/<id:pk>/", views.department, name="department"),
    path("people/<id:pk>/", views.person, name="person"),
    path("measures/", views.measure_list, name="measures"),
    path("measures/new/", views.measure_create, name="measure_create"),
    path("measures/<id:pk>/", views.measure_detail, name="measure"),
    path("signals/new/", views.signal_create, name="signal_create"),
    path("bulletins/draft/", views.bulletin_draft, name="bulletin_draft"),
    path("me/", views.my_warnings, name="mine"),
    path("me/notices/read/", views.notices_read, name="notices_read"),
]
