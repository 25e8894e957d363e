"""Public and desk forms. Public forms carry a CAPTCHA and a honeypot."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import roles
from feedback import captcha, conf, receipts
from feedback.attachments import validate_upload
from feedback.models import (
    DIMENSIONS,
    MESSAGE_MAX_LENGTH,
    Category,
    Outcome,
    Report,
    Status,
)

PROTECTION_FIELDS = ("captcha_id", "captcha_answer", "website")
HONEYPOT_NAME = "website"
FREE_TEXT_MAX = 5000


class CaptchaHoneypotMixin:
    """Adds a single-use arithmetic CAPTCHA and a honeypot field; needs ``self.request``."""

    request = None

    def add_protection_fields(self):
        self.fields["captcha_id"] = forms.CharField(widget=forms.HiddenInput, max_length=40)
        self.fields["captcha_answer"] = forms.CharField(
            label=_("Answer to the arithmetic question in the picture"),
            max_length=6,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "class": "captcha-input"}
            ),
        )
        self.fields[HONEYPOT_NAME] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def refresh_captcha(self):
        """A fresh challenge for the next rendering (the previous one was used up)."""
        if self.request is None:
            return
        challenge = captcha.new_challenge(self.request)
        self.captcha_url = reverse("feedback:captcha", args=[challenge])
        if self.is_bound:
            data = self.data.copy()
            data["captcha_id"] = challenge
            data["captcha_answer"] = ""
            self.data = data
        self.initial["captcha_id"] = challenge
        self.fields["captcha_id"].initial = challenge

    def clean_protection(self, cleaned_data):
        if cleaned_data.get(HONEYPOT_NAME):
            raise ValidationError(_("Your submission could not be accepted."), code="honeypot")
        ok = self.request is not None and captcha.check(
            self.request,
            str(self.data.get("captcha_id", "")),
            str(self.data.get("captcha_answer", "")),
        )
        if not ok:
            self.add_error("captcha_answer", _("The answer is wrong. Please try the new question."))

    def clean(self):
        cleaned_data = super().clean()
        self.clean_protection(cleaned_data)
        return cleaned_data

    def builder_fields(self):
        """The form's own fields, without the protection fields (rendered separately)."""
        return [self[name] for name in self.fields if name not in PROTECTION_FIELDS]


def protect_form_class(base):
    """Wrap a Wagtail form-builder form class with the CAPTCHA, honeypot and length limits."""

    class ProtectedForm(CaptchaHoneypotMixin, base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                if isinstance(field, forms.CharField) and not field.max_length:
                    field.max_length = FREE_TEXT_MAX
                    field.validators.append(MaxLengthValidator(FREE_TEXT_MAX))
                    field.widget.attrs["maxlength"] = str(FREE_TEXT_MAX)
            self.add_protection_fields()

    ProtectedForm.__name__ = f"Protected{base.__name__}"
    return ProtectedForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        limit = conf.get("FEEDBACK_MAX_FILES_PER_UPLOAD")
        if len(files) > limit:
            raise ValidationError(
                _("At most %(n)s files at a time.") % {"n": limit}, code="too_many"
            )
        checked, errors = [], []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                checked.append((upload, validate_upload(upload)))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return checked


ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt"


def attachments_help() -> str:
    return _(
        "PDF, JPG, PNG, DOCX, XLSX or TXT; up to %(file)s MB per file, %(report)s MB per report, "
        "%(n)s files at a time."
    ) % {
        "file": conf.get("FEEDBACK_MAX_FILE_SIZE") // (1024 * 1024),
        "report": conf.get("FEEDBACK_MAX_REPORT_SIZE") // (1024 * 1024),
        "n": conf.get("FEEDBACK_MAX_FILES_PER_UPLOAD"),
    }


def _department_queryset():
    from organization import selectors

    return selectors.department_choices()


class ReportForm(CaptchaHoneypotMixin, forms.ModelForm):
    attachments = MultipleFileField(label=_("Evidence (optional)"))
    wants_contact = forms.BooleanField(
        label=_("I want to give my name and contact details (real-name report)"), required=False
    )

    class Meta:
        model = Report
        fields = [
            "category",
            "department",
            "accused_name",
            "accused_position",
            "description",
            "occurred_when",
            "occurred_where",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "description": _("Facts, what was done, who was involved, any amounts."),
            "occurred_when": _("e.g. March 2026"),
        }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["department"].queryset = _department_queryset()
        self.fields["department"].empty_label = _("Not sure / other")
        self.fields["category"].choices = [("", "---------"), *Category.choices]
        self.fields["attachments"].help_text = attachments_help()
        self.add_protection_fields()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("wants_contact"):
            if not cleaned_data.get("contact_name"):
                self.add_error("contact_name", _("Give your name for a real-name report."))
            if not (cleaned_data.get("contact_phone") or cleaned_data.get("contact_email")):
                self.add_error("contact_phone", _("Give a phone number or an email address."))
        else:
            for name in ("contact_name", "contact_phone", "contact_email"):
                cleaned_data[name] = ""
        files = cleaned_data.get("attachments") or []
        total = sum(meta["size"] for _upload, meta in files)
        if total > conf.get("FEEDBACK_MAX_REPORT_SIZE"):
            self.add_error(
                "attachments",
                _("The files together exceed %(n)s MB.")
                % {"n": conf.get("FEEDBACK_MAX_REPORT_SIZE") // (1024 * 1024)},
            )
        return cleaned_data


class ReceiptLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=64,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self):
        normalised = receipts.normalise(self.cleaned_data["code"])
        if normalised is None:
            raise ValidationError(_("No report matches this receipt code."), code="invalid")
        return normalised


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("Additional information"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("More evidence (optional)"))

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["attachments"].help_text = attachments_help()

    def clean(self):
        cleaned_data = super().clean()
        files = cleaned_data.get("attachments") or []
        if not cleaned_data.get("body", "").strip() and not files and not self.errors:
            raise ValidationError(_("Write something or attach a file."), code="empty")
        if self.report is not None and files:
            total = self.report.total_attachment_bytes + sum(m["size"] for _u, m in files)
            if total > conf.get("FEEDBACK_MAX_REPORT_SIZE"):
                self.add_error(
                    "attachments",
                    _("The files of this report together would exceed %(n)s MB.")
                    % {"n": conf.get("FEEDBACK_MAX_REPORT_SIZE") // (1024 * 1024)},
                )
        return cleaned_data


SCORE_CHOICES = [(i, str(i)) for i in range(5, 0, -1)]


class RatingForm(CaptchaHoneypotMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    attitude = forms.TypedChoiceField(
        label=_("Service attitude"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    efficiency = forms.TypedChoiceField(
        label=_("Efficiency"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    integrity = forms.TypedChoiceField(
        label=_("Integrity"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    transparency = forms.TypedChoiceField(
        label=_("Transparency"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["department"].queryset = _department_queryset()
        self.add_protection_fields()

    def scores(self) -> dict[str, int]:
        return {d: self.cleaned_data[d] for d in DIMENSIONS}


# ---------------------------------------------------------------- desk forms


def inspectors_queryset():
    return (
        get_user_model()
        .objects.filter(groups__name=roles.INSPECTORS, is_active=True)
        .order_by("username")
        .distinct()
    )


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = inspectors_queryset()
        self.fields["handler"].empty_label = _("Nobody")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    outcome = forms.ChoiceField(
        label=_("Outcome (when concluding)"),
        choices=[("", "---------"), *Outcome.choices],
        required=False,
    )
    comment = forms.CharField(
        label=pgettext_lazy("feedback", "Comment"), max_length=500, required=False
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["status"].choices = [
            (value, Status(value).label) for value in report.allowed_transitions()
        ]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Status.CONCLUDED and not cleaned_data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome when concluding a report."))
        return cleaned_data


class MessageForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("feedback", "Text"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or words"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", pgettext_lazy("filter", "All")), *Status.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", pgettext_lazy("filter", "All")), *Category.choices],
        required=False,
    )
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    handler = forms.ChoiceField(label=_("Handler"), choices=(), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = forms.DateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _department_queryset()
        self.fields["department"].empty_label = pgettext_lazy("filter", "All")
        self.fields["handler"].choices = [
            ("", pgettext_lazy("filter", "All")),
            ("me", _("Assigned to me")),
            ("none", _("Unassigned")),
            *[(str(u.pk), u.get_full_name() or u.username) for u in inspectors_queryset()],
        ]
