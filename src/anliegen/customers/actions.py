"""Every change to customers and their history (FND-04, FND-05)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.core.text import markup_errors
from anliegen.customers.hooks import customer_changed
from anliegen.customers.models import CareGroup, Customer, HistoryEntry, Profile, Status
from anliegen.org.models import User
from anliegen.org.roles import CASEWORK_ROLES
from anliegen.org.scope import Scope, staff_of

EARLIEST_BIRTH = dt.date(1900, 1, 1)
POSTCODE = re.compile(r"\d{5}")
"""A German postcode: five digits."""
PHONE = re.compile(r"[0-9+/()\- ]+")
"""A phone number as people write it: digits, spaces, +, /, - and parentheses."""
MIN_PHONE_DIGITS = 3
NOTE_KINDS = {HistoryEntry.Kind.NOTE, HistoryEntry.Kind.CONSULTATION}
MAX_NOTE_LENGTH = 20000


@dataclass
class CustomerData:
    """Master data of a customer as entered (API body or form)."""

    customer_number: str
    first_name: str = ""
    last_name: str = ""
    birth_date: dt.date | None = None
    status: str = ""
    profile: str = ""
    care_group: str = ""
    kind: str = Customer.Kind.PERSON
    company_name: str = ""
    in_retraining: bool = False
    measure_until: dt.date | None = None
    parental_leave_until: dt.date | None = None
    profile_since: dt.date | None = None
    contact_person: str | None = None
    email: str = ""
    phone: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""


def _choice(
    errors: dict[str, str], name: str, value: str, choices: type[models.TextChoices]
) -> None:
    if value and value not in choices.values:
        errors[name] = _("Unknown code “%(value)s”. Allowed: %(allowed)s.") % {
            "value": value,
            "allowed": ", ".join(choices.values),
        }


def _validate(data: CustomerData) -> dict[str, str]:
    """Every problem of the master data at once (field → German message), no database."""
    errors: dict[str, str] = {}
    number = data.customer_number.strip()
    if not number:
        errors["customer_number"] = _("The customer number is required.")
    elif len(number) > 20 or not number.replace("-", "").isalnum():
        errors["customer_number"] = _(
            "The customer number may contain only letters, digits and hyphens (at most 20)."
        )
    if data.kind not in Customer.Kind.values:
        errors["kind"] = _("Unknown customer kind.")
    if data.kind == Customer.Kind.EMPLOYER:
        if not data.company_name.strip():
            errors["company_name"] = _("The company name is required.")
    else:
        if not data.last_name.strip():
            errors["last_name"] = _("The last name is required.")
        if not data.first_name.strip():
            errors["first_name"] = _("The first name is required.")
        if data.birth_date is None:
            errors["birth_date"] = _("The date of birth is required.")
        elif data.birth_date > clock.today():
            errors["birth_date"] = _("The date of birth lies in the future.")
        elif data.birth_date < EARLIEST_BIRTH:
            errors["birth_date"] = _("The date of birth is implausible.")
    _choice(errors, "status", data.status, Status)
    _choice(errors, "profile", data.profile, Profile)
    _choice(errors, "care_group", data.care_group, CareGroup)
    _check_contact_details(errors, data)
    plain = markup_errors(
        first_name=data.first_name,
        last_name=data.last_name,
        company_name=data.company_name,
        street=data.street,
        city=data.city,
    )
    return {**plain, **errors}  # a field's own problem (e.g. required) comes first


def _check_contact_details(errors: dict[str, str], data: CustomerData) -> None:
    """Issue 9, defect 7: phone, postcode and e-mail must be plausible (FND-04)."""
    phone = data.phone.strip()
    if phone and (not PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < MIN_PHONE_DIGITS):
        errors["phone"] = _(
            "Enter the phone number with digits; only spaces, +, /, - and parentheses may "
            "stand between them."
        )
    postcode = data.postcode.strip()
    if postcode and not POSTCODE.fullmatch(postcode):
        errors["postcode"] = _("A German postcode has exactly five digits.")
    email = data.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")


def eligible_contact_persons(scope: Scope) -> models.QuerySet[User]:
    """Who may be a customer's contact person (issue 9, defect 2; § 35 SGB I): active staff
    of the organisation with a casework role — no providers (Träger), no administrator-only
    accounts."""
    return staff_of(scope.organisation, roles=CASEWORK_ROLES)


def _contact_person(scope: Scope, data: CustomerData, errors: dict[str, str]) -> User | None:
    if not data.contact_person:
        return None
    person = eligible_contact_persons(scope).filter(username=data.contact_person).first()
    if person is None:
        if staff_of(scope.organisation).filter(username=data.contact_person).exists():
            errors["contact_person"] = _(
                "Only staff of this organisation with a casework role can be the contact person."
            )
        else:
            errors["contact_person"] = _("No member of staff with this user name.")
    return person


def validate_customer(
    scope: Scope, data: CustomerData, *, customer: Customer | None = None
) -> dict[str, str]:
    """Every problem of ``data`` at once (field → German message): the master data, the
    contact person and — for a new customer — a customer number already taken. The create
    and update actions raise these; forms show them beside their own in one round."""
    errors = _validate(data)
    _contact_person(scope, data, errors)
    number = data.customer_number.strip()
    if (
        customer is None
        and "customer_number" not in errors
        and Customer.objects.filter(
            organisation=scope.organisation, customer_number=number
        ).exists()
    ):
        errors["customer_number"] = _("Already taken.")
    return errors


def _invalid(errors: dict[str, str]) -> InvalidInput:
    """All of ``errors`` at once; the summary names the one problem when there is only one
    that has its own (a number already taken, an unknown contact person)."""
    summary = _("The customer data are invalid.")
    if list(errors) == ["customer_number"] and errors["customer_number"] == _("Already taken."):
        summary = _("A customer with this number already exists.")
    elif list(errors) == ["contact_person"]:
        if errors["contact_person"] == _("No member of staff with this user name."):
            summary = _("Unknown contact person.")
        else:
            summary = errors["contact_person"]
    return InvalidInput(summary, errors=errors)


def _apply(customer: Customer, data: CustomerData, scope: Scope) -> None:
    for f in fields(CustomerData):
        if f.name in {"contact_person", "profile_since"}:
            continue
        value = getattr(data, f.name)
        setattr(customer, f.name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    customer.contact_person = _contact_person(scope, data, errors)
    if errors:  # pragma: no cover - validate_customer ran first
        raise InvalidInput(next(iter(errors.values())), errors=errors)


def _snapshot(customer: Customer) -> dict[str, Any]:
    values = {
        f.name: getattr(customer, f.name)
        for f in fields(CustomerData)
        if f.name != "contact_person"
    }
    values["contact_person"] = customer.contact_person_id
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def _ensure_may_edit(scope: Scope) -> None:
    if not scope.may_see_customers:
        raise Forbidden(_("You may not change customer records."))


@transaction.atomic
def create_customer(*, actor: User, scope: Scope, data: CustomerData) -> Customer:
    _ensure_may_edit(scope)
    errors = validate_customer(scope, data)
    if errors:
        raise _invalid(errors)
    customer = Customer(organisation=scope.organisation)
    _apply(customer, data, scope)
    if customer.profile:
        customer.profile_since = data.profile_since or clock.today()
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        raise InvalidInput(
            _("A customer with this number already exists."),
            errors={"customer_number": _("Already taken.")},
        ) from None
    record(
        actor=actor,
        organisation=scope.organisation,
        action="customer.created",
        obj=customer,
        new=_snapshot(customer),
    )
    customer_changed(customer, actor=actor)
    return customer


@transaction.atomic
def update_customer(
    *, actor: User, scope: Scope, customer: Customer, data: CustomerData
) -> Customer:
    _ensure_may_edit(scope)
    data.customer_number = customer.customer_number  # the number never changes
    errors = validate_customer(scope, data, customer=customer)
    if errors:
        raise _invalid(errors)
    # no key: items of the customer may be completed meanwhile, writing history entries that
    # reference this row; those must not wait for this lock (work.locking, issue 14 fault 1)
    locked = Customer.objects.select_for_update(no_key=True).get(id=customer.id)
    old = _snapshot(locked)
    profile_changed = data.profile != locked.profile
    _apply(locked, data, scope)
    if profile_changed:
        locked.profile_since = clock.today()
    locked.save()
    new = _snapshot(locked)
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    if changed:
        record(
            actor=actor,
            organisation=scope.organisation,
            action="customer.updated",
            obj=locked,
            old={k: old[k] for k in changed},
            new=changed,
        )
    customer_changed(locked, actor=actor)
    return locked


def add_history_entry(
    *,
    actor: User | None,
    customer: Customer,
    kind: str,
    text: str,
    ref: models.Model | None = None,
    contact_date: dt.date | None = None,
    at: dt.datetime | None = None,
) -> HistoryEntry:
    """Append to the timeline; used by every procedure (tickets, reactions, letters …)."""
    return HistoryEntry.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        kind=kind,
        at=at or clock.now(),
        author=actor if actor is not None and actor.is_authenticated else None,
        text=text,
        contact_date=contact_date,
        ref_type=ref._meta.label_lower if ref is not None else "",
        ref_id=ref.pk if ref is not None else None,
    )


@transaction.atomic
def add_note(
    *,
    actor: User,
    scope: Scope,
    customer: Customer,
    kind: str,
    text: str,
    contact_date: dt.date | None = None,
    corrects: HistoryEntry | None = None,
) -> HistoryEntry:
    """A note or consultation note (Vermerk, Beratungsvermerk). Notes are never edited; a
    correction is a new note that references the old one (FND-05)."""
    _ensure_may_edit(scope)
    errors: dict[str, str] = {}
    text = text.strip()
    if kind not in NOTE_KINDS:
        errors["kind"] = _("The kind must be “note” or “consultation”.")
    if not text:
        errors["text"] = _("The note must not be empty.")
    elif len(text) > MAX_NOTE_LENGTH:
        errors["text"] = _("The note is too long (at most 20,000 characters).")
    else:
        errors.update(markup_errors(text=text))
    if contact_date is not None and contact_date > clock.today():
        errors["contact_date"] = _("The contact date lies in the future.")
    if corrects is not None and corrects.customer_id != customer.id:
        errors["corrects"] = _("The corrected note belongs to another customer.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    if kind == HistoryEntry.Kind.CONSULTATION and contact_date is None:
        contact_date = clock.today()
    entry = add_history_entry(
        actor=actor,
        customer=customer,
        kind=HistoryEntry.Kind.CORRECTION if corrects is not None else kind,
        text=text,
        contact_date=contact_date,
    )
    if corrects is not None:
        HistoryEntry.objects.filter(id=entry.id).update(corrects=corrects)
        entry.corrects = corrects
    record(
        actor=actor,
        organisation=scope.organisation,
        action="customer.note_added",
        obj=entry,
        new={
            "customer": customer.id,
            "kind": kind,
            "contact_date": contact_date.isoformat() if contact_date else None,
        },
    )
    if kind == HistoryEntry.Kind.CONSULTATION and corrects is None:
        customer_changed(customer, actor=actor)
    return entry
