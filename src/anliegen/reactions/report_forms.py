"""Filter forms of the KRM register and reports (KRM-09, KRM-10).

The forms only render the fields: the values are checked by
:func:`anliegen.reactions.reports.parse_register_filter` / ``parse_period``, which the API uses
too, and their German errors are put next to the fields with ``apply_errors``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.core import clock
from anliegen.org.scope import Scope
from anliegen.reactions.models import Channel, Outcome, ReactionKind, Topic
from anliegen.reactions.reports import Quarter
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS, sees_confidential

QUARTER_CHOICES = 12


def _date_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _select(label: Any, choices: list[tuple[str, Any]]) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Select(choices=[("", _("all")), *choices]),
    )


def quarter_choices() -> list[tuple[str, Any]]:
    quarter = Quarter.of(clock.today())
    choices = []
    for _i in range(QUARTER_CHOICES):
        choices.append((quarter.key, quarter.label))
        quarter = quarter.previous()
    return choices


class PeriodForm(forms.Form):
    """From–to of the reports."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date_field(_("Received from"))
        self.fields["to"] = _date_field(_("Received until"))


class RegisterFilterForm(forms.Form):
    """Period, quarter, kind, channel, team, topic, outcome and state of the register."""

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hidden = () if sees_confidential(scope) else CONFIDENTIAL_REACTION_KINDS
        teams = scope.visible_teams().order_by("name")
        topics = Topic.objects.filter(organisation=scope.organisation).order_by("name")
        self.fields["from"] = _date_field(_("Received from"))
        self.fields["to"] = _date_field(_("Received until"))
        self.fields["quarter"] = _select(_("Quarter"), quarter_choices())
        self.fields["kind"] = _select(
            _("Kind"), [(k, v) for k, v in ReactionKind.choices if k not in hidden]
        )
        self.fields["channel"] = _select(_("Channel"), list(Channel.choices))
        self.fields["team"] = _select(_("Lead team"), [(str(t.id), t.name) for t in teams])
        self.fields["topic"] = _select(_("Topic"), [(str(t.id), t.name) for t in topics])
        self.fields["outcome"] = _select(
            _("Outcome"), [*Outcome.choices, ("none", _("no outcome yet"))]
        )
        self.fields["state"] = _select(
            _("State"),
            [
                ("open", _("open")),
                ("closed", _("completed")),
                ("awaiting", _("awaiting the register entry")),
            ],
        )
