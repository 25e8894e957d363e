from django.conf import settings
from django.contrib.auth import views as auth_views
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.generic.base import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.http import api_not_found
from portal.api import api_router
from search import views as search_views


class FaviconRedirect(RedirectView):
    """/favicon.ico → the icon's static address, resolved per request: resolving it when this
    module is imported fails with the manifest storage before collectstatic has run."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static_url("img/favicon.svg")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", search_views.search_api, name="search_api"),
    path("api/", include("regulations.api_urls")),
    re_path(r"^api/", api_not_found, name="api_not_found"),
    path("search/", include("search.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("feedback/", include("feedback.urls")),
    path("staff/", include("learning.urls")),
    path("warnings/", include("early_warning.urls")),
    path("", include("portal.feed_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
