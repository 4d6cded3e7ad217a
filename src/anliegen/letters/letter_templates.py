"""The organisations' letter templates (KRM-05, KRM-08, KON-06): reading, uploading a
replacement, going back to the shipped default. Older versions are kept."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.letters.kinds import letter_kind, letter_kinds
from anliegen.letters.models import LetterTemplate
from anliegen.letters.render import default_template
from anliegen.letters.validation import check_template
from anliegen.org.models import Organisation, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope

#: Who manages the templates: management, its office and the administrators.
TEMPLATE_ROLES = (Role.MANAGEMENT, Role.MANAGEMENT_OFFICE, Role.ADMIN)


def may_manage_templates(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(*TEMPLATE_ROLES)


def ensure_may_manage(scope: Scope) -> None:
    if not may_manage_templates(scope):
        raise Forbidden(_("Only management, its office and administrators manage templates."))


@dataclass(frozen=True)
class TemplateStatus:
    kind: str
    label: str
    current: LetterTemplate | None  # None: the shipped default is in use


def templates_of(organisation: Organisation) -> list[TemplateStatus]:
    active = {
        t.kind: t
        for t in LetterTemplate.objects.filter(organisation=organisation, active=True)
        .defer("docx")
        .select_related("uploaded_by")
    }
    return [
        TemplateStatus(spec.code, str(spec.label), active.get(spec.code)) for spec in letter_kinds()
    ]


def history_of(organisation: Organisation, kind: str) -> QuerySet[LetterTemplate]:
    return (
        LetterTemplate.objects.filter(organisation=organisation, kind=kind)
        .defer("docx")
        .select_related("uploaded_by")
    )


def current_template(organisation: Organisation, kind: str) -> tuple[bytes, str]:
    """The document in use and a file name for downloading it."""
    uploaded = LetterTemplate.objects.filter(
        organisation=organisation, kind=kind, active=True
    ).first()
    if uploaded is not None:
        return bytes(uploaded.docx), uploaded.filename
    return default_template(kind), f"{kind}.docx"


def _kind(kind: str) -> str:
    if letter_kind(kind) is None:
        message = _("Unknown kind of letter.")
        raise InvalidInput(message, errors={"kind": message})
    return kind


@transaction.atomic
def upload_template(
    *, actor: User, scope: Scope, kind: str, content: bytes, filename: str
) -> LetterTemplate:
    """A replacement template; it must be a Word document that renders with a sample context."""
    ensure_may_manage(scope)
    _kind(kind)
    check_template(content, filename, kind)
    organisation = scope.organisation
    # Lock the organisation's row so two uploads at once leave exactly one active template.
    Organisation.objects.select_for_update().get(id=organisation.id)
    previous = list(
        LetterTemplate.objects.filter(
            organisation=organisation, kind=kind, active=True
        ).values_list("id", flat=True)
    )
    LetterTemplate.objects.filter(id__in=previous).update(active=False)
    template = LetterTemplate.objects.create(
        organisation=organisation,
        kind=kind,
        docx=content,
        filename=filename[-200:],
        uploaded_by=actor,
        uploaded_at=clock.now(),
        active=True,
    )
    record(
        actor=actor,
        organisation=organisation,
        action="letters.template_uploaded",
        obj=template,
        old={"active": previous},
        new={"kind": kind, "filename": template.filename, "size": len(content)},
    )
    return template


@transaction.atomic
def revert_to_default(*, actor: User, scope: Scope, kind: str) -> None:
    """The shipped default applies again; uploaded versions stay in the history."""
    ensure_may_manage(scope)
    _kind(kind)
    organisation = scope.organisation
    Organisation.objects.select_for_update().get(id=organisation.id)
    active = LetterTemplate.objects.filter(
        organisation=organisation, kind=kind, active=True
    ).first()
    if active is None:
        return
    active.active = False
    active.save(update_fields=["active"])
    record(
        actor=actor,
        organisation=organisation,
        action="letters.template_reverted",
        obj=active,
        old={"active": active.id},
        new={"kind": kind},
    )
