"""/favicon.ico redirects to the static icon, resolved per request (the manifest storage of
production cannot resolve it while the URLs are imported, before collectstatic)."""

import importlib

import pytest


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.django_db
def test_the_urls_load_without_a_static_manifest(settings):
    import portal.urls

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    importlib.reload(portal.urls)  # raised "Missing staticfiles manifest entry" before
