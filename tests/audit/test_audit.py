"""FND-10: audit records cannot be edited or deleted through the application."""

import pytest

from anliegen.audit.actions import record
from anliegen.audit.models import AuditEntry


def test_audit_entries_are_append_only(world):
    entry = record(
        actor=world.tl, organisation=world.org, action="test.done", obj=world.team, new={"a": 1}
    )
    entry.action = "changed"
    with pytest.raises(ValueError, match="cannot be changed"):
        entry.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        entry.delete()
    assert AuditEntry.objects.get(id=entry.id).action == "test.done"
