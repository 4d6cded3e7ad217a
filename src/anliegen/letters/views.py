"""Letter pages: the organisation's templates (``/o/<org>/briefvorlagen/``) and the letters of a
customer reaction (``/o/<org>/reaktionen/<id>/briefe/…``, KRM-05, KRM-08).

Views parse input, call the actions and queries, and redirect back to the reaction's page;
scope and domain errors (as messages) are handled by :func:`anliegen.web.views.base.org_view`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core.errors import InvalidInput
from anliegen.letters import actions, letter_templates, queries
from anliegen.letters.acknowledgement import (
    acknowledgement_docx,
    acknowledgement_filename,
    acknowledgement_pdf,
)
from anliegen.letters.forms import (
    AcknowledgementSentForm,
    CommentForm,
    DraftSentForm,
    DraftUploadForm,
    TemplateUploadForm,
)
from anliegen.letters.models import LetterKind, ReplyDraft
from anliegen.letters.render import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from anliegen.letters.validation import placeholders
from anliegen.org.scope import Scope
from anliegen.reactions import actions as reaction_actions
from anliegen.reactions.queries import get_reaction_for
from anliegen.web.views.base import apply_errors, back_url, org_view, redirect


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def reaction_url(request: HttpRequest, scope: Scope, reaction_id: int) -> str:
    """The reaction's detail page (namespace ``reactions``), else where the form came from."""
    slug = scope.organisation.slug
    for kwargs in ({"org": slug, "reaction_id": reaction_id}, {"org": slug, "pk": reaction_id}):
        try:
            return reverse("reactions:detail", kwargs=kwargs) + "#briefe"
        except NoReverseMatch:
            continue
    return back_url(request, scope)


def _invalid(request: HttpRequest, exc: InvalidInput) -> None:
    messages.error(request, " ".join(dict.fromkeys([exc.message, *exc.errors.values()])))


# --- Templates ----------------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in LetterKind.values:
        raise Http404(_("Unknown kind of letter."))
    return kind


@org_view
def template_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The letter templates in use, with upload, download and reverting to the default."""
    letter_templates.ensure_may_manage(scope)
    forms = {kind: TemplateUploadForm(prefix=kind) for kind in LetterKind.values}
    if request.method == "POST":
        kind = _kind(request.POST.get("kind", ""))
        form = TemplateUploadForm(request.POST, request.FILES, prefix=kind)
        forms[kind] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                letter_templates.upload_template(
                    actor=scope.user,
                    scope=scope,
                    kind=kind,
                    content=upload.read(),
                    filename=upload.name or "",
                )
            except InvalidInput as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The template was replaced."))
                return redirect(
                    request, reverse("letters:templates", args=[scope.organisation.slug])
                )
    rows = [
        {
            "status": status,
            "form": forms[status.kind],
            "placeholders": placeholders(status.kind),
            "history": letter_templates.history_of(scope.organisation, status.kind)[:10],
        }
        for status in letter_templates.templates_of(scope.organisation)
    ]
    return render(
        request,
        "letters/templates.html",
        {"rows": rows, "section": "briefvorlagen"},
        status=422 if request.method == "POST" else 200,
    )


@org_view
def template_download(request: HttpRequest, scope: Scope, kind: str) -> HttpResponse:
    letter_templates.ensure_may_manage(scope)
    content, filename = letter_templates.current_template(scope.organisation, _kind(kind))
    return _download(content, DOCX_CONTENT_TYPE, filename)


@require_POST
@org_view
def template_revert(request: HttpRequest, scope: Scope, kind: str) -> HttpResponse:
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Please confirm that the standard template is to apply again."))
        return redirect(request, reverse("letters:templates", args=[scope.organisation.slug]))
    letter_templates.revert_to_default(actor=scope.user, scope=scope, kind=_kind(kind))
    messages.success(request, _("The standard template applies again."))
    return redirect(request, reverse("letters:templates", args=[scope.organisation.slug]))


# --- Acknowledgement (KRM-05) -------------------------------------------------------------------


@org_view
def acknowledgement_word(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(scope, reaction_id)
    return _download(
        acknowledgement_docx(reaction),
        DOCX_CONTENT_TYPE,
        acknowledgement_filename(reaction, "docx"),
    )


@org_view
def acknowledgement_as_pdf(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(scope, reaction_id)
    return _download(
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
            _invalid(request, exc)
        else:
            messages.success(request, _("The acknowledgement was recorded as sent."))
    return redirect(request, reaction_url(request, scope, reaction_id))


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
        actions.create_draft(
            actor=scope.user,
            scope=scope,
            reaction=reaction,
            content=content,
            filename=filename,
            generate=generate,
        )
    except InvalidInput as exc:
        _invalid(request, exc)
    else:
        messages.success(request, _("The reply draft was created."))
    return redirect(request, reaction_url(request, scope, reaction_id))


def _draft_step(
    request: HttpRequest,
    scope: Scope,
    reaction_id: int,
    draft_id: int,
    step: Callable[[ReplyDraft], str],
) -> HttpResponse:
    draft = queries.get_draft_for(scope, reaction_id, draft_id)
    try:
        done = step(draft)
    except InvalidInput as exc:
        _invalid(request, exc)
    else:
        messages.success(request, done)
    return redirect(request, reaction_url(request, scope, reaction_id))


@require_POST
@org_view
def draft_version(
    request: HttpRequest, scope: Scope, reaction_id: int, draft_id: int
) -> HttpResponse:
    def step(draft: ReplyDraft) -> str:
        content, filename, generate = _upload(request)
        version = actions.add_version(
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
    draft = queries.get_draft_for(scope, reaction_id, draft_id)
    version = queries.get_version(draft, number)
    return _download(bytes(version.docx), DOCX_CONTENT_TYPE, version.filename)


@require_POST
@org_view
def draft_submit(
    request: HttpRequest, scope: Scope, reaction_id: int, draft_id: int
) -> HttpResponse:
    def step(draft: ReplyDraft) -> str:
        actions.submit(actor=scope.user, scope=scope, draft=draft)
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
            actions.approve(actor=scope.user, scope=scope, draft=draft, comment=comment)
            return _("The draft was approved.")
        if decision == "return":
            actions.return_draft(actor=scope.user, scope=scope, draft=draft, comment=comment)
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
        actions.mark_sent(
            actor=scope.user,
            scope=scope,
            draft=draft,
            channel=form.cleaned_data["channel"],
            sent_on=form.cleaned_data["date"],
        )
        return _("The reply was recorded as sent.")

    return _draft_step(request, scope, reaction_id, draft_id, step)
