"""Forms of the special inbox's order page (SOC-06): assign, complete."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.servicecenter.forms import choice_field


class CompleteForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args: object, members: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choice_field(self, "assignee").choices = members
