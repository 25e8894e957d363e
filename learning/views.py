"""The staff area (/staff/, 我的廉政档案) and the supervisors' views. Thin: the work is in
services.py and selectors.py."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from core.months import InvalidMonth, add_months, month_label, month_of, parse_month
from learning import excel_export, selectors, services
from learning.assignments import UNKNOWN, assigned_courses
from learning.forms import PreferencesForm, QueryForm, SelfCheckForm, SummaryForm
from learning.models import (
    ALL_TASKS,
    READING_TASKS,
    TASK_SHORT,
    CheckinMonth,
    Notification,
    Task,
    WarningFact,
)
from organization import selectors as org
from organization.services import update_notification_preferences

READING_TEMPLATES = {
    Task.DUTIES: "learning/reading/duties.html",
    Task.RISKS: "learning/reading/risks.html",
    Task.PROCEDURES: "learning/reading/procedures.html",
    Task.REGULATIONS: "learning/reading/regulations.html",
}


def _base_context(request, section: str, profile=UNKNOWN) -> dict:
    user = request.user
    return {
        "section": section,
        "profile": org.profile_for(user) if profile is UNKNOWN else profile,
        "is_supervisor": selectors.supervisor_scope(user).allowed,
        "unread_count": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        "breadcrumbs": [{"label": _("My integrity file"), "url": reverse("learning:home")}]
        if section != "home"
        else [],
        "breadcrumb_current": "",
    }


def _render(request, template: str, section: str, context: dict, status: int = 200):
    full = _base_context(request, section, context.get("profile", UNKNOWN))
    full.update(context)
    if section == "home":
        full["breadcrumb_current"] = _("My integrity file")
    return render(request, template, full, status=status)


def _task_rows(checkin) -> list[dict]:
    records = selectors.task_records(checkin=checkin) if checkin else {}
    label = month_label(checkin.month.month) if checkin else ""
    rows = []
    for task in ALL_TASKS:
        record = records.get(task.value)
        if task in READING_TASKS:
            url = reverse("learning:read", args=[label, task.value]) if checkin else ""
        elif task == Task.SELFCHECK:
            url = reverse("learning:selfcheck", args=[label]) if checkin else ""
        else:
            url = reverse("learning:summary", args=[label]) if checkin else ""
        rows.append(
            {
                "task": task,
                "label": task.label,
                "record": record,
                "done": bool(record and record.completed_at),
                "late": bool(record and record.is_late),
                "url": url,
            }
        )
    return rows


# --------------------------------------------------------------------------- staff area


def _courses_context(request, month: dt.date, *, profile=UNKNOWN, checkin=None) -> dict:
    """The month's assigned courses for the staff area's card. The profile and the check-in,
    when the view has them, spare the selector two queries."""
    known = {}
    if profile is not UNKNOWN:
        known["department_id"] = profile.department_id if profile else None
    if checkin is not None and checkin.month.month == month:
        known["deadline"] = checkin.month.deadline
    courses = assigned_courses(user=request.user, month=month, request=request, **known)
    return {
        "courses": courses,
        "courses_month": month_label(month),
        "courses_this_month": month == month_of(timezone.localdate()),
        "courses_done": sum(1 for c in courses if c.completed),
    }


@login_required
def home(request):
    checkin = services.ensure_checkin(user=request.user)
    profile = org.profile_for(request.user)
    notifications = Notification.objects.filter(user=request.user)[:5]
    return _render(
        request,
        "learning/home.html",
        "home",
        {
            **_courses_context(
                request, month_of(timezone.localdate()), profile=profile, checkin=checkin
            ),
            "profile": profile,
            "checkin": checkin,
            "tasks": _task_rows(checkin),
            "posts": org.current_posts(request.user),
            "notifications": notifications,
            "facts": WarningFact.objects.filter(user=request.user).select_related("month")[:5],
        },
    )


@login_required
def profile(request):
    return _render(
        request,
        "learning/profile.html",
        "profile",
        {
            "departments": org.user_departments(request.user),
            "assignments": request.user.post_assignments.select_related(
                "post__department"
            ).order_by("-start_date"),
            "today": timezone.localdate(),
        },
    )


@login_required
def posts(request):
    return _render(
        request,
        "learning/posts.html",
        "posts",
        {"posts": org.posts_with_content(org.current_posts(request.user))},
    )


@login_required
def procedure(request, pk: int):
    item = org.procedure_with_steps(pk)
    if item is None:
        raise Http404
    return _render(request, "learning/procedure.html", "posts", {"procedure": item})


def _own_checkin(request, month: dt.date):
    """The logged-in user's own check-in for ``month``; 404 when there is none."""
    if month > month_of(timezone.localdate()):
        raise Http404
    checkin = services.ensure_checkin(user=request.user, month=month)
    if checkin is None:
        raise Http404
    return checkin


@login_required
def checkin_current(request):
    checkin = services.ensure_checkin(user=request.user)
    return _render(
        request,
        "learning/checkin.html",
        "checkin",
        {
            **_courses_context(request, month_of(timezone.localdate()), checkin=checkin),
            "checkin": checkin,
            "tasks": _task_rows(checkin),
            "today": timezone.localdate(),
        },
    )


@login_required
def checkin_month(request, month: dt.date):
    checkin = _own_checkin(request, month)
    return _render(
        request,
        "learning/checkin.html",
        "checkin",
        {
            **_courses_context(request, month, checkin=checkin),
            "checkin": checkin,
            "tasks": _task_rows(checkin),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def read_task(request, month: dt.date, task: str):
    if task not in READING_TASKS:
        raise Http404
    checkin = _own_checkin(request, month)
    back = reverse("learning:checkin_month", args=[month_label(month)])
    if request.method == "POST":
        try:
            record = services.confirm_reading(checkin=checkin, task=task)
        except services.CheckinError as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        if record.is_late:
            messages.warning(request, _("Confirmed. The deadline had passed: recorded as late."))
        else:
            messages.success(request, _("Confirmed as read."))
        return redirect(back)
    record = services.mark_shown(checkin=checkin, task=task)
    context = selectors.reading_content(checkin=checkin, task=task)
    context.update(
        {
            "checkin": checkin,
            "task": Task(task),
            "record": record,
            "content_template": READING_TEMPLATES[task],
            "back_url": back,
        }
    )
    return _render(request, "learning/read_task.html", "checkin", context)


@login_required
@require_http_methods(["GET", "POST"])
def selfcheck(request, month: dt.date):
    checkin = _own_checkin(request, month)
    back = reverse("learning:checkin_month", args=[month_label(month)])
    done = selectors.task_done(checkin=checkin, task=Task.SELFCHECK)
    items = selectors.questionnaire(checkin=checkin)
    form = SelfCheckForm(request.POST or None, items=items)
    errors: dict[str, str] = {}
    if request.method == "POST" and not done:
        if form.is_valid():
            try:
                services.submit_selfcheck(checkin=checkin, answers=form.answers())
            except services.SelfCheckInvalid as exc:
                errors = exc.errors
                messages.error(request, str(exc))
            except services.CheckinError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Self-check submitted."))
                return redirect(back)
        else:
            messages.error(request, _("Please correct the errors below."))
    elif request.method == "POST":
        messages.error(request, _("The self-check has already been submitted."))
        return redirect(request.path)
    return _render(
        request,
        "learning/selfcheck.html",
        "checkin",
        {
            "checkin": checkin,
            "form": form,
            "rows": [(item, a, e, errors.get(item.key)) for item, a, e in form.rows()],
            "done": done,
            "answers": checkin.selfcheck_answers.all() if done else [],
            "back_url": back,
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary(request, month: dt.date):
    checkin = _own_checkin(request, month)
    back = reverse("learning:checkin_month", args=[month_label(month)])
    existing = getattr(checkin, "summary", None) if hasattr(checkin, "summary") else None
    form = SummaryForm(request.POST or None, initial={"text": existing.text if existing else ""})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.save_summary(
                    checkin=checkin, text=form.cleaned_data["text"], submit=submit
                )
            except services.CheckinError as exc:
                form.add_error("text", str(exc))
                status = 400
            else:
                if submit:
                    messages.success(request, _("Summary submitted."))
                    return redirect(back)
                messages.success(request, _("Draft saved."))
                return redirect(request.path)
        else:
            status = 400
    checkin.refresh_from_db()
    existing = getattr(checkin, "summary", None) if hasattr(checkin, "summary") else None
    return _render(
        request,
        "learning/summary.html",
        "checkin",
        {
            "checkin": checkin,
            "form": form,
            "summary": existing,
            "min_length": services.summary_min_length(),
            "back_url": back,
        },
        status=status,
    )


def _early_warning_summary(user):
    """The early-warning app's view of this person (level, open measures), if that app is
    installed; None otherwise."""
    try:
        from early_warning.selectors import staff_summary
    except ImportError:
        return None
    return staff_summary(user)


@login_required
def warnings(request):
    return _render(
        request,
        "learning/warnings.html",
        "warnings",
        {
            "early_warning": _early_warning_summary(request.user),
            "facts": WarningFact.objects.filter(user=request.user)
            .select_related("month")
            .order_by("-month__month", "-occurred_at")[:100],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        services.mark_notifications_read(user=request.user)
        messages.success(request, _("All notifications marked as read."))
        return redirect(request.path)
    return _render(
        request,
        "learning/notifications.html",
        "notifications",
        {"notifications": Notification.objects.filter(user=request.user)[:100]},
    )


@login_required
def history(request):
    return _render(
        request,
        "learning/history.html",
        "history",
        {"checkins": selectors.history(user=request.user), "task_count": len(ALL_TASKS)},
    )


@login_required
def query(request):
    from organization.models import Procedure
    from regulations.models import RegulationPage

    form = QueryForm(request.GET or None)
    regulations, procedures, searched = [], [], False
    status = 200
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        searched = True
        regulations = list(
            RegulationPage.objects.live()
            .filter(Q(title__icontains=q) | Q(subtitle__icontains=q))
            .order_by("-is_current", "title")[:30]
        )
        procedures = list(
            Procedure.objects.filter(is_active=True)
            .filter(
                Q(title__icontains=q) | Q(description__icontains=q) | Q(steps__title__icontains=q)
            )
            .distinct()
            .select_related("department")[:30]
        )
    elif form.is_bound and not form.is_valid():
        status = 400
    return _render(
        request,
        "learning/query.html",
        "query",
        {"form": form, "regulations": regulations, "procedures": procedures, "searched": searched},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    profile = org.profile_for(request.user)
    prefs = PreferencesForm(instance=profile, prefix="prefs") if profile else None
    password = PasswordChangeForm(request.user, prefix="pw")
    status = 200
    if request.method == "POST":
        if "prefs-submit" in request.POST and profile:
            prefs = PreferencesForm(request.POST, instance=profile, prefix="prefs")
            if prefs.is_valid():
                update_notification_preferences(
                    profile=profile,
                    by_email=prefs.cleaned_data["notify_by_email"],
                    in_app=prefs.cleaned_data["notify_in_app"],
                )
                messages.success(request, _("Notification preferences saved."))
                return redirect(request.path)
            status = 400
        elif "pw-submit" in request.POST:
            password = PasswordChangeForm(request.user, request.POST, prefix="pw")
            if password.is_valid():
                password.save()
                update_session_auth_hash(request, password.user)
                messages.success(request, _("Your password has been changed."))
                return redirect(request.path)
            status = 400
    return _render(
        request,
        "learning/settings.html",
        "settings",
        {"prefs_form": prefs, "password_form": password},
        status=status,
    )


# --------------------------------------------------------------------------- supervisors


def supervisor_required(view):
    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        scope = selectors.supervisor_scope(request.user)
        if not scope.allowed:
            return _render(request, "learning/forbidden.html", "supervision", {}, status=403)
        return view(request, scope, *args, **kwargs)

    return wrapper


def _supervision_filters(request, scope):
    """Month, department, status and name filters from the query string. Returns
    (filters, error message or "")."""
    error = ""
    today_month = month_of(timezone.localdate())
    raw_month = request.GET.get("month", "")
    month = today_month
    if raw_month:
        try:
            month = parse_month(raw_month)
        except InvalidMonth as exc:
            error = str(exc)
    department_id = None
    raw_department = request.GET.get("department", "")
    if raw_department:
        if raw_department.isdigit() and len(raw_department) < 12:
            department_id = int(raw_department)
            if not scope.all_departments and department_id not in scope.department_ids:
                error = _("You cannot see that department.")
                department_id = None
        else:
            error = _("Unknown department.")
    status = request.GET.get("status", "all")
    if status not in selectors.STATUS_CHOICES:
        error = _("Unknown status filter.")
        status = "all"
    q = request.GET.get("q", "")[:50].strip()
    return {
        "month": month,
        "department_id": department_id,
        "status": status,
        "q": q,
    }, error


def _supervision_context(request, scope, section: str):
    filters, error = _supervision_filters(request, scope)
    checkin_month = CheckinMonth.objects.filter(month=filters["month"]).first()
    months = list(CheckinMonth.objects.order_by("-month").values_list("month", flat=True)[:24])
    return (
        filters,
        error,
        checkin_month,
        {
            "filters": filters,
            "filter_error": error,
            "checkin_month": checkin_month,
            "month_label": month_label(filters["month"]),
            "month_options": [month_label(m) for m in months],
            "departments": scope.departments(),
            "statuses": [
                ("all", pgettext("filter", "All")),
                ("complete", _("All six done")),
                ("incomplete", _("Tasks open")),
                ("late", _("Some done late")),
                ("courses_open", _("Assigned courses open")),
                ("courses_overdue", _("Required course overdue")),
            ],
            "sub": section,
            "prev_month": month_label(add_months(filters["month"], -1)),
            "next_month": month_label(add_months(filters["month"], 1)),
        },
    )


def _matrix_html(rows) -> str:
    """The matrix body rows as one HTML string: 500 people × 6 tasks rendered through the
    template engine cell by cell is too slow for the 150 ms budget."""
    cells = {
        "done": format_html(
            '<td class="cell cell--done"><span aria-label="{}">✔</span></td>', _("Done")
        ),
        "late": format_html(
            '<td class="cell cell--late"><span aria-label="{}">✔{}</span></td>',
            _("Done late"),
            _("late"),
        ),
        "open": format_html(
            '<td class="cell cell--open"><span aria-label="{}">—</span></td>', _("To do")
        ),
    }
    total = len(ALL_TASKS)
    overdue_flag = format_html(
        '<span class="courses__flag">{}</span>', pgettext("school", "overdue")
    )
    none_cell = format_html(
        '<td class="courses courses--none"><span aria-label="{}">—</span></td>',
        _("No courses assigned"),
    )
    parts = []
    for row in rows:
        parts.append(
            f'<tr><th scope="row">{escape(row.name)} <small>{escape(row.username)}</small></th>'
            f"<td>{escape(row.department)}</td>"
            + "".join(cells[state] for state in row.states)
            + f"<td>{row.completed}/{total}</td>"
            + (_courses_cell(row, overdue_flag) if row.courses_total else none_cell)
            + "</tr>"
        )
    return mark_safe("\n".join(parts))


def _courses_cell(row, overdue_flag) -> str:
    """The assigned-courses cell: completed / assigned, red with a flag when a required course
    is overdue; the courses still open in the tooltip."""
    if row.courses_overdue:
        state, flag = "overdue", overdue_flag
    elif row.courses_done >= row.courses_total:
        state, flag = "done", ""
    else:
        state, flag = "open", ""
    tooltip = (
        _("Not completed: %(titles)s") % {"titles": "、".join(row.courses_open)}
        if row.courses_open
        else _("All assigned courses completed")
    )
    return (
        f'<td class="courses courses--{state}" title="{escape(tooltip)}">'
        f"{row.courses_done}/{row.courses_total}{flag}</td>"
    )


@supervisor_required
def supervision(request, scope):
    filters, error, checkin_month, context = _supervision_context(request, scope, "matrix")
    rows, rates, trend = [], [], []
    if checkin_month is not None:
        rows = selectors.completion_matrix(
            month=checkin_month,
            scope=scope,
            department_id=filters["department_id"],
            status=filters["status"],
            query=filters["q"],
            courses=True,
        )
        rates = selectors.department_rates(month=checkin_month, scope=scope)
    trend = selectors.trend(scope=scope)
    context.update(
        {
            "rows": rows,
            "rows_html": _matrix_html(rows),
            "rates": rates,
            "trend": [dict(t, label=month_label(t["month"])) for t in trend],
            "tasks": [(t.value, TASK_SHORT[t]) for t in ALL_TASKS],
            "task_count": len(ALL_TASKS),
        }
    )
    return _render(
        request,
        "learning/supervision/matrix.html",
        "supervision",
        context,
        status=400 if error else 200,
    )


@supervisor_required
def supervision_export(request, scope):
    filters, error, checkin_month, _context = _supervision_context(request, scope, "matrix")
    if error or checkin_month is None:
        raise Http404
    rows = selectors.completion_matrix(
        month=checkin_month,
        scope=scope,
        department_id=filters["department_id"],
        status=filters["status"],
        query=filters["q"],
        courses=True,
    )
    content = excel_export.matrix_workbook(month=checkin_month, rows=rows)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="checkin-{month_label(checkin_month.month)}.xlsx"'
    )
    return response


@supervisor_required
def supervision_overdue(request, scope):
    filters, error, checkin_month, context = _supervision_context(request, scope, "overdue")
    rows = []
    if checkin_month is not None:
        rows = list(
            selectors.completion_matrix(
                month=checkin_month,
                scope=scope,
                department_id=filters["department_id"],
                status="incomplete",
                query=filters["q"],
            )
        )
    context.update(
        {
            "rows": rows,
            "past_deadline": bool(checkin_month and checkin_month.deadline < timezone.localdate()),
            "tasks": [(t.value, TASK_SHORT[t]) for t in ALL_TASKS],
        }
    )
    return _render(
        request,
        "learning/supervision/overdue.html",
        "supervision",
        context,
        status=400 if error else 200,
    )


@supervisor_required
def supervision_selfchecks(request, scope):
    filters, error, checkin_month, context = _supervision_context(request, scope, "selfchecks")
    answers = []
    if checkin_month is not None:
        answers = selectors.admissions(month=checkin_month, scope=scope)
        if filters["department_id"]:
            answers = answers.filter(checkin__department_id=filters["department_id"])
        answers = list(answers[:500])
    context["answers"] = answers
    return _render(
        request,
        "learning/supervision/selfchecks.html",
        "supervision",
        context,
        status=400 if error else 200,
    )


@supervisor_required
def supervision_summaries(request, scope):
    filters, error, checkin_month, context = _supervision_context(request, scope, "summaries")
    summaries = []
    if checkin_month is not None:
        summaries = selectors.submitted_summaries(month=checkin_month, scope=scope)
        if filters["department_id"]:
            summaries = summaries.filter(checkin__department_id=filters["department_id"])
        summaries = list(summaries[:200])
    context["summaries"] = summaries
    return _render(
        request,
        "learning/supervision/summaries.html",
        "supervision",
        context,
        status=400 if error else 200,
    )
