"""The individual contact interval a case worker sets (KON-01), audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.contacts.models import ContactSchedule
from anliegen.contacts.schedule import (
    ContactInputError,
    validate_individual_interval,
)
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ContactRules, Interval

from .facts import facts_of, last_contacts, schedulable
from .recompute import recompute_for


def _ensure_may_edit(scope: Scope) -> None:
    if not scope.may_see_customers:
        raise Forbidden(_("You may not change customer records."))


@transaction.atomic
def set_individual_interval(
    *, actor: User, scope: Scope, customer: Customer, unit: str | None, count: int | None
) -> ContactSchedule:
    """KON-01: the case worker sets (or, with ``unit`` None, clears) the individual contact
    interval; rejected with German messages above the cap (6 months for seeking customers,
    24 months otherwise). Nothing is changed on invalid input."""
    _ensure_may_edit(scope)
    if customer.organisation_id != scope.organisation.id:  # pragma: no cover - scoped getter
        raise Forbidden()
    if not schedulable(customer):
        raise InvalidInput(
            _("Contact density applies only to jobseekers with a date of birth."),
            errors={"individual_interval": _("Not applicable to this customer.")},
        )
    today = clock.today()
    rules, _version = rules_in_force(customer.organisation, ContactRules, on=today)
    interval: Interval | None = None
    if unit is not None or count is not None:
        if unit not in ("weeks", "months") or count is None or count < 1:
            message = _("Please enter a number of weeks or months (at least 1).")
            raise InvalidInput(message, errors={"individual_interval": message})
        # Not validated by pydantic (its bound would raise before the German message below).
        interval = Interval.model_construct(unit=unit, count=count)
        last = last_contacts([customer.id]).get(customer.id)
        facts = facts_of(customer, last_contact=last, individual_interval=interval)
        try:
            validate_individual_interval(facts, interval, rules)
        except ContactInputError as error:
            raise InvalidInput(
                error.errors["individual_interval"], errors=dict(error.errors)
            ) from None
    schedule = ContactSchedule.objects.select_for_update().filter(
        customer_id=customer.id
    ).first() or recompute_for(customer, actor=actor, today=today)
    assert schedule is not None
    old = {
        "unit": schedule.individual_interval_unit or None,
        "count": schedule.individual_interval_count,
    }
    schedule.individual_interval_unit = interval.unit if interval else ""
    schedule.individual_interval_count = interval.count if interval else None
    schedule.save(update_fields=["individual_interval_unit", "individual_interval_count"])
    new = {
        "unit": interval.unit if interval else None,
        "count": interval.count if interval else None,
    }
    if old != new:
        record(
            actor=actor,
            organisation=scope.organisation,
            action="contacts.interval_set",
            obj=customer,
            old=old,
            new=new,
        )
    result = recompute_for(customer, actor=actor, today=today)
    assert result is not None
    return result
