"""The letters block of a customer reaction (``/o/<org>/reaktionen/<id>/briefe/…``, KRM-05,
KRM-08): the acknowledgement (download, recorded as sent) and the reply drafts with their
approval. Views parse input, call the actions and redirect back to the reaction's page; scope
and domain errors (as messages) are handled by :func:`anliegen.web.views.base.org_view`."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core.errors import InvalidInput
from anliegen.letters import actions as letter_actions
from anliegen.letters import queries as letter_queries
from anliegen.letters.forms import CommentForm, DraftSentForm, DraftUploadForm
from anliegen.letters.models import ReplyDraft
from anliegen.letters.render import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from anliegen.letters.views import invalid
from anliegen.org.scope import Scope
from anliegen.reactions import actions as reaction_actions
from anliegen.reactions.forms import AcknowledgementSentForm
from anliegen.reactions.letters.content import (
    REPLY_KIND,
    acknowledgement_docx,
    acknowledgement_filename,
    acknowledgement_pdf,
)
from anliegen.reactions.queries import get_reaction_for
from anliegen.web.views.base import org_view, redirect


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def reaction_url(scope: Scope, reaction_id: int) -> str:
    """The letters block of the reaction's page."""
    return reverse("reactions:detail", args=[scope.organisation.slug, reaction_id]) + "#briefe"


def get_draft_for(scope: Scope, reaction_id: int, draft_id: int) -> ReplyDraft:
    """A reply draft of a reaction the scope sees (404 otherwise)."""
    reaction = get_reaction_for(scope, reaction_id)
    return letter_queries.get_draft(reaction.item, draft_id, kind=REPLY_KIND)


# --- Acknowledgement (KRM-05) -------------------------------------------------------------------


@org_view
def acknowledgement_word(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(scope, reaction_id)
    return download(
        acknowledgement_docx(reaction),
        DOCX_CONTENT_TYPE,
        acknowledgement_filename(reaction, "docx"),
    )


@org_view
def acknowledgement_as_pdf(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(scope, reaction_id)
    return download(
        acknowledgement_pdf(reaction), PDF_CONTENT_TYPE, acknowledgement_filename(reaction, "pdf")
    )


@require_POST
@org_view
def acknowledgement_sent(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(scope, reaction_id)
    form = AcknowledgementSentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the channel and the date of sending."))
    else:
        try:
            reaction_actions.record_acknowledgement_sent(
                actor=scope.user,
                scope=scope,
                reaction=reaction,
                channel=form.cleaned_data["channel"],
                sent_on=form.cleaned_data["sent_on"],
            )
        except InvalidInput as exc:
            invalid(request, exc)
        else:
            messages.success(request, _("The acknowledgement was recorded as sent."))
    return redirect(request, reaction_url(scope, reaction_id))


# --- Reply drafts (KRM-08) ----------------------------------------------------------------------


def _upload(request: HttpRequest) -> tuple[bytes | None, str, bool]:
    generate = request.POST.get("generate") == "1"
    form = DraftUploadForm(request.POST, request.FILES)
    upload = form.cleaned_data.get("file") if form.is_valid() else None
    if generate:
        return None, "", True
    if upload is None:
        message = _("Please choose a file or generate the draft from the template.")
        raise InvalidInput(message, errors={"file": message})
    return upload.read(), upload.name or "", False


@require_POST
@org_view
def draft_create(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(scope, reaction_id)
    try:
        content, filename, generate = _upload(request)
        letter_actions.create_draft(
            actor=scope.user,
            scope=scope,
            item=reaction.item,
            kind=REPLY_KIND,
            content=content,
            filename=filename,
            generate=generate,
        )
    except InvalidInput as exc:
        invalid(request, exc)
    else:
        messages.success(request, _("The reply draft was created."))
    return redirect(request, reaction_url(scope, reaction_id))


def _draft_step(
    request: HttpRequest,
    scope: Scope,
    reaction_id: int,
    draft_id: int,
    step: Callable[[ReplyDraft], str],
) -> HttpResponse:
    draft = get_draft_for(scope, reaction_id, draft_id)
    try:
        done = step(draft)
    except InvalidInput as exc:
        invalid(request, exc)
    else:
        messages.success(request, done)
    return redirect(request, reaction_url(scope, reaction_id))


@require_POST
@org_view
def draft_version(
    request: HttpRequest, scope: Scope, reaction_id: int, draft_id: int
) -> HttpResponse:
    def step(draft: ReplyDraft) -> str:
        content, filename, generate = _upload(request)
        version = letter_actions.add_version(
            actor=scope.user,
            scope=scope,
            draft=draft,
            content=content,
            filename=filename,
            generate=generate,
        )
        return _("Version %(number)d was added.") % {"number": version.number}

    return _draft_step(request, scope, reaction_id, draft_id, step)


@org_view
def draft_version_download(
    request: HttpRequest, scope: Scope, reaction_id: int, draft_id: int, number: int
) -> HttpResponse:
    draft = get_draft_for(scope, reaction_id, draft_id)
    version = letter_queries.get_version(draft, number)
    return download(bytes(version.docx), DOCX_CONTENT_TYPE, version.filename)


@require_POST
@org_view
def draft_submit(
    request: HttpRequest, scope: Scope, reaction_id: int, draft_id: int
) -> HttpResponse:
    def step(draft: ReplyDraft) -> str:
        letter_actions.submit(actor=scope.user, scope=scope, draft=draft)
        return _("The draft was submitted for approval.")

    return _draft_step(request, scope, reaction_id, draft_id, step)


@require_POST
@org_view
def draft_decide(
    request: HttpRequest, scope: Scope, reaction_id: int, draft_id: int
) -> HttpResponse:
    """Approve (``decision=approve``) or return (``decision=return``) with a comment."""
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    decision = request.POST.get("decision")

    def step(draft: ReplyDraft) -> str:
        if decision == "approve":
            letter_actions.approve(actor=scope.user, scope=scope, draft=draft, comment=comment)
            return _("The draft was approved.")
        if decision == "return":
            letter_actions.return_draft(actor=scope.user, scope=scope, draft=draft, comment=comment)
            return _("The draft was returned with your comment.")
        message = _("Please approve or return the draft.")
        raise InvalidInput(message, errors={"decision": message})

    return _draft_step(request, scope, reaction_id, draft_id, step)


@require_POST
@org_view
def draft_sent(request: HttpRequest, scope: Scope, reaction_id: int, draft_id: int) -> HttpResponse:
    form = DraftSentForm(request.POST)

    def step(draft: ReplyDraft) -> str:
        if not form.is_valid():
            message = _("Please give the channel and the date of sending.")
            raise InvalidInput(message, errors={"date": message})
        letter_actions.mark_sent(
            actor=scope.user,
            scope=scope,
            draft=draft,
            channel=form.cleaned_data["channel"],
            sent_on=form.cleaned_data["date"],
        )
        return _("The reply was recorded as sent.")

    return _draft_step(request, scope, reaction_id, draft_id, step)
