"""Forms of the contact pages (KON-01, KON-04). They only parse input; the rules (caps, German
messages) live in :mod:`anliegen.contacts.actions`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.org.models import Team, User
from anliegen.web.forms import staff_choices

from .models import IntervalUnit


class ContactFilterForm(forms.Form):
    """The lead's chooser: one team or one case worker (both optional)."""

    team = forms.ChoiceField(label=_("Team"), required=False)
    case_worker = forms.ChoiceField(label=_("Case worker"), required=False)

    def __init__(
        self, *args: Any, teams: Iterable[Team] = (), staff: Iterable[User] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("All my teams")),
            *((str(team.pk), team.name) for team in teams),
        ]
        cast(forms.ChoiceField, self.fields["case_worker"]).choices = staff_choices(
            staff, empty=_("All case workers")
        )

    def selected(self) -> tuple[int | None, int | None]:
        """The chosen team id and case-worker id (invalid choices are dropped)."""
        data = self.cleaned_data if self.is_valid() else {}
        team = data.get("team") or ""
        worker = data.get("case_worker") or ""
        return (int(team) if team else None, int(worker) if worker else None)


class IntervalForm(forms.Form):
    """The individual contact interval: a unit and a count, or no unit to clear it."""

    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("", _("No individual interval (rule applies)")), *IntervalUnit.choices],
    )
    count = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("For example 6 weeks or 3 months."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit") and data.get("count") is None and "count" not in self.errors:
            self.add_error("count", _("Please enter the number of weeks or months."))
        return data

    def interval(self) -> tuple[str | None, int | None]:
        """``(unit, count)`` for the action; ``(None, None)`` clears the interval."""
        unit = self.cleaned_data.get("unit") or None
        if unit is None:
            return None, None
        return unit, self.cleaned_data.get("count")
