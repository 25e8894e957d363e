"""RSS/Atom feeds for listing pages."""

urlpatterns: list = []
