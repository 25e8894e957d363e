from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.months import InvalidMonth, parse_month
from early_warning.models import Kind, MeasureKind, Severity
from organization import selectors as org

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class MonthField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "2026-03"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except InvalidMonth as exc:
            raise forms.ValidationError(str(exc)) from exc


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("measure"), choices=MeasureKind.choices)
    month = MonthField(label=_("month"), required=False, help_text=_("YYYY-MM; empty: this month."))
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    scheduled_at = forms.DateTimeField(
        label=_("talk scheduled for"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
    )
    location = forms.CharField(label=_("place"), required=False, max_length=100)
    deadline = forms.DateField(label=_("deadline"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("kind") == MeasureKind.TALK and not data.get("scheduled_at"):
            self.add_error("scheduled_at", _("Schedule the talk: enter its date and time."))
        if data.get("kind") == MeasureKind.RECTIFICATION and not data.get("deadline"):
            self.add_error("deadline", _("A rectification order needs a deadline."))
        return data


class TalkRecordForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("talk held on"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    attendees = forms.CharField(
        label=_("attendees"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("One name per line."),
    )
    record = forms.CharField(
        label=_("record"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class RescheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("talk scheduled for"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    location = forms.CharField(label=_("place"), required=False, max_length=100)


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("rectification report"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )


class VerifyForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("result"),
        choices=[("1", _("Accept and close")), ("0", _("Return for more work"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label=_("decision"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class CancelForm(forms.Form):
    note = forms.CharField(label=_("reason for cancelling"), max_length=500)


INSPECTOR_KINDS = [
    (Kind.AUDIT_FINDING, Kind.AUDIT_FINDING.label),
    (Kind.LATE_PERSONAL_REPORT, Kind.LATE_PERSONAL_REPORT.label),
    (Kind.OTHER, Kind.OTHER.label),
]


class SignalForm(forms.Form):
    """An inspector enters a signal (an audit finding, a late personal-matters report ...)."""

    username = forms.CharField(
        label=_("staff member (user name)"),
        required=False,
        max_length=150,
        help_text=_("Leave empty for a signal about the department itself."),
    )
    department = forms.ModelChoiceField(
        label=_("department"), queryset=org.department_choices(), required=False
    )
    kind = forms.ChoiceField(label=_("kind"), choices=INSPECTOR_KINDS)
    severity = forms.TypedChoiceField(
        label=_("severity"), choices=Severity.choices, coerce=int, initial=Severity.MEDIUM
    )
    month = MonthField(label=_("month"), required=False, help_text=_("YYYY-MM; empty: this month."))
    summary = forms.CharField(label=_("what happened"), max_length=255)
    evidence_url = forms.CharField(
        label=_("evidence link"),
        required=False,
        max_length=500,
        help_text=_("An address on this site (starting with /) or http(s)://."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with this user name."))
        return user

    def clean_evidence_url(self):
        url = self.cleaned_data["evidence_url"].strip()
        if url and not url.startswith(("/", "http://", "https://")):
            raise forms.ValidationError(_("Enter an address starting with /, http:// or https://."))
        return url

    def clean(self):
        data = super().clean()
        if not data.get("username") and not data.get("department") and not self.errors:
            raise forms.ValidationError(_("Choose a staff member or a department."))
        return data
