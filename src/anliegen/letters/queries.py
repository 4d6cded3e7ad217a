"""Reading reply drafts (KRM-08): visible exactly as their customer reaction."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from anliegen.core.errors import NotFound
from anliegen.letters.models import DraftVersion, ReplyDraft
from anliegen.org.scope import Scope
from anliegen.reactions.models import Reaction
from anliegen.reactions.queries import get_reaction_for


def drafts_of(reaction: Reaction) -> QuerySet[ReplyDraft]:
    versions = DraftVersion.objects.defer("docx").select_related("uploaded_by", "decided_by")
    return (
        ReplyDraft.objects.filter(reaction=reaction)
        .select_related("created_by")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("id")
    )


def get_draft_for(scope: Scope, reaction_id: int, draft_id: int) -> ReplyDraft:
    reaction = get_reaction_for(scope, reaction_id)
    try:
        draft = ReplyDraft.objects.select_related("created_by").get(id=draft_id, reaction=reaction)
    except (ReplyDraft.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Reply draft not found.")) from None
    draft.reaction = reaction
    return draft


def get_version(draft: ReplyDraft, number: int) -> DraftVersion:
    try:
        return draft.versions.get(number=number)
    except (DraftVersion.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Version not found.")) from None
