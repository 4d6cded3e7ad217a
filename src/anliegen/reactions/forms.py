"""Forms of the customer reaction pages (KRM). They only parse input; the rules live in the
actions (:mod:`anliegen.reactions.actions`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.org.models import Team, User
from anliegen.reactions.models import (
    AcknowledgementChannel,
    AnswerForm,
    Channel,
    Concern,
    Outcome,
    ReactionKind,
    RequestReason,
    Topic,
)
from anliegen.web.forms import DateField
from anliegen.web.public_forms import HoneypotField

#: What everybody but management and its office may record; management decides the rest (KRM-02).
STAFF_KINDS = (
    ReactionKind.UNCLASSIFIED,
    ReactionKind.COMPLAINT,
    ReactionKind.CRITICISM,
    ReactionKind.PRAISE,
    ReactionKind.SUGGESTION,
)
PUBLIC_KIND_CHOICES = [
    (ReactionKind.COMPLAINT, _("Complaint")),
    (ReactionKind.CRITICISM, _("Criticism")),
    (ReactionKind.PRAISE, _("Praise")),
    (ReactionKind.SUGGESTION, _("Suggestion")),
]
MAX_CONCERNS = 3


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _person(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the actions check their content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.tif,.tiff"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _text(label: Any, *, rows: int = 5, max_length: int = 20000, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


# --- Intake (KRM-01, KRM-02a) -------------------------------------------------------------------


class ReactionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    kind = forms.ChoiceField(label=_("Kind"), widget=forms.RadioSelect)
    received_date = DateField(label=_("Date of receipt"))
    received_time = forms.TimeField(
        label=_("Time of receipt"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Optional; without a time, now."),
    )
    teams = forms.TypedMultipleChoiceField(
        label=_("Teams concerned"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_team = forms.TypedChoiceField(
        label=_("Lead team (federführend)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only needed when several teams are concerned; otherwise the first."),
    )
    employees = forms.MultipleChoiceField(
        label=_("Employees concerned"),
        required=False,
        help_text=_("They are informed that a reaction about their work was received."),
    )
    customer_number = forms.CharField(
        label=_("Customer number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for an anonymous or third-party sender."),
    )
    sender_name = forms.CharField(
        label=_("Sender (if not a customer)"), max_length=200, required=False
    )
    sender_address = _text(_("Sender's address"), rows=3, max_length=1000, required=False)
    text = _text(_("Text of the reaction"), rows=8)
    concern_1 = forms.TypedChoiceField(label=_("Topic of concern 1"), coerce=int, required=False)
    concern_2 = forms.TypedChoiceField(label=_("Topic of concern 2"), coerce=int, required=False)
    concern_3 = forms.TypedChoiceField(label=_("Topic of concern 3"), coerce=int, required=False)
    attachments = MultipleFileField(
        label=_("Attachments (scans)"),
        required=False,
        help_text=_("PDF, PNG, JPEG or TIFF; at most 5 files of 10 MB each."),
    )

    def __init__(
        self,
        *args: Any,
        teams: Iterable[Team] = (),
        topics: Iterable[Topic] = (),
        staff: Iterable[User] = (),
        all_kinds: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kinds = (
            ReactionKind.choices
            if all_kinds
            else [(k.value, k.label) for k in ReactionKind if k in STAFF_KINDS]
        )
        _choices(self, "kind").choices = kinds
        team_choices = [(t.id, t.name) for t in teams]
        _choices(self, "teams").choices = team_choices
        _choices(self, "lead_team").choices = [("", _("The first team chosen")), *team_choices]
        _choices(self, "employees").choices = [(u.username, _person(u)) for u in staff]
        topic_choices = [("", _("no topic")), *((t.id, t.name) for t in topics)]
        for i in range(1, MAX_CONCERNS + 1):
            _choices(self, f"concern_{i}").choices = topic_choices

    def concerns(self) -> list[int]:
        values = [self.cleaned_data.get(f"concern_{i}") for i in range(1, MAX_CONCERNS + 1)]
        return list(dict.fromkeys(v for v in values if v))

    def team_ids(self) -> list[int]:
        teams: list[int] = list(self.cleaned_data.get("teams") or [])
        lead = self.cleaned_data.get("lead_team")
        if lead:
            teams = [lead, *[t for t in teams if t != lead]]
        return teams


# --- List ----------------------------------------------------------------------------------------

SORTS = {
    "received": _("Received, newest first"),
    "received_asc": _("Received, oldest first"),
    "due": _("Due date"),
}


class ReactionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("closed", _("Completed")), ("all", _("All"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Reference number or customer name"),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args: Any, teams: Iterable[Team] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind").choices = [("", _("All kinds")), *ReactionKind.choices]
        _choices(self, "channel").choices = [("", _("All channels")), *Channel.choices]
        _choices(self, "team").choices = [("", _("All teams")), *((t.id, t.name) for t in teams)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "open",
            "kind": data.get("kind") or None,
            "channel": data.get("channel") or None,
            "team": data.get("team"),
            "search": (data.get("q") or "").strip() or None,
            "sort": data.get("sort") or "received",
        }


# --- Detail page ---------------------------------------------------------------------------------


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in ReactionKind.choices if c[0] != ReactionKind.UNCLASSIFIED],
        widget=forms.RadioSelect,
    )


class TeamsForm(forms.Form):
    lead_team = forms.TypedChoiceField(label=_("Lead team (federführend)"), coerce=int)
    teams = forms.TypedMultipleChoiceField(
        label=_("Other teams involved"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, teams: Iterable[Team] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(t.id, t.name) for t in teams]
        _choices(self, "lead_team").choices = choices
        _choices(self, "teams").choices = choices


class AcknowledgementForm(forms.Form):
    sent_on = DateField(label=_("Sent on"))
    channel = forms.ChoiceField(
        label=_("Sent by"), choices=AcknowledgementChannel.choices, widget=forms.RadioSelect
    )


class AcknowledgementSentForm(forms.Form):
    """The letters block's form: the acknowledgement went out (KRM-05)."""

    channel = forms.ChoiceField(label=_("Sent by"), choices=AcknowledgementChannel.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Overall outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    summary = _text(_("Summary of the outcome"), rows=5)
    confirm_unsent_reply = forms.BooleanField(
        label=_("Close although the approved reply has not been sent"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        concerns: Sequence[Concern] = (),
        unsent_reply: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not unsent_reply:
            del self.fields["confirm_unsent_reply"]
        self.concern_ids = []
        for concern in concerns:
            name = f"concern_{concern.id}"
            self.fields[name] = forms.ChoiceField(
                label=_("Outcome for “%(topic)s”") % {"topic": concern.topic.name},
                choices=[("", _("as overall")), *Outcome.choices],
                required=False,
            )
            self.concern_ids.append(concern.id)

    def concern_outcomes(self) -> dict[int, str]:
        return {
            cid: self.cleaned_data[f"concern_{cid}"]
            for cid in self.concern_ids
            if self.cleaned_data.get(f"concern_{cid}")
        }


class PetitionCloseForm(forms.Form):
    summary = _text(_("How the petition was dealt with"), rows=5)


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, PNG, JPEG or TIFF; at most 5 files per reaction."),
    )


class ManagementRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=RequestReason.choices, widget=forms.RadioSelect
    )
    text = _text(_("Explanation"), rows=4)


class DecisionForm(forms.Form):
    answer_form = forms.ChoiceField(
        label=_("Form of the answer"), choices=AnswerForm.choices, widget=forms.RadioSelect
    )
    note = _text(_("Note"), rows=3, required=False)


class ForwardForm(forms.Form):
    manager = forms.ChoiceField(label=_("Responsible manager"))
    text = _text(_("Instruction (Verfügung)"), rows=4, help_text=_("What is to be done?"))
    due_date = DateField(label=_("Deadline"), help_text=_("A working day in the future."))

    def __init__(self, *args: Any, managers: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "manager").choices = [("", "")] + [
            (u.username, _person(u)) for u in managers
        ]


# --- Public form ----------------------------------------------------------------------------------


class PublicReactionForm(forms.Form):
    sender_name = forms.CharField(label=_("Your name"), max_length=200)
    sender_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_(
            "Optional. If you give it, you receive a confirmation with the reference number."
        ),
    )
    sender_address = _text(_("Your postal address"), rows=3, max_length=1000, required=False)
    customer_number = forms.CharField(
        label=_("Your customer number"),
        max_length=20,
        required=False,
        help_text=_("Optional; as on our letters."),
    )
    kind = forms.ChoiceField(
        label=_("Your message is a"), choices=PUBLIC_KIND_CHOICES, widget=forms.RadioSelect
    )
    text = _text(_("Your message"), rows=8, max_length=5000, help_text=_("Plain text, no HTML."))
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: one PDF, PNG, JPEG or TIFF file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.tif,.tiff"}),
    )
    # Spam protection: a field people do not see (bots fill it) and a signed render time.
    website = HoneypotField()
    token = forms.CharField(widget=forms.HiddenInput, required=False)
