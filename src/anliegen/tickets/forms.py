"""Forms of the ticket pages (TKT). They only parse input; the rules live in the actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.core.uploads import MultipleFileField
from anliegen.org.models import User
from anliegen.tickets.models import SpotCheck, TicketArea, TicketKind
from anliegen.web.forms import LIGHT_LABELS, DateField, staff_choices

MAX_TEXT = 10000

#: The kinds an SC agent chooses from; walk-ins have their own short form (TKT-07).
INTAKE_KINDS = [
    (TicketKind.CONCERN, TicketKind.CONCERN.label),
    (TicketKind.CALLBACK, TicketKind.CALLBACK.label),
    (TicketKind.APPOINTMENT, TicketKind.APPOINTMENT.label),
]
AREA_CHOICES = [
    (TicketArea.BENEFITS, _("Benefits (Leistung)")),
    (TicketArea.INTEGRATION, _("Integration")),
]
UNASSIGNED = "none"


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _text(label: Any, *, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


# --- Intake ------------------------------------------------------------------------------------


class TicketForm(forms.Form):
    """A ticket of the service centre (TKT-01, TKT-06)."""

    area = forms.ChoiceField(
        label=_("Area"),
        choices=AREA_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("Benefits: 5 working days, first priority. Integration: 2 working days."),
    )
    customer_number = forms.CharField(
        label=_("Customer number"), max_length=20, help_text=_("As in the customer record.")
    )
    kind = forms.ChoiceField(
        label=_("Kind of ticket"),
        choices=INTAKE_KINDS,
        initial=TicketKind.CONCERN,
        widget=forms.RadioSelect,
    )
    concern = _text(
        _("The customer's concern"), rows=6, help_text=_("What does the customer want?")
    )


class SendTicketForm(TicketForm):
    """A ticket an agent of a service-centre region sends to a served organisation (TKT-01)."""

    organisation = forms.ChoiceField(
        label=_("Job centre or agency"),
        required=False,
        help_text=_(
            "The organisations your region serves. Leave it at “by customer number” to send the "
            "ticket to the organisation that has a customer with this number."
        ),
    )
    field_order = ["organisation", "customer_number", "area", "kind", "concern"]

    def __init__(self, *args: Any, organisations: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "organisation").choices = [
            ("", _("by customer number")),
            *[(o.slug, o.name) for o in organisations],
        ]


class WalkInForm(forms.Form):
    """The short form for a customer visiting benefits or intake advice (TKT-07)."""

    area = TicketForm.base_fields["area"]
    customer_number = TicketForm.base_fields["customer_number"]
    concern = _text(_("The customer's concern"), rows=5, help_text=_("Why did the customer come?"))


# --- Lists -------------------------------------------------------------------------------------


class TicketFilterForm(forms.Form):
    """Filters of the ticket list; every field is optional."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("open")), ("completed", _("completed")), ("all", _("all"))],
    )
    q = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=100,
        help_text=_("Customer number or last name"),
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    kind = forms.ChoiceField(label=_("Kind of ticket"), required=False)
    light = forms.ChoiceField(label=_("Traffic light"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "area").choices = [("", _("All areas")), *AREA_CHOICES]
        _choices(self, "kind").choices = [("", _("All kinds")), *TicketKind.choices]
        _choices(self, "light").choices = [("", _("All")), *LIGHT_LABELS.items()]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for :func:`anliegen.tickets.queries.filter_tickets`."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "open",
            "area": data.get("area") or None,
            "kind": data.get("kind") or None,
            "light": data.get("light") or None,
            "search": (data.get("q") or "").strip() or None,
        }


class ControllingFilterForm(forms.Form):
    """Filters of the team's open tickets on the controlling page (TKT-09)."""

    member = forms.ChoiceField(label=_("Responsible"), required=False)
    light = forms.ChoiceField(label=_("Traffic light"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, members: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "member").choices = [
            ("", _("Everyone")),
            (UNASSIGNED, _("Not assigned")),
            *staff_choices(members, empty="")[1:],
        ]
        _choices(self, "light").choices = [("", _("All")), *LIGHT_LABELS.items()]
        _choices(self, "area").choices = [("", _("All areas")), *AREA_CHOICES]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        member = data.get("member") or ""
        return {
            "status": "open",
            "light": data.get("light") or None,
            "area": data.get("area") or None,
            "unassigned": member == UNASSIGNED,
            "assignee_id": int(member) if member and member != UNASSIGNED else None,
        }


# --- Working on a ticket -----------------------------------------------------------------------


class CommitmentForm(forms.Form):
    """A dated commitment to the customer (TKT-04)."""

    promised_date = DateField(
        label=_("Done by (promised date)"),
        help_text=_("This date becomes the new deadline of the ticket."),
    )
    note = _text(
        _("What was promised"),
        rows=3,
        help_text=_("Concretely: what will be done by when. The note goes into the history."),
    )
    confirm_non_working_day = forms.BooleanField(
        label=_("Promise this day all the same, although it is not a working day"),
        required=False,
    )


class CompleteForm(forms.Form):
    """Done means done: the concern was handled in substance (TKT-03)."""

    resolution = _text(
        _("Resolution"),
        rows=4,
        help_text=_("How was the concern resolved? The team lead is informed."),
    )


class NoteForm(forms.Form):
    """An internal note: for the staff handling the ticket, not in the customer's history."""

    text = _text(
        _("Internal note"),
        rows=3,
        help_text=_("Only for staff who see the ticket; not in the customer's history."),
    )


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, PNG, JPEG or TIFF, at most 10 MB each, at most 10 per ticket."),
    )


class CallbackForm(forms.Form):
    note = _text(_("Result of the callback"), rows=3)


class AppointmentForm(forms.Form):
    """The exact appointment the customer was told (TKT-06)."""

    date = DateField(label=_("Appointment date"))
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "size": 5}),
        input_formats=["%H:%M", "%H.%M"],
        help_text=_("HH:MM, e.g. 10:30"),
    )
    place = forms.CharField(
        label=_("Place or phone"),
        max_length=200,
        help_text=_("Room and address, or “by phone” with the number."),
    )


class ReassignTicketForm(forms.Form):
    """The team lead gives one ticket to another member of the team (TKT-05)."""

    assignee = forms.ChoiceField(label=_("New responsible person"))

    def __init__(self, *args: Any, members: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "assignee").choices = staff_choices(members, empty=_("Please choose"))


class ReassignTicketsForm(ReassignTicketForm):
    """The team lead gives several tickets to another member of the team (TKT-05)."""

    tickets = forms.TypedMultipleChoiceField(
        label=_("Tickets"),
        coerce=int,
        error_messages={"required": _("Please select at least one ticket.")},
    )

    def __init__(
        self,
        *args: Any,
        ticket_ids: Iterable[int] = (),
        members: Iterable[User] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, members=members, **kwargs)
        _choices(self, "tickets").choices = [(i, str(i)) for i in ticket_ids]


# --- Team controlling --------------------------------------------------------------------------


class TalkForm(forms.Form):
    """The TL records the talk about repeated overruns (TKT-11)."""

    note = _text(
        _("Result of the talk"),
        rows=3,
        help_text=_("Problems found and the help agreed."),
    )


class SpotCheckForm(forms.Form):
    """The TL records the result of a spot check (TKT-12)."""

    result = forms.ChoiceField(
        label=_("Result"),
        choices=[(SpotCheck.Result.OK, _("ok")), (SpotCheck.Result.NOT_OK, _("not ok"))],
        widget=forms.RadioSelect,
    )
    note = _text(_("Note"), rows=2, required=False, help_text=_("Required when not in order."))
