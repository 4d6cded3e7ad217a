"""Letter pages: the organisation's templates (``/o/<org>/briefvorlagen/``) and the approval
page of a draft (``/o/<org>/freigaben/<draft id>/``, KRM-08), where an approval request from the
Postkorb leads. The pages of a procedure's letters (e.g. the letters block of a customer
reaction) live in the procedure.

Views parse input, call the actions and queries, and render or redirect; scope and domain
errors (as messages) are handled by :func:`anliegen.web.views.base.org_view`.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core.errors import InvalidInput
from anliegen.letters import actions, batches, letter_templates, queries
from anliegen.letters.forms import CommentForm, TemplateUploadForm
from anliegen.letters.kinds import approval_policy, letter_kind, letter_kinds
from anliegen.letters.models import DraftState, PdfBatch
from anliegen.letters.render import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from anliegen.letters.validation import placeholders
from anliegen.org.scope import Scope
from anliegen.web.views.base import apply_errors, is_htmx, org_view, redirect
from anliegen.work import kinds as work_kinds
from anliegen.work.models import Status


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def invalid(request: HttpRequest, exc: InvalidInput) -> None:
    """A domain's German message (and its field messages) as one error message."""
    messages.error(request, " ".join(dict.fromkeys([exc.message, *exc.errors.values()])))


# --- Templates ----------------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if letter_kind(kind) is None:
        raise Http404(_("Unknown kind of letter."))
    return kind


@org_view
def template_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The letter templates in use, with upload, download and reverting to the default."""
    letter_templates.ensure_may_manage(scope)
    forms = {spec.code: TemplateUploadForm(prefix=spec.code) for spec in letter_kinds()}
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


# --- Approval of a draft (KRM-08) ---------------------------------------------------------------


def _approval_url(scope: Scope, draft_id: int) -> str:
    return reverse("letters:approval", args=[scope.organisation.slug, draft_id])


@org_view
def approval_detail(request: HttpRequest, scope: Scope, draft_id: int) -> HttpResponse:
    """The draft under approval: its versions, the subject's page and the decision form."""
    draft = queries.get_draft_for(scope, draft_id)
    policy = approval_policy(draft.kind)
    versions = list(queries.drafts_of(draft.item).get(id=draft.id).versions.all())
    latest = versions[-1] if versions else None
    may_decide = (
        draft.state == DraftState.SUBMITTED
        and policy.may_review(scope)
        and latest is not None
        and latest.uploaded_by_id != scope.user.id
    )
    slug = scope.organisation.slug
    requests = [
        a.item
        for a in draft.approvals.select_related("item__assignee", "item__completed_by").order_by(
            "id"
        )
    ]
    context = {
        "draft": draft,
        "spec": letter_kind(draft.kind),
        "reference": policy.reference(draft.item),
        "subject_url": policy.page_url(draft.item, slug) or work_kinds.url_for(draft.item, slug),
        "versions": versions,
        "latest": latest,
        "may_decide": may_decide,
        "requests": requests,
        "open": Status.OPEN,
    }
    return render(request, "letters/approval.html", context)


@org_view
def approval_version(
    request: HttpRequest, scope: Scope, draft_id: int, number: int
) -> HttpResponse:
    draft = queries.get_draft_for(scope, draft_id)
    version = queries.get_version(draft, number)
    return _download(bytes(version.docx), DOCX_CONTENT_TYPE, version.filename)


@require_POST
@org_view
def approval_decide(request: HttpRequest, scope: Scope, draft_id: int) -> HttpResponse:
    """Approve (``decision=approve``) or return (``decision=return``) with a comment."""
    draft = queries.get_draft_for(scope, draft_id)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            actions.approve(actor=scope.user, scope=scope, draft=draft, comment=comment)
            messages.success(request, _("The draft was approved."))
        elif decision == "return":
            actions.return_draft(actor=scope.user, scope=scope, draft=draft, comment=comment)
            messages.success(request, _("The draft was returned with your comment."))
        else:
            message = _("Please approve or return the draft.")
            raise InvalidInput(message, errors={"decision": message})
    except InvalidInput as exc:
        invalid(request, exc)
    return redirect(request, _approval_url(scope, draft_id))


# --- PDF batches (issue 21) ---------------------------------------------------------------------


def batch_context(batch: PdfBatch) -> dict[str, object]:
    """What ``letters/_batch_status.html`` needs (procedures include it on their pages)."""
    return {"batch": batch, "pending": PdfBatch.State.PENDING, "done": PdfBatch.State.DONE}


@org_view
def batch_detail(request: HttpRequest, scope: Scope, batch_id: int) -> HttpResponse:
    """Whether the PDF of a batch is ready; htmx polls the status fragment."""
    batch = batches.batch_for(scope, batch_id)
    template = "letters/_batch_status.html" if is_htmx(request) else "letters/batch.html"
    return render(request, template, batch_context(batch))


@org_view
def batch_pdf(request: HttpRequest, scope: Scope, batch_id: int) -> HttpResponse:
    content, filename = batches.batch_pdf(scope, batch_id)
    return _download(content, PDF_CONTENT_TYPE, filename)
