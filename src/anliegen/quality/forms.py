"""Forms of the quality pages; validation with German messages lives in the actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.org.models import Site

from .models import RULE_CHOICES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeviationForm(forms.Form):
    site = forms.ChoiceField(label=_("Site"))
    rule = forms.ChoiceField(label=_("Rule"), choices=RULE_CHOICES)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a deviation without end."),
    )

    def __init__(self, *args: Any, sites: list[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["site"]).choices = [
            (str(site.pk), site.name) for site in sites
        ]


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=[("customers", _("customers")), ("employees", _("employees"))],
    )
    site = forms.ChoiceField(label=_("Site"), required=False)
    channel = forms.CharField(
        label=_("Channel"), max_length=60, required=False, help_text=_("e.g. reception, phone")
    )
    service = forms.CharField(
        label=_("Service"), max_length=60, required=False, help_text=_("e.g. benefits, placement")
    )
    questions = forms.CharField(
        label=_("Questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line; answers on a scale of 1 (poor) to 5 (very good)."),
    )
    tokens = forms.IntegerField(
        label=_("Number of access codes"), min_value=0, max_value=20000, initial=50
    )

    def __init__(self, *args: Any, sites: list[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["site"]).choices = [
            ("", _("All sites")),
            *((str(site.pk), site.name) for site in sites),
        ]


SCALE_CHOICES = [
    ("1", _("1 – poor")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 – very good")),
]


class AnswerForm(forms.Form):
    """One radio group per question (``q1``, ``q2``, …)."""

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, text in enumerate(questions, 1):
            self.fields[f"q{n}"] = forms.ChoiceField(
                label=text, choices=SCALE_CHOICES, widget=forms.RadioSelect, required=False
            )

    def answers(self) -> list[object]:
        values: list[object] = []
        for name in self.fields:
            raw = self.cleaned_data.get(name) or ""
            values.append(int(raw) if raw.isdigit() else 0)
        return values


class UrgentVisitForm(forms.Form):
    concern = forms.CharField(label=_("Concern"), max_length=300, required=False)
    customer_number = forms.CharField(label=_("Customer number"), max_length=20, required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("My team")),
            *((str(pk), name) for pk, name in teams),
        ]


class HourBookingForm(forms.Form):
    week = forms.DateField(label=_("Week (any day of it)"), widget=DateInput(), required=True)
    employer_hours = forms.CharField(label=_("Hours of employer service"), max_length=6)
    other_hours = forms.CharField(label=_("Hours of other work"), max_length=6)
