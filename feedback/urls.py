from django.urls import path

from feedback.views import desk, public, ratings

app_name = "feedback"

urlpatterns = [
    path("", public.index, name="index"),
    path("report/", public.report_create, name="report"),
    path("captcha/<str:challenge_id>.png", public.captcha_image, name="captcha"),
    path("receipt/", public.receipt_lookup, name="receipt_lookup"),
    path("receipt/status/", public.receipt_status, name="receipt_status"),
    path("receipt/leave/", public.receipt_leave, name="receipt_leave"),
    path("ratings/", ratings.rate, name="rate"),
    path("ratings/results/", ratings.results, name="rating_results"),
    path("desk/", desk.inbox, name="desk_inbox"),
    path("desk/statistics/", desk.statistics, name="desk_statistics"),
    path("desk/audit-log/", desk.audit_log, name="desk_audit_log"),
    path("desk/<id:pk>/", desk.detail, name="desk_detail"),
    path("desk/<id:pk>/assign/", desk.assign, name="desk_assign"),
    path("desk/<id:pk>/status/", desk.change_status, name="desk_status"),
    path("desk/<id:pk>/message/<str:kind>/", desk.add_message, name="desk_message"),
    path(
        "desk/<id:pk>/attachments/<id:attachment_pk>/",
        desk.download,
        name="desk_download",
    ),
]
