"""Forms of the staff web UI. They only parse input; the rules live in the actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anliegen import fristen
from anliegen.core.errors import InvalidInput
from anliegen.customers.models import CareGroup, Customer, HistoryEntry, Profile, Status
from anliegen.org.models import User
from anliegen.work import kinds as work_kinds
from anliegen.work.calculator import parse_closing_days
from anliegen.work.models import Light

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STATE_CHOICES: list[tuple[str, str]] = sorted(fristen.STATE_NAMES.items(), key=lambda item: item[1])

LIGHT_LABELS = {
    Light.GREEN: pgettext_lazy("traffic light", "green"),
    Light.AMBER: pgettext_lazy("traffic light", "amber"),
    Light.RED: pgettext_lazy("traffic light", "red"),
}


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO date (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def DateField(**kwargs: Any) -> forms.DateField:
    return forms.DateField(widget=DateInput(), input_formats=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)


def staff_choices(staff: Iterable[User], *, empty: StrOrPromise) -> list[tuple[str, StrOrPromise]]:
    return [("", empty)] + [(str(user.pk), _person(user)) for user in staff]


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    """A choice field of ``form`` whose choices are set at run time."""
    return cast(forms.ChoiceField, form.fields[name])


def _person(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


# --- Worklists ---------------------------------------------------------------------------------


class WorklistFilterForm(forms.Form):
    """Filters of a worklist; every field is optional."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Title or customer number")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    light = forms.ChoiceField(label=_("Traffic light"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("urgent", _("Most urgent first (overdue, amber, green)")),
            ("priority", _("Priority, then due date")),
            ("-priority", _("Priority, least urgent first")),
            ("due", _("Due date")),
            ("-due", _("Due date, latest first")),
            ("received", _("Received, newest first")),
            ("-received", _("Received, oldest first")),
            ("title", _("Title A–Z")),
            ("-title", _("Title Z–A")),
            ("kind", _("Kind A–Z")),
            ("-kind", _("Kind Z–A")),
            ("assignee", _("Responsible A–Z")),
            ("-assignee", _("Responsible Z–A")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind").choices = [("", _("All kinds")), *work_kinds.choices()]
        _choices(self, "light").choices = [("", _("All")), *LIGHT_LABELS.items()]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for the worklist queries (invalid filters are dropped)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "kinds": [data["kind"]] if data.get("kind") else None,
            "lights": [data["light"]] if data.get("light") else None,
            "search": (data.get("q") or "").strip() or None,
            "sort": data.get("sort") or "urgent",
        }


UNASSIGNED = "none"


class TeamFilterForm(WorklistFilterForm):
    member = forms.ChoiceField(label=_("Responsible"), required=False)

    field_order = ["member", "q", "kind", "light", "sort"]

    def __init__(self, *args: Any, members: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "member").choices = [
            ("", _("Everyone")),
            (UNASSIGNED, _("Not assigned")),
            *staff_choices(members, empty="")[1:],
        ]

    def filters(self) -> dict[str, Any]:
        result = super().filters()
        member = self.cleaned_data.get("member", "") if self.is_valid() else ""
        result["unassigned"] = member == UNASSIGNED
        result["assignee_id"] = int(member) if member and member != UNASSIGNED else None
        return result


class ReassignForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label=_("Items"),
        coerce=int,
        error_messages={"required": _("Please select at least one item.")},
    )
    assignee = forms.ChoiceField(label=_("New responsible person"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, item_ids: Iterable[int] = (), members: Iterable[User] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "items").choices = [(i, str(i)) for i in item_ids]
        _choices(self, "assignee").choices = staff_choices(members, empty=_("Please choose"))


# --- Customers ---------------------------------------------------------------------------------


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of note"),
        choices=[
            (HistoryEntry.Kind.NOTE, pgettext_lazy("history", "Note")),
            (HistoryEntry.Kind.CONSULTATION, _("Consultation note")),
        ],
        initial=HistoryEntry.Kind.NOTE,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    contact_date = DateField(
        label=_("Date of contact"),
        required=False,
        help_text=_("Optional; for a consultation today by default."),
    )
    corrects = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FollowUpForm(forms.Form):
    on = DateField(label=_("Follow-up on"))
    note = forms.CharField(
        label=_("Note"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    allow_non_working_day = forms.BooleanField(
        label=_("Keep this date even though it is not a working day"), required=False
    )


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or customer number"), required=False, max_length=100)


class CustomerForm(forms.Form):
    """Master data (FND-04). The customer number is fixed once the customer exists."""

    kind = forms.ChoiceField(
        label=_("Kind of customer"),
        choices=Customer.Kind.choices,
        initial=Customer.Kind.PERSON,
        widget=forms.RadioSelect,
    )
    customer_number = forms.CharField(label=_("Customer number"), max_length=20)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    company_name = forms.CharField(
        label=_("Company name"), max_length=200, required=False, help_text=_("Employers only.")
    )
    birth_date = DateField(
        label=_("Date of birth"), required=False, help_text=_("Jobseekers only.")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    profile = forms.ChoiceField(label=_("Profile"), required=False)
    care_group = forms.ChoiceField(label=_("Care group"), required=False)
    in_retraining = forms.BooleanField(label=_("In retraining (Umschüler)"), required=False)
    measure_until = DateField(label=_("In a measure until"), required=False)
    parental_leave_until = DateField(label=_("Parental leave until"), required=False)
    contact_person = forms.ChoiceField(label=_("Contact person"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)

    def __init__(
        self, *args: Any, staff: Iterable[User] = (), editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        empty = [("", _("no entry"))]  # not "not set": a status of that name exists
        _choices(self, "status").choices = empty + list(Status.choices)
        _choices(self, "profile").choices = empty + list(Profile.choices)
        _choices(self, "care_group").choices = empty + list(CareGroup.choices)
        _choices(self, "contact_person").choices = [("", _("none"))] + [
            (user.username, _person(user)) for user in staff
        ]
        if editing:
            del self.fields["customer_number"]


# --- Deadline calculator -----------------------------------------------------------------------


class CalculatorForm(forms.Form):
    received = DateField(
        label=_("Day of receipt"), help_text=_("The day of receipt is not counted.")
    )
    unit = forms.ChoiceField(
        label=_("Count in"),
        choices=[
            ("working_days", _("working days")),
            ("calendar_days", _("calendar days")),
            ("months", pgettext_lazy("deadline unit", "months")),
        ],
        initial="working_days",
        widget=forms.RadioSelect,
    )
    n = forms.IntegerField(
        label=_("Number"),
        min_value=0,
        max_value=fristen.MAX_DAYS,
        help_text=_(
            "At least 1: the deadline starts on the day after receipt. E.g. objection period "
            "1 month (§ 84 SGG), counted as in § 188 BGB."
        ),
    )
    state = forms.ChoiceField(
        label=_("Federal state"),
        choices=STATE_CHOICES,
    )
    closing_days = forms.CharField(
        label=_("Closing days"),
        required=False,
        max_length=500,
        help_text=_(
            "Every year as DD.MM. or single dates as DD.MM.YYYY, separated by commas, "
            "e.g. 24.12., 31.12.2026"
        ),
    )

    def clean_closing_days(self) -> str:
        """The closing days in the notation of the rules (``12-24``, ``2026-12-31``)."""
        text: str = self.cleaned_data.get("closing_days", "")
        try:
            return ", ".join(parse_closing_days(text))
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None


# --- Absences and deputies ---------------------------------------------------------------------


class AbsenceForm(forms.Form):
    person = forms.ChoiceField(label=_("Who is absent"))
    start = DateField(label=_("From"))
    end = DateField(label=_("Until (inclusive)"))
    deputy = forms.ChoiceField(
        label=_("Deputy"),
        required=False,
        help_text=_("Empty: the standing deputy (for team leads: the deputy team lead)."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(
        self, *args: Any, people: Iterable[User] = (), staff: Iterable[User] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "person").choices = [(str(u.pk), _person(u)) for u in people]
        _choices(self, "deputy").choices = staff_choices(staff, empty=_("standing deputy"))


class StandingDeputyForm(forms.Form):
    deputy = forms.ChoiceField(label=_("My standing deputy"), required=False)

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "deputy").choices = staff_choices(staff, empty=_("none"))
