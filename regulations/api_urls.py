"""JSON endpoints under /api/ (see CONTRACT.md). Filled in by the regulations and search work."""

urlpatterns: list = []
