"""Forms of the service-centre pages. They only parse; the actions validate (German messages)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.servicecenter.models import Dialled, Escalation, Queue


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
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
        choice_field(self, "topic").choices = list(topics.items())
        choice_field(self, "order_team").choices = [("", "—"), *[(str(i), n) for i, n in teams]]


class SimulateForm(forms.Form):
    dialled = forms.ChoiceField(label=_("Dialled"), choices=Dialled.choices)
    topic = forms.ChoiceField(label=_("Topic in the voice menu"))
    customer_number = forms.CharField(label=_("Customer number"), max_length=20, required=False)

    def __init__(self, *args: object, topics: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choice_field(self, "topic").choices = list(topics.items())


class MoveForm(forms.Form):
    agent = forms.CharField(widget=forms.HiddenInput)
    queue = forms.ChoiceField(label=_("Queue"), choices=Queue.choices)
    start = forms.TimeField(label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("until"), widget=forms.TimeInput(attrs={"type": "time"}))
