"""Issue 10: drafts move from ``reactions.Reaction`` to the work item they are about; the data
migration keeps every existing draft, its versions and state (letters 0002)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from anliegen.letters.models import PdfBatch, ReplyDraft

BEFORE = [("letters", "0001_initial")]
AFTER = [("letters", "0002_draft_about_work_item")]


@pytest.mark.django_db(transaction=True)
def test_existing_drafts_keep_their_rows(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    reaction = new_reaction(by=world.tl)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldDraft = old.get_model("letters", "ReplyDraft")
    OldVersion = old.get_model("letters", "DraftVersion")
    draft = OldDraft.objects.create(
        reaction_id=reaction.id, created_at=reaction.received_at, state="approved"
    )
    OldVersion.objects.create(
        draft=draft, number=1, docx=b"PK", filename="a.docx", created_at=reaction.received_at
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    migrated = ReplyDraft.objects.get(id=draft.id)
    assert migrated.item_id == reaction.item_id
    assert migrated.kind == "reaction_reply"
    assert migrated.state == "approved"
    assert migrated.versions.get().filename == "a.docx"
    # Back to the newest letters migration, so that later tests find every table (PdfBatch).
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("letters"))
    assert PdfBatch.objects.count() == 0
