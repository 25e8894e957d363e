"""The inspectors' and department heads' warning pages and the staff member's own page.
Thin: reads in selectors.py, writes in services.py."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.months import InvalidMonth, month_label, parse_month
from early_warning import excel, forms, selectors, services
from early_warning.models import LADDER, Measure, MeasureKind, MeasureStatus
from organization.models import Department

User = get_user_model()
MAX_ID = 2**31 - 1


def _forbidden(request, message: str | None = None):
    return render(
        request,
        "early_warning/forbidden.html",
        {"message": message or _("Only inspectors and department heads can see this page.")},
        status=403,
    )


def supervisor_required(view):
    """Inspectors and department heads; ``request.access`` is set for the view."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.access = selectors.access_for(request.user)
        if not request.access.supervises:
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


def inspector_required(view):
    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.access = selectors.access_for(request.user)
        if not request.access.inspector:
            return _forbidden(request, _("Only inspectors can do this."))
        return view(request, *args, **kwargs)

    return wrapper


def _month_param(request, name: str = "month"):
    raw = request.GET.get(name)
    if not raw:
        return selectors.current_month()
    try:
        return parse_month(raw)
    except InvalidMonth as exc:
        messages.warning(request, str(exc))
        return selectors.current_month()


def _int_param(request, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default
    return max(low, min(value, high))


def _check_id(pk: int) -> None:
    if pk > MAX_ID:
        raise Http404


# =========================================================================== dashboard


@supervisor_required
def dashboard(request):
    end = _month_param(request, "end")
    months = _int_param(request, "months", 12, 1, 36)
    board = selectors.dashboard(request.access, end=end, months=months)
    return render(
        request,
        "early_warning/dashboard.html",
        {
            "board": board,
            "end": end,
            "end_label": month_label(end),
            "months": months,
            "chart": board.chart_data(),
            "access": request.access,
            "section": "dashboard",
        },
    )


@supervisor_required
def dashboard_export(request):
    end = _month_param(request, "end")
    months = _int_param(request, "months", 12, 1, 36)
    board = selectors.dashboard(request.access, end=end, months=months)
    response = HttpResponse(
        excel.dashboard_workbook(board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="warnings-{month_label(end)}.xlsx"'
    return response


@inspector_required
@require_POST
def evaluate(request):
    try:
        month = parse_month(request.POST.get("month", ""))
    except InvalidMonth as exc:
        messages.error(request, str(exc))
        return redirect("early_warning:dashboard")
    result = services.evaluate_month(month=month)
    messages.success(
        request,
        _("Levels of %(month)s evaluated: %(changed)s changed, %(reminders)s reminders sent.")
        % {
            "month": month_label(month),
            "changed": result.created + result.updated + result.deleted,
            "reminders": result.reminders,
        },
    )
    return redirect(reverse("early_warning:dashboard") + f"?end={month_label(month)}")


@supervisor_required
def department(request, pk: int):
    _check_id(pk)
    dept = get_object_or_404(Department, pk=pk)
    if not request.access.sees_department(dept.pk):
        return _forbidden(request, _("You can only see your own department."))
    month = _month_param(request)
    return render(
        request,
        "early_warning/department.html",
        {
            "department": dept,
            "month": month,
            "month_label": month_label(month),
            "detail": selectors.department_detail(dept, month=month),
            "access": request.access,
        },
    )


@login_required
def person(request, pk: int):
    _check_id(pk)
    subject = get_object_or_404(User, pk=pk)
    access = selectors.access_for(request.user)
    if not selectors.can_view_person(access, subject.pk):
        return _forbidden(request, _("You can only see your own warning level."))
    month = _month_param(request)
    return render(
        request,
        "early_warning/person.html",
        {
            "subject": subject,
            "subject_name": selectors.display_name(subject),
            "month": month,
            "month_label": month_label(month),
            "detail": selectors.person_detail(subject, month=month),
            "access": access,
        },
    )


# =========================================================================== measures


@login_required
def measure_list(request):
    access = selectors.access_for(request.user)
    measures = selectors.visible_measures(access)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    if status == "open":
        measures = measures.open()
    elif status == "overdue":
        measures = measures.overdue()
    elif status in MeasureStatus.values:
        measures = measures.filter(status=status)
    if kind in MeasureKind.values:
        measures = measures.filter(kind=kind)
    page = _int_param(request, "page", 1, 1, 10_000)
    per_page = 50
    rows = list(
        measures.order_by("-created_at", "-pk")[(page - 1) * per_page : page * per_page + 1]
    )
    return render(
        request,
        "early_warning/measure_list.html",
        {
            "measures": rows[:per_page],
            "has_next": len(rows) > per_page,
            "page": page,
            "status": status,
            "kind": kind,
            "kinds": MeasureKind.choices,
            "statuses": [
                ("open", _("Open or submitted")),
                ("overdue", _("Overdue")),
                *MeasureStatus.choices,
            ],
            "access": access,
            "section": "measures",
        },
    )


@inspector_required
@require_http_methods(["GET", "POST"])
def measure_create(request):
    user_id = request.GET.get("user") or request.POST.get("user")
    department_id = request.GET.get("department") or request.POST.get("department")
    subject = subject_department = None
    try:
        if user_id:
            subject = User.objects.filter(pk=int(user_id)).first()
        elif department_id:
            subject_department = Department.objects.filter(pk=int(department_id)).first()
    except (TypeError, ValueError, OverflowError):
        pass
    if subject is None and subject_department is None:
        raise Http404
    initial = {"kind": request.GET.get("kind", MeasureKind.TALK)}
    if request.GET.get("month"):
        initial["month"] = request.GET["month"][:7]
    form = forms.MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = services.create_measure(
                kind=data["kind"],
                actor=request.user,
                user=subject,
                department=subject_department,
                month=data["month"],
                reason=data["reason"],
                scheduled_at=data["scheduled_at"],
                location=data["location"],
                deadline=data["deadline"],
            )
        except services.WarningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The measure was opened and its subject notified."))
            return redirect(measure)
    return render(
        request,
        "early_warning/measure_form.html",
        {
            "form": form,
            "subject": subject,
            "subject_name": selectors.display_name(subject) if subject else "",
            "subject_department": subject_department,
            "access": request.access,
            "section": "measures",
        },
    )


ACTIONS = {
    "reschedule": (forms.RescheduleForm, "inspector"),
    "record_talk": (forms.TalkRecordForm, "inspector"),
    "submit_report": (forms.ReportForm, "subject"),
    "verify": (forms.VerifyForm, "inspector"),
    "decide": (forms.DecisionForm, "inspector"),
    "cancel": (forms.CancelForm, "inspector"),
    "escalate": (None, "inspector"),
}


def _apply(action: str, measure: Measure, user, data: dict):
    if action == "reschedule":
        return services.reschedule_talk(measure=measure, actor=user, **data)
    if action == "record_talk":
        return services.record_talk(measure=measure, actor=user, **data)
    if action == "submit_report":
        return services.submit_rectification_report(measure=measure, user=user, text=data["text"])
    if action == "verify":
        return services.verify_rectification(measure=measure, actor=user, **data)
    if action == "decide":
        return services.record_decision(measure=measure, actor=user, **data)
    if action == "cancel":
        return services.cancel_measure(measure=measure, actor=user, **data)
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def measure_detail(request, pk: int):
    _check_id(pk)
    measure = get_object_or_404(
        Measure.objects.select_related("user", "department", "created_by", "closed_by"), pk=pk
    )
    access = selectors.access_for(request.user)
    if not selectors.can_view_measure(access, measure):
        return _forbidden(request, _("You can only see your own measures."))
    is_subject = selectors.can_report_on(request.user, measure)
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        form_class, who = ACTIONS[action]
        allowed = access.inspector if who == "inspector" else is_subject
        if not allowed:
            return _forbidden(request, _("You cannot do this."))
        if action == "escalate":
            if measure.kind == MeasureKind.ACCOUNTABILITY:
                messages.error(request, _("Accountability is the last step of the ladder."))
                return redirect(measure)
            next_kind = LADDER[LADDER.index(MeasureKind(measure.kind)) + 1]
            url = reverse("early_warning:measure_create")
            subject = (
                f"user={measure.user_id}"
                if measure.user_id
                else f"department={measure.department_id}"
            )
            return redirect(f"{url}?{subject}&kind={next_kind}&month={month_label(measure.month)}")
        form = form_class(request.POST)
        if form.is_valid():
            try:
                _apply(action, measure, request.user, form.cleaned_data)
            except services.WarningError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect(measure)
        bound[action] = form
    context = {
        "measure": measure,
        "events": list(measure.events.select_related("actor")),
        "access": access,
        "is_subject": is_subject,
        "subject_name": selectors.display_name(measure.user) if measure.user_id else "",
        "now": timezone.now(),
        "section": "measures",
    }
    if access.inspector and measure.is_open:
        if measure.kind == MeasureKind.TALK:
            context["reschedule_form"] = bound.get("reschedule") or forms.RescheduleForm(
                initial={"scheduled_at": measure.scheduled_at, "location": measure.location}
            )
            context["talk_form"] = bound.get("record_talk") or forms.TalkRecordForm(
                initial={"held_at": measure.scheduled_at}
            )
        if measure.kind == MeasureKind.RECTIFICATION and measure.status == MeasureStatus.SUBMITTED:
            context["verify_form"] = bound.get("verify") or forms.VerifyForm()
        if measure.kind == MeasureKind.ACCOUNTABILITY:
            context["decision_form"] = bound.get("decide") or forms.DecisionForm()
        context["cancel_form"] = bound.get("cancel") or forms.CancelForm()
    if (
        is_subject
        and measure.kind == MeasureKind.RECTIFICATION
        and measure.status == MeasureStatus.OPEN
    ):
        context["report_form"] = bound.get("submit_report") or forms.ReportForm(
            initial={"text": measure.report_text}
        )
    context["can_escalate"] = access.inspector and measure.kind != MeasureKind.ACCOUNTABILITY
    status = 400 if bound else 200
    return render(request, "early_warning/measure_detail.html", context, status=status)


# =========================================================================== signals


@inspector_required
@require_http_methods(["GET", "POST"])
def signal_create(request):
    form = forms.SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = data["username"]
        services.record_signal(
            source="inspector",
            kind=data["kind"],
            user_id=user.pk if user else None,
            department_id=data["department"].pk if data["department"] else None,
            month=data["month"],
            severity=data["severity"],
            summary=data["summary"],
            evidence_url=data["evidence_url"],
            created_by=request.user,
        )
        messages.success(request, _("The signal was recorded and the level updated."))
        if user:
            return redirect("early_warning:person", pk=user.pk)
        return redirect("early_warning:department", pk=data["department"].pk)
    return render(
        request,
        "early_warning/signal_form.html",
        {"form": form, "access": request.access, "section": "signal"},
    )


# =========================================================================== staff


@login_required
def my_warnings(request):
    summary = selectors.staff_summary(request.user)
    return render(
        request,
        "early_warning/my_warnings.html",
        {
            "warning_summary": summary,
            "measures": list(request.user.warning_measures.select_related("department")[:100]),
            "access": selectors.access_for(request.user),
            "section": "mine",
        },
    )


@login_required
@require_POST
def notices_read(request):
    services.mark_notices_read(user=request.user)
    messages.success(request, _("All notices marked as read."))
    return redirect("early_warning:mine")


# =========================================================================== bulletins


@inspector_required
@require_POST
def bulletin_draft(request):
    try:
        month = parse_month(request.POST.get("month", ""))
        page = services.draft_bulletin(month=month, actor=request.user)
    except (InvalidMonth, services.WarningError) as exc:
        messages.error(request, str(exc))
        return redirect("early_warning:dashboard")
    messages.success(request, _("A draft bulletin was made: edit and publish it."))
    return redirect("wagtailadmin_pages:edit", page.pk)
