from django.urls import path, register_converter

from core.months import InvalidMonth, month_label, parse_month
from learning import views


class MonthConverter:
    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value):
        try:
            return parse_month(value)
        except InvalidMonth as exc:
            raise ValueError(str(exc)) from exc

    def to_url(self, value):
        return value if isinstance(value, str) else month_label(value)


register_converter(MonthConverter, "month")

app_name = "learning"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("posts/", views.posts, name="posts"),
    path("procedures/<id:pk>/", views.procedure, name="procedure"),
    path("checkin/", views.checkin_current, name="checkin"),
    path("checkin/<month:month>/", views.checkin_month, name="checkin_month"),
    path("checkin/<month:month>/read/<slug:task>/", views.read_task, name="read"),
    path("checkin/<month:month>/selfcheck/", views.selfcheck, name="selfcheck"),
    path("checkin/<month:month>/summary/", views.summary, name="summary"),
    path("warnings/", views.warnings, name="warnings"),
    path("notifications/", views.notifications, name="notifications"),
    path("history/", views.history, name="history"),
    path("query/", views.query, name="query"),
    path("settings/", views.settings_view, name="settings"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/export.xlsx", views.supervision_export, name="supervision_export"),
    path("supervision/overdue/", views.supervision_overdue, name="supervision_overdue"),
    path("supervision/selfchecks/", views.supervision_selfchecks, name="supervision_selfchecks"),
    path("supervision/summaries/", views.supervision_summaries, name="supervision_summaries"),
]
