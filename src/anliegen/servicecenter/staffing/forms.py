"""The staffing page's form (SOC-09): centre, day, source of the forecast, model and targets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.servicecenter.forms import choice_field

SOURCE_CHOICES = [
    ("history", _("calls recorded on this weekday in the past weeks")),
    ("csv", _("upload a forecast (CSV)")),
]
MODEL_CHOICES = [
    ("erlang_c", _("Erlang C (callers wait)")),
    ("erlang_a", _("Erlang A (callers hang up after their patience)")),
]


class StaffingForm(forms.Form):
    """The staffing page (SOC-09): percentages for people, shares for the calculation."""

    centre = forms.TypedChoiceField(label=_("Service centre"), coerce=int)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(
        label=_("Forecast"), choices=SOURCE_CHOICES, widget=forms.RadioSelect, initial="history"
    )
    weeks = forms.IntegerField(label=_("Weeks back"), min_value=1, max_value=26, initial=4)
    file = forms.FileField(label=_("Forecast file (CSV)"), required=False)
    #: The uploaded forecast, kept in the page so that export and recomputing need no upload.
    csv_text = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1_000_000)
    aht_seconds = forms.FloatField(
        label=_("Handling time in seconds (rows without their own)"),
        min_value=1,
        max_value=7200,
        initial=180,
    )
    model = forms.ChoiceField(
        label=_("Model"), choices=MODEL_CHOICES, widget=forms.RadioSelect, initial="erlang_c"
    )
    service_level = forms.FloatField(label=_("Service level in %"), min_value=1, max_value=99.9)
    target_seconds = forms.FloatField(
        label=_("answered within seconds"), min_value=0, max_value=600
    )
    shrinkage = forms.FloatField(
        label=_("Shrinkage in %"),
        min_value=0,
        max_value=90,
        help_text=_("Share of rostered time off the phone: breaks, meetings, coaching."),
    )
    max_occupancy = forms.FloatField(label=_("Occupancy cap in %"), min_value=1, max_value=100)
    patience_seconds = forms.FloatField(
        label=_("Mean patience in seconds (Erlang A)"), min_value=1, max_value=3600
    )
    what_if = forms.TimeField(
        label=_("Interval of the queue move"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M"),
        help_text=_("Empty: the interval with the most Alg calls."),
    )

    def __init__(self, *args: Any, centres: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "centre").choices = centres
