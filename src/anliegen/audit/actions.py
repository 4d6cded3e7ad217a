"""Writing audit and access records; called inside the caller's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.core import clock

if TYPE_CHECKING:
    from anliegen.customers.models import Customer
    from anliegen.org.models import Organisation, User


def record(
    *,
    actor: User | None,
    organisation: Organisation | None,
    action: str,
    obj: models.Model,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=clock.now(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        old=old or {},
        new=new or {},
    )


def log_customer_view(
    *, actor: User, customer: Customer, via: str, purpose: str = "record"
) -> None:
    AccessEntry.objects.create(
        organisation_id=customer.organisation_id,
        actor=actor,
        customer=customer,
        at=clock.now(),
        via=via,
        purpose=purpose,
    )
