"""Forms of the callback pages (SOC-05). They only parse; the callback actions validate (German
messages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.core import clock
from anliegen.servicecenter.callbacks.models import AttemptResult, Purpose
from anliegen.web.forms import DateField
from anliegen.web.public_forms import HoneypotField

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def parse_start(value: str) -> dt.datetime | None:
    """An ISO start time from a link or a radio button, aware (Berlin if it has no zone)."""
    try:
        moment = dt.datetime.fromisoformat((value or "").strip().replace(" ", "+"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.BERLIN)


class StartField(forms.CharField):
    def to_python(self, value: Any) -> dt.datetime | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        moment = parse_start(text)
        if moment is None:
            raise forms.ValidationError(_("Choose one of the free times."))
        return moment


class BookForm(forms.Form):
    """The confirmation of a booking on the call screen or in the OS calendar."""

    customer = forms.CharField(max_length=20, widget=forms.HiddenInput)
    team = forms.IntegerField(widget=forms.HiddenInput)
    purpose = forms.CharField(max_length=30, widget=forms.HiddenInput)
    start = StartField(widget=forms.HiddenInput, error_messages={"required": _("Choose a time.")})
    origin = forms.ChoiceField(
        choices=[("call", "call"), ("calendar", "calendar")], widget=forms.HiddenInput
    )
    call_ref = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    phone = forms.CharField(label=_("Phone number for the callback"), max_length=40)
    email = forms.EmailField(
        label=_("E-mail address for the confirmation"), required=False, max_length=200
    )
    note = forms.CharField(
        label=_("Note for the operative service"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttemptForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result of this attempt"), choices=AttemptResult.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RescheduleForm(forms.Form):
    start = StartField(label=_("New time"), error_messages={"required": _("Choose a new time.")})


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name of the place"), max_length=100)
    person = forms.ChoiceField(label=_("Person behind the place"), required=False)
    valid_from = DateField(label=_("Valid from"))
    valid_until = DateField(label=_("Valid until"), required=False)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("nobody (a place without a fixed person)")), *people]


class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    start = forms.TimeField(label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("until"), widget=forms.TimeInput(attrs={"type": "time"}))


class ExceptionForm(forms.Form):
    day = DateField(label=_("Day"))
    closed = forms.BooleanField(label=_("Closed all day"), required=False)
    start = forms.TimeField(
        label=_("from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("closed") and not (data.get("start") and data.get("end")):
            raise forms.ValidationError(
                _("Tick “closed all day” or enter the times from and until.")
            )
        if data.get("closed"):
            data["start"] = data["end"] = None
        return data


class PortalForm(forms.Form):
    """Step 1 of the portal: who is calling, how to reach them, what about."""

    name = forms.CharField(
        label=_("Your first and last name"), max_length=200, help_text=_("As on our letters.")
    )
    customer_number = forms.CharField(
        label=_("Your customer number"),
        max_length=20,
        required=False,
        help_text=_("As on our letters. If you do not have it at hand, give your date of birth."),
    )
    birth_date = DateField(label=_("Your date of birth"), required=False)
    phone = forms.CharField(label=_("Your phone number"), max_length=40)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        max_length=200,
        help_text=_("Optional. If you give it, you receive the appointment by e-mail."),
    )
    purpose = forms.ChoiceField(
        label=_("What is it about?"), choices=Purpose.choices, widget=forms.RadioSelect
    )
    website = HoneypotField()
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("customer_number") and not data.get("birth_date"):
            message = _("Give your customer number or your date of birth.")
            self.add_error("customer_number", message)
        return data


class PortalTimeForm(forms.Form):
    """Step 2 of the portal: one of the free times."""

    ticket = forms.CharField(widget=forms.HiddenInput)
    start = StartField(
        label=_("Your appointment"), error_messages={"required": _("Choose a time.")}
    )
