from django import forms
from django.utils.translation import gettext_lazy as _

from learning.models import Answer
from learning.services import SUMMARY_MAX_LENGTH
from organization.models import StaffProfile


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Monthly work summary"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
    )


class SelfCheckForm(forms.Form):
    """One radio group and one explanation per questionnaire item."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"{item.key}-answer"] = forms.ChoiceField(
                label=item.prompt,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{item.key}-explanation"] = forms.CharField(
                label=_("Explanation"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=1000,
            )

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            item.key: (
                data.get(f"{item.key}-answer") or "",
                data.get(f"{item.key}-explanation") or "",
            )
            for item in self.items
        }

    def rows(self):
        for item in self.items:
            yield item, self[f"{item.key}-answer"], self[f"{item.key}-explanation"]


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["notify_by_email", "notify_in_app"]


class QueryForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), max_length=100, required=False)
