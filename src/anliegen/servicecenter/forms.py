"""Forms of the service-centre pages. They only parse; the actions validate (German messages)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.servicecenter.models import Dialled, Escalation, Queue


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


RESOLVED_CHOICES = [("yes", _("Yes, resolved in the first contact")), ("no", _("No"))]


class CallForm(forms.Form):
    call_id = forms.CharField(label=_("Call id"), max_length=100)
    customer_number = forms.CharField(label=_("Customer number"), max_length=20, required=False)
    started = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    topic = forms.ChoiceField(label=_("Topic"))
    resolved = forms.ChoiceField(
        label=_("Resolved in the first contact?"),
        choices=RESOLVED_CHOICES,
        widget=forms.RadioSelect,
    )
    escalation = forms.ChoiceField(
        label=_("Path taken"),
        choices=Escalation.choices,
        widget=forms.RadioSelect,
        initial=Escalation.NONE,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a warm transfer (e.g. urgency)."),
    )
    order_team = forms.ChoiceField(label=_("OS team (processing order)"), required=False)
    order_concern = forms.CharField(
        label=_("Concern for the processing order"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: object,
        topics: dict[str, str],
        teams: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choice_field(self, "topic").choices = list(topics.items())
        _choice_field(self, "order_team").choices = [("", "—"), *[(str(i), n) for i, n in teams]]


class SimulateForm(forms.Form):
    dialled = forms.ChoiceField(label=_("Dialled"), choices=Dialled.choices)
    topic = forms.ChoiceField(label=_("Topic in the voice menu"))
    customer_number = forms.CharField(label=_("Customer number"), max_length=20, required=False)

    def __init__(self, *args: object, topics: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choice_field(self, "topic").choices = list(topics.items())


class MoveForm(forms.Form):
    agent = forms.CharField(widget=forms.HiddenInput)
    queue = forms.ChoiceField(label=_("Queue"), choices=Queue.choices)
    start = forms.TimeField(label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("until"), widget=forms.TimeInput(attrs={"type": "time"}))


class CompleteForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args: object, members: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choice_field(self, "assignee").choices = members


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
        _choice_field(self, "centre").choices = centres
