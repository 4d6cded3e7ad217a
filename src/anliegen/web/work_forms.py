"""Forms of the work-item pages and the worklists' bulk actions, saved views and preferences
(FND-07, FND-08, issue 9). They only parse input; the rules live in the actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.org.models import User
from anliegen.web.forms import DateField, _choices, staff_choices

PRIORITY_CHOICES = [(str(p), str(p)) for p in range(1, 10)]


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please note what was done.")},
    )


class PostponeForm(forms.Form):
    on = DateField(label=_("New date"))
    note = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    allow_non_working_day = forms.BooleanField(
        label=_("Keep this date even though it is not a working day"), required=False
    )


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=PRIORITY_CHOICES,
        coerce=int,
        help_text=_("1 = most urgent, 9 = least urgent"),
    )


class AssigneeForm(forms.Form):
    assignee = forms.ChoiceField(label=_("New responsible person"))

    def __init__(self, *args: Any, members: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "assignee").choices = staff_choices(members, empty=_("Please choose"))


COMPLETE, POSTPONE, PRIORITY, REASSIGN = "complete", "postpone", "priority", "reassign"
BULK_LABELS = {
    COMPLETE: _("Complete"),
    POSTPONE: _("Postpone follow-ups"),
    PRIORITY: _("Change priority"),
    REASSIGN: _("Reassign"),
}


class BulkForm(forms.Form):
    """One bulk action on the selected items (or on every item of the filtered list)."""

    action = forms.ChoiceField(label=_("Action"))
    items = forms.TypedMultipleChoiceField(label=_("Items"), coerce=int, required=False)
    all_matching = forms.BooleanField(
        label=_("All items of this list (all pages, at most 500)"), required=False
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to complete: what was done."),
    )
    on = DateField(label=_("New date"), required=False, help_text=_("To postpone."))
    allow_non_working_day = forms.BooleanField(
        label=_("Keep the date even if it is not a working day"), required=False
    )
    priority = forms.TypedChoiceField(
        label=_("New priority"),
        choices=[("", "–"), *PRIORITY_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    assignee = forms.ChoiceField(label=_("New responsible person"), required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        item_ids: Iterable[int] = (),
        members: Iterable[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        actions = [COMPLETE, POSTPONE, PRIORITY] + ([REASSIGN] if members is not None else [])
        _choices(self, "action").choices = [("", _("Please choose"))] + [
            (a, BULK_LABELS[a]) for a in actions
        ]
        _choices(self, "items").choices = [(i, str(i)) for i in item_ids]
        if members is None:
            del self.fields["assignee"]
        else:
            _choices(self, "assignee").choices = staff_choices(members, empty=_("Please choose"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("items") and not data.get("all_matching"):
            self.add_error("items", _("Please select at least one item."))
        action = data.get("action")
        if action == POSTPONE and not data.get("on"):
            self.add_error("on", _("Please give the new date."))
        if action == PRIORITY and data.get("priority") is None:
            self.add_error("priority", _("Please choose the new priority."))
        if action == REASSIGN and not data.get("assignee"):
            self.add_error("assignee", _("Please choose the new responsible person."))
        return data


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of the view"), max_length=80)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)


class DigestForm(forms.Form):
    digest = forms.BooleanField(
        label=_("Send me the daily digest e-mail of items turning red"), required=False
    )
