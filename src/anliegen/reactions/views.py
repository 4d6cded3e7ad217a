"""``reaktionen/``: customer reactions in the staff UI — intake (KRM-01/02a), list and detail
with everything done on a reaction (KRM-02 … KRM-09), attachments.

Views parse input, call :mod:`anliegen.reactions.actions` / :mod:`anliegen.reactions.queries`
and render; scope and domain errors are handled by :func:`anliegen.web.views.base.org_view`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.audit.models import AuditEntry
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.letters.actions import approved_unsent
from anliegen.org.models import Team
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, staff_of
from anliegen.reactions import actions, attachments, queries
from anliegen.reactions.forms import (
    AcknowledgementForm,
    AttachmentForm,
    ClassifyForm,
    DecisionForm,
    ForwardForm,
    ManagementRequestForm,
    OutcomeForm,
    PetitionCloseForm,
    ReactionFilterForm,
    ReactionForm,
    TeamsForm,
)
from anliegen.reactions.models import (
    ACKNOWLEDGEMENT,
    RESOLUTION,
    Channel,
    ManagementRequest,
    Reaction,
    ReactionKind,
    Topic,
)
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.forms import LIGHT_LABELS
from anliegen.web.views.base import apply_errors, is_htmx, org_view, paginate, redirect
from anliegen.work.models import Status

LETTERS_PARTIAL = "reactions/_letters.html"


def ensure_not_provider(scope: Scope) -> None:
    """Providers record reactions but see none of them: no list, no detail (KRM-01)."""
    if not scope.is_superuser and scope.roles <= {Role.PROVIDER}:
        raise Http404(_("Customer reaction not found."))


def _teams(scope: Scope) -> list[Team]:
    return list(Team.objects.filter(organisation=scope.organisation).order_by("name"))


def _who(reaction: Reaction) -> str:
    if reaction.customer is not None:
        return reaction.customer.display_name
    return reaction.sender_name or _("anonymous")


def _light(reaction: Reaction, code: str) -> object:
    state = queries.clock_of(reaction, code)
    if state is None:
        return ""
    if state.light is None:
        return _("met") if state.met_at else ""
    return LIGHT_LABELS.get(state.light, state.light)  # type: ignore[call-overload]


def _due(reaction: Reaction, code: str) -> object:
    state = queries.clock_of(reaction, code)
    return state.due_date if state else None


REACTION_COLUMNS = [
    Column(gettext_lazy("Reference number"), lambda r: r.reference, 12),
    Column(gettext_lazy("Kind"), lambda r: r.get_kind_display(), 22),
    Column(gettext_lazy("Channel"), lambda r: r.get_channel_display(), 14),
    Column(gettext_lazy("Received"), lambda r: r.received_at, 18),
    Column(
        gettext_lazy("Customer number"),
        lambda r: r.customer.customer_number if r.customer else "",
        16,
    ),
    Column(gettext_lazy("Customer or sender"), _who, 28),
    Column(gettext_lazy("Teams"), lambda r: ", ".join(t.name for t in r.teams.all()), 24),
    Column(gettext_lazy("Responsible"), lambda r: r.item.assignee or "", 24),
    Column(gettext_lazy("Acknowledgement due"), lambda r: _due(r, ACKNOWLEDGEMENT), 14),
    Column(gettext_lazy("Acknowledgement"), lambda r: _light(r, ACKNOWLEDGEMENT), 12),
    Column(gettext_lazy("Resolution due"), lambda r: _due(r, RESOLUTION), 14),
    Column(gettext_lazy("Resolution"), lambda r: _light(r, RESOLUTION), 12),
    Column(gettext_lazy("Status"), lambda r: r.item.get_status_display(), 12),
    Column(gettext_lazy("Outcome"), lambda r: r.get_outcome_display(), 18),
]


@org_view
def reaction_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``reaktionen/``: the reactions visible to the user, filtered, sorted, paged, exported."""
    ensure_not_provider(scope)
    form = ReactionFilterForm(request.GET, teams=_teams(scope))
    filters = form.filters()
    reactions = queries.filter_reactions(queries.reactions_visible_to(scope), **filters)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            list(reactions),
            REACTION_COLUMNS,
            fmt=str(fmt),
            name="kundenreaktionen",
            title=_("Customer reactions"),
        )
    page = paginate(request, reactions)
    rows = [(r, {c.code: c for c in queries.clocks_of(r)}) for r in page.object_list]
    context = {
        "section": "reaktionen",
        "form": form,
        "page": page,
        "rows": rows,
        "status": filters["status"],
        "filtered": any(filters[k] for k in ("kind", "channel", "team", "search"))
        or filters["status"] != "open",
    }
    if is_htmx(request):
        return render(request, "reactions/_results.html", context)
    return render(request, "reactions/list.html", context)


# --- Intake ----------------------------------------------------------------------------------------


def _intake_form(scope: Scope, data: Any = None, files: Any = None) -> ReactionForm:
    now = clock.now().astimezone(clock.BERLIN)
    return ReactionForm(
        data,
        files,
        teams=_teams(scope),
        topics=Topic.objects.filter(organisation=scope.organisation, active=True),
        staff=staff_of(scope.organisation),
        all_kinds=scope.is_superuser or scope.has_role(Role.MANAGEMENT, Role.MANAGEMENT_OFFICE),
        initial={
            "received_date": now.date(),
            "received_time": now.time().replace(second=0, microsecond=0),
            "kind": ReactionKind.UNCLASSIFIED,
            "channel": Channel.LETTER,
        },
    )


def _received_at(form: ReactionForm) -> dt.datetime:
    day: dt.date = form.cleaned_data["received_date"]
    time: dt.time | None = form.cleaned_data.get("received_time")
    if time is None:
        return clock.now() if day == clock.today() else clock.start_of_day(day)
    return dt.datetime.combine(day, time, tzinfo=clock.BERLIN)


@org_view
def reaction_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``reaktionen/neu/``: record a reaction, by whoever received it (KRM-01)."""
    if request.method == "POST":
        form = _intake_form(scope, request.POST, request.FILES)
        if form.is_valid():
            try:
                reaction = actions.record_reaction(
                    actor=scope.user,
                    scope=scope,
                    channel=form.cleaned_data["channel"],
                    kind=form.cleaned_data["kind"],
                    received_at=_received_at(form),
                    team_ids=form.team_ids(),
                    text=form.cleaned_data["text"],
                    customer_number=form.cleaned_data["customer_number"] or None,
                    sender_name=form.cleaned_data["sender_name"],
                    sender_address=form.cleaned_data["sender_address"],
                    concerns=form.concerns(),
                    employee_usernames=form.cleaned_data["employees"],
                    files=form.cleaned_data["attachments"],
                )
            except InvalidInput as exc:
                apply_errors(
                    form,
                    exc,
                    field_map={"concerns": "concern_1", "received_at": "received_date"},
                )
            else:
                slug = scope.organisation.slug
                if queries.reactions_visible_to(scope).filter(id=reaction.id).exists():
                    messages.success(
                        request,
                        _("The customer reaction %(ref)s was recorded.")
                        % {"ref": reaction.reference},
                    )
                    return redirect(request, reverse("reactions:detail", args=[slug, reaction.id]))
                return redirect(request, reverse("reactions:receipt", args=[slug, reaction.id]))
    else:
        form = _intake_form(scope)
    context = {"section": "reaktionen", "form": form}
    return render(request, "reactions/form.html", context)


@org_view
def reaction_receipt(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    """``reaktionen/eingang/<id>/``: the reference number for the person who recorded it, and
    nothing else (for those who may not see the reaction, e.g. a provider)."""
    reaction = Reaction.objects.filter(
        id=reaction_id, organisation=scope.organisation, recorded_by=scope.user
    ).first()
    if reaction is None:
        raise NotFound(_("Customer reaction not found."))
    return render(
        request,
        "reactions/receipt.html",
        {"section": "reaktionen", "reference": reaction.reference},
    )


# --- Detail ----------------------------------------------------------------------------------------

FORMS: dict[str, type[forms.Form]] = {
    "classify": ClassifyForm,
    "teams": TeamsForm,
    "acknowledgement": AcknowledgementForm,
    "outcome": OutcomeForm,
    "petition": PetitionCloseForm,
    "register": forms.Form,
    "attachments": AttachmentForm,
    "management_request": ManagementRequestForm,
    "decision": DecisionForm,
    "forward": ForwardForm,
}

HISTORY_LABELS = {
    "reaction.created": gettext_lazy("Recorded"),
    "reaction.classified": gettext_lazy("Kind decided by management"),
    "reaction.teams_set": gettext_lazy("Teams and lead team set"),
    "reaction.acknowledged": gettext_lazy("Acknowledgement sent"),
    "reaction.outcome_recorded": gettext_lazy("Outcome recorded, completed"),
    "reaction.petition_closed": gettext_lazy("Petition closed"),
    "reaction.register_entry": gettext_lazy("Entered in the register"),
    "reaction.attachments_added": gettext_lazy("Attachments added"),
    "reaction.management_requested": gettext_lazy("Customer asks to see management"),
    "reaction.management_request_decided": gettext_lazy(
        "Management decided the form of its answer"
    ),
    "reaction.forwarded": gettext_lazy("Forwarded with an instruction"),
    "reaction.reply_created": gettext_lazy("Reply draft created"),
    "reaction.reply_version_added": gettext_lazy("New version of the reply draft"),
    "reaction.reply_submitted": gettext_lazy("Reply draft submitted for approval"),
    "reaction.reply_returned": gettext_lazy("Reply draft returned with comments"),
    "reaction.reply_approved": gettext_lazy("Reply draft approved"),
    "reaction.reply_sent": gettext_lazy("Approved reply sent"),
}


def _may_act(scope: Scope, reaction: Reaction) -> bool:
    try:
        actions.ensure_may_act(scope, reaction)
    except (Forbidden, NotFound):
        return False
    return True


def _is(scope: Scope, *roles: str) -> bool:
    return scope.is_superuser or scope.has_role(*roles)


def _wanted(scope: Scope, reaction: Reaction) -> list[str]:
    is_open = reaction.item.status == Status.OPEN
    may_act = _may_act(scope, reaction)
    request: ManagementRequest | None = getattr(reaction, "management_request", None)
    wanted = []
    if is_open and _is(scope, Role.MANAGEMENT):
        wanted.append("classify")
    if is_open and may_act:
        wanted.append("teams")
        if reaction.acknowledgement_sent_at is None:
            wanted.append("acknowledgement")
        if reaction.kind not in (ReactionKind.PETITION, ReactionKind.UNCLASSIFIED):
            wanted.append("outcome")
        if reaction.kind == ReactionKind.PETITION and actions.may_close_petition(scope, reaction):
            wanted.append("petition")
        if reaction.channel == Channel.IN_PERSON and request is None:
            wanted.append("management_request")
    if (
        reaction.outcome
        and reaction.register_entry_at is None
        and _is(scope, Role.MANAGEMENT_OFFICE)
    ):
        wanted.append("register")
    if (
        may_act
        and reaction.register_entry_at is None
        and reaction.attachments.count() < attachments.MAX_PER_REACTION
    ):
        wanted.append("attachments")
    if request is not None and request.decided_at is None and _is(scope, Role.MANAGEMENT):
        wanted.append("decision")
    if is_open and not reaction.confidential and _is(scope, Role.MANAGEMENT):
        wanted.append("forward")
    return wanted


def _form(
    name: str, scope: Scope, reaction: Reaction, data: Any = None, files: Any = None
) -> forms.Form:
    kwargs: dict[str, Any] = {"prefix": name}
    if name == "teams":
        kwargs["teams"] = _teams(scope)
        if data is None:
            kwargs["initial"] = {
                "lead_team": reaction.lead_team_id,
                "teams": [t.id for t in reaction.teams.all() if t.id != reaction.lead_team_id],
            }
    elif name == "outcome":
        kwargs["concerns"] = list(reaction.concerns.select_related("topic"))
        kwargs["unsent_reply"] = approved_unsent(reaction.item)
    elif name == "forward":
        kwargs["managers"] = actions.managers_of(scope.organisation)
    elif name == "acknowledgement" and data is None:
        kwargs["initial"] = {"sent_on": clock.today()}
    return FORMS[name](data, files, **kwargs)


def letters_block() -> bool:
    """The letters partial (acknowledgement, reply drafts) exists once the letters app has it."""
    try:
        get_template(LETTERS_PARTIAL)
    except TemplateDoesNotExist:
        return False
    return True


def _page(
    request: HttpRequest, scope: Scope, reaction: Reaction, bound: forms.Form | None = None
) -> HttpResponse:
    has_letters = letters_block()
    wanted = _wanted(scope, reaction)
    if has_letters and "acknowledgement" in wanted:
        wanted.remove("acknowledgement")  # the letters block records the sending (KRM-05)
    page_forms = {name: _form(name, scope, reaction) for name in wanted}
    if bound is not None and bound.prefix:
        page_forms[bound.prefix] = bound  # with its errors, even if the page would not offer it
    history = AuditEntry.objects.filter(
        object_type="reactions.reaction", object_id=str(reaction.id)
    ).select_related("actor")
    context = {
        "section": "reaktionen",
        "reaction": reaction,
        "item": reaction.item,
        "scope": scope,
        "is_open": reaction.item.status == Status.OPEN,
        "clocks": queries.clocks_of(reaction),
        "concerns": list(reaction.concerns.select_related("topic")),
        "attachments": list(reaction.attachments.defer("data")),
        "management_request": getattr(reaction, "management_request", None),
        "instructions": list(reaction.instructions.select_related("manager", "given_by")),
        "history": [(e, HISTORY_LABELS.get(e.action, e.action)) for e in history],
        "forms": page_forms,
        "letters_block": has_letters,
    }
    return render(request, "reactions/detail.html", context)


def _load(scope: Scope, reaction_id: int) -> Reaction:
    ensure_not_provider(scope)
    return queries.get_reaction_for(scope, reaction_id)


@org_view
def reaction_detail(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    """``reaktionen/<id>/``: everything about one reaction, with the forms the user may use."""
    return _page(request, scope, _load(scope, reaction_id))


def _act(name: str, scope: Scope, reaction: Reaction, form: Any) -> str:
    """Run the action of form ``name``; returns the success message."""
    data = form.cleaned_data
    user = scope.user
    if name == "classify":
        actions.classify(actor=user, scope=scope, reaction=reaction, kind=data["kind"])
        return _("The kind was decided.")
    if name == "teams":
        actions.set_teams(
            actor=user,
            scope=scope,
            reaction=reaction,
            team_ids=data["teams"],
            lead_team_id=data["lead_team"],
        )
        return _("The teams were saved.")
    if name == "acknowledgement":
        actions.record_acknowledgement_sent(
            actor=user,
            scope=scope,
            reaction=reaction,
            channel=data["channel"],
            sent_on=data["sent_on"],
        )
        return _("The acknowledgement was recorded.")
    if name == "outcome":
        actions.record_outcome(
            actor=user,
            scope=scope,
            reaction=reaction,
            outcome=data["outcome"],
            summary=data["summary"],
            concern_outcomes=form.concern_outcomes(),
            confirm_unsent_reply=bool(data.get("confirm_unsent_reply")),
        )
        return _("The outcome was recorded; the reaction is completed.")
    if name == "petition":
        actions.close_petition(actor=user, scope=scope, reaction=reaction, summary=data["summary"])
        return _("The petition was closed.")
    if name == "register":
        actions.make_register_entry(actor=user, scope=scope, reaction=reaction)
        return _("The reaction was entered in the register.")
    if name == "attachments":
        attachments.add_attachments(
            actor=user, scope=scope, reaction=reaction, files=data["attachments"]
        )
        return _("The attachments were saved.")
    if name == "management_request":
        actions.request_management(
            actor=user, scope=scope, reaction=reaction, reason=data["reason"], text=data["text"]
        )
        return _("The request to see management was recorded; management is informed.")
    if name == "decision":
        actions.decide_management_request(
            actor=user,
            scope=scope,
            reaction=reaction,
            answer_form=data["answer_form"],
            note=data["note"],
        )
        return _("The decision was recorded.")
    if name == "forward":
        actions.forward_to_manager(
            actor=user,
            scope=scope,
            reaction=reaction,
            manager_username=data["manager"],
            text=data["text"],
            due_date=data["due_date"],
        )
        return _("The reaction was forwarded with the instruction.")
    raise Http404(_("Unknown action."))


@org_view
def reaction_action(
    request: HttpRequest, scope: Scope, reaction_id: int, name: str
) -> HttpResponse:
    """POST ``reaktionen/<id>/<name>/``: one of the detail page's forms. Bad input shows the page
    again with the errors next to the fields; nothing is saved."""
    if name not in FORMS:
        raise Http404(_("Unknown action."))
    reaction = _load(scope, reaction_id)
    url = reverse("reactions:detail", args=[scope.organisation.slug, reaction.id])
    if request.method != "POST":
        return redirect(request, url)
    form = _form(name, scope, reaction, request.POST, request.FILES)
    if form.is_valid():
        try:
            message = _act(name, scope, reaction, form)
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(request, url)
    response = _page(request, scope, queries.get_reaction_for(scope, reaction.id), bound=form)
    response.status_code = 422
    return response


@org_view
def attachment_download(
    request: HttpRequest, scope: Scope, reaction_id: int, attachment_id: int
) -> HttpResponse:
    """An attachment, for those who may see the reaction; always as a download."""
    reaction = _load(scope, reaction_id)
    attachment = attachments.get_attachment(reaction, attachment_id)
    return attachment_response(attachment)


def attachment_response(attachment: Any) -> HttpResponse:
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(True, attachment.filename) or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(attachment.size)
    return response


@org_view
def item_reaction(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    """``reaktionen/vorgang/<item_id>/``: the reaction of a work item, for worklist links."""
    ensure_not_provider(scope)
    reaction_id = (
        queries.reactions_visible_to(scope)
        .filter(item_id=item_id)
        .values_list("id", flat=True)
        .first()
    )
    if reaction_id is None:
        raise NotFound(_("Customer reaction not found."))
    return redirect(
        request, reverse("reactions:detail", args=[scope.organisation.slug, reaction_id])
    )
