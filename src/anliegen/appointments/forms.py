"""Forms of the appointment pages. They only parse input; the rules live in the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.web.forms import DateField

from .models import WEEKDAYS


class TimeInput(forms.TimeInput):
    """The browser's time picker (HH:MM)."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def TimeField(**kwargs: Any) -> forms.TimeField:
    return forms.TimeField(widget=TimeInput(), input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


class BookingTargetForm(forms.Form):
    """Step 1 (GET): whom to book, with which case worker."""

    kunde = forms.CharField(label=_("Customer number"), max_length=40, required=False)
    case_worker = forms.CharField(label=_("Case worker"), required=False, widget=forms.Select())


class BookingForm(forms.Form):
    """Step 2 (POST): one of the free slots, or another time (also outside the opening hours,
    QS-02), and a note."""

    slot = forms.CharField(
        label=_("Free slot"),
        required=False,
        widget=forms.Select(),
        help_text=_("The free slots of the next ten working days."),
    )
    day = DateField(label=_("Other date"), required=False)
    time = TimeField(label=_("Other time"), required=False)
    outside_opening_hours = forms.BooleanField(
        label=_("Book outside the opening hours"),
        required=False,
        help_text=_("Only for another time, e.g. for working customers (QS-02)."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OpeningIntervalForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    opens = TimeField(label=_("Opens at"))
    closes = TimeField(label=_("Closes at"))
