"""API of customers: master data, notes and history (FND-04, FND-05, FND-10).

Every read of a customer record goes through ``get_customer_for(..., via="api")`` and is logged;
every change goes through ``customers.actions``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Email,
    actor,
    codes,
    local,
    org_scope,
    referenced,
    username,
)
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.core.errors import NotFound
from anliegen.customers import actions
from anliegen.customers.models import CareGroup, Customer, HistoryEntry, Profile
from anliegen.customers.models import Status as CustomerStatus
from anliegen.customers.queries import get_customer_for, history_of, search_customers

if TYPE_CHECKING:
    StatusCode = str
    ProfileCode = str
    CareGroupCode = str
    CustomerKindCode = str
    HistoryKindCode = str
    NoteKindCode = str
else:
    StatusCode = codes(CustomerStatus)
    ProfileCode = codes(Profile)
    CareGroupCode = codes(CareGroup)
    CustomerKindCode = codes(Customer.Kind)
    HistoryKindCode = codes(HistoryEntry.Kind)
    NoteKindCode = codes((HistoryEntry.Kind.NOTE.value, HistoryEntry.Kind.CONSULTATION.value))

router = Router(tags=["customers"])

CUSTOMER_NUMBER = Field(min_length=1, max_length=20, description="Letters, digits, hyphens")


# --- Schemas --------------------------------------------------------------------------------


class _CustomerFields(Schema):
    """Master data; codes that are not set are null."""

    model_config = ConfigDict(extra="forbid")

    kind: CustomerKindCode = Customer.Kind.PERSON.value
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    company_name: str = Field("", max_length=200, description="Employers only")
    birth_date: dt.date | None = None
    status: StatusCode | None = None
    profile: ProfileCode | None = None
    care_group: CareGroupCode | None = None
    in_retraining: bool = False
    measure_until: dt.date | None = None
    parental_leave_until: dt.date | None = None
    contact_person: str | None = Field(None, description="username of the contact person")
    email: Email = ""
    phone: str = Field("", max_length=40)
    street: str = Field("", max_length=200)
    postcode: str = Field("", max_length=10)
    city: str = Field("", max_length=100)


class CustomerIn(_CustomerFields):
    """A new customer. For a jobseeker (``kind`` person) first name, last name and date of birth
    are required; for an employer the company name."""

    customer_number: str = CUSTOMER_NUMBER


class CustomerPatch(_CustomerFields):
    """Only the fields sent are changed; the customer number never changes."""


class CustomerOut(Schema):
    id: int
    customer_number: str
    kind: CustomerKindCode
    first_name: str
    last_name: str
    company_name: str
    birth_date: dt.date | None
    age: int | None = Field(description="Completed years today; derived, never stored")
    status: StatusCode | None
    profile: ProfileCode | None
    profile_since: dt.date | None
    care_group: CareGroupCode | None
    in_retraining: bool
    measure_until: dt.date | None
    parental_leave_until: dt.date | None
    contact_person: str | None = Field(description="username")
    email: str
    phone: str
    street: str
    postcode: str
    city: str
    created_at: dt.datetime
    updated_at: dt.datetime


class CustomerSummary(Schema):
    id: int
    customer_number: str
    kind: CustomerKindCode
    name: str
    first_name: str
    last_name: str
    company_name: str
    birth_date: dt.date | None
    status: StatusCode | None
    profile: ProfileCode | None
    care_group: CareGroupCode | None
    contact_person: str | None


class CustomerPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CustomerSummary]


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: NoteKindCode
    text: str = Field(max_length=actions.MAX_NOTE_LENGTH)
    contact_date: dt.date | None = Field(None, description="Consultations: today by default")
    corrects: int | None = Field(None, description="id of the history entry this one corrects")


class HistoryOut(Schema):
    id: int
    kind: HistoryKindCode
    at: dt.datetime
    author: str | None = Field(description="username")
    text: str
    contact_date: dt.date | None
    corrects: int | None = Field(description="id of the corrected entry")
    ref_type: str = Field(description="e.g. work.workitem; empty for notes")
    ref_id: int | None


# --- Serialisation --------------------------------------------------------------------------


def _code(value: str) -> str | None:
    return value or None


def customer_out(customer: Customer) -> CustomerOut:
    return CustomerOut(
        id=customer.id,
        customer_number=customer.customer_number,
        kind=customer.kind,
        first_name=customer.first_name,
        last_name=customer.last_name,
        company_name=customer.company_name,
        birth_date=customer.birth_date,
        age=customer.age_on(clock.today()),
        status=_code(customer.status),
        profile=_code(customer.profile),
        profile_since=customer.profile_since,
        care_group=_code(customer.care_group),
        in_retraining=customer.in_retraining,
        measure_until=customer.measure_until,
        parental_leave_until=customer.parental_leave_until,
        contact_person=username(customer.contact_person),
        email=customer.email,
        phone=customer.phone,
        street=customer.street,
        postcode=customer.postcode,
        city=customer.city,
        created_at=local(customer.created_at),
        updated_at=local(customer.updated_at),
    )


def customer_summary(customer: Customer) -> CustomerSummary:
    return CustomerSummary(
        id=customer.id,
        customer_number=customer.customer_number,
        kind=customer.kind,
        name=customer.display_name,
        first_name=customer.first_name,
        last_name=customer.last_name,
        company_name=customer.company_name,
        birth_date=customer.birth_date,
        status=_code(customer.status),
        profile=_code(customer.profile),
        care_group=_code(customer.care_group),
        contact_person=username(customer.contact_person),
    )


def history_out(entry: HistoryEntry) -> HistoryOut:
    return HistoryOut(
        id=entry.id,
        kind=entry.kind,
        at=local(entry.at),
        author=username(entry.author),
        text=entry.text,
        contact_date=entry.contact_date,
        corrects=entry.corrects_id,
        ref_type=entry.ref_type,
        ref_id=entry.ref_id,
    )


_DATA_FIELDS = {f.name for f in fields(actions.CustomerData)}


def _data_values(values: dict[str, Any]) -> dict[str, Any]:
    """API values → CustomerData values: a code that is not set is the empty string."""
    return {
        name: ("" if value is None and name in {"status", "profile", "care_group"} else value)
        for name, value in values.items()
        if name in _DATA_FIELDS
    }


def _current_data(customer: Customer) -> actions.CustomerData:
    values = {name: getattr(customer, name) for name in _DATA_FIELDS if name != "contact_person"}
    return actions.CustomerData(**values, contact_person=username(customer.contact_person))


# --- Endpoints ------------------------------------------------------------------------------


@router.post(
    "/orgs/{org}/customers",
    response={201: CustomerOut, **error_responses(401, 403, 404, 422)},
    summary="Create a customer (FND-04)",
)
def create_customer(request: HttpRequest, org: str, payload: CustomerIn) -> Status[CustomerOut]:
    scope = org_scope(request, org)
    data = actions.CustomerData(**_data_values(payload.model_dump()))
    customer = actions.create_customer(actor=actor(request), scope=scope, data=data)
    return Status(201, customer_out(customer))


@router.get(
    "/orgs/{org}/customers",
    response={200: CustomerPage, **error_responses(401, 404, 422)},
    summary="Search customers (name or number), paged",
)
def search(
    request: HttpRequest,
    org: str,
    q: str = Query("", max_length=100),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=200),
) -> CustomerPage:
    customers = search_customers(org_scope(request, org), q)
    start = (page - 1) * page_size
    return CustomerPage(
        count=customers.count(),
        page=page,
        page_size=page_size,
        results=[customer_summary(c) for c in customers[start : start + page_size]],
    )


@router.get(
    "/orgs/{org}/customers/{number}",
    response={200: CustomerOut, **error_responses(401, 404)},
    summary="One customer (the view is logged, FND-10)",
)
def get_customer(request: HttpRequest, org: str, number: str) -> CustomerOut:
    return customer_out(get_customer_for(org_scope(request, org), number, via="api"))


@router.patch(
    "/orgs/{org}/customers/{number}",
    response={200: CustomerOut, **error_responses(401, 403, 404, 422)},
    summary="Change master data; only the fields sent change",
)
def update_customer(
    request: HttpRequest, org: str, number: str, payload: CustomerPatch
) -> CustomerOut:
    scope = org_scope(request, org)
    customer = get_customer_for(scope, number, via=None)
    data = _current_data(customer)
    for name, value in _data_values(payload.model_dump(exclude_unset=True)).items():
        setattr(data, name, value)
    updated = actions.update_customer(
        actor=actor(request), scope=scope, customer=customer, data=data
    )
    return customer_out(updated)


def _entry_of(customer: Customer, entry_id: int) -> HistoryEntry:
    entry = history_of(customer).filter(id=entry_id).first()
    if entry is None:
        raise NotFound()
    return entry


@router.post(
    "/orgs/{org}/customers/{number}/notes",
    response={201: HistoryOut, **error_responses(401, 403, 404, 422)},
    summary="Add a note or consultation note (FND-05)",
    description="Notes are never edited: send `corrects` to record a correction of an entry.",
)
def add_note(request: HttpRequest, org: str, number: str, payload: NoteIn) -> Status[HistoryOut]:
    scope = org_scope(request, org)
    customer = get_customer_for(scope, number, via=None)
    corrects = (
        referenced("corrects", _entry_of, customer, payload.corrects) if payload.corrects else None
    )
    entry = actions.add_note(
        actor=actor(request),
        scope=scope,
        customer=customer,
        kind=payload.kind,
        text=payload.text,
        contact_date=payload.contact_date,
        corrects=corrects,
    )
    return Status(201, history_out(entry))


@router.get(
    "/orgs/{org}/customers/{number}/history",
    response={200: list[HistoryOut], **error_responses(401, 404, 422)},
    summary="The customer's timeline, newest first (FND-05)",
    description="A JSON array; `X-Total-Count` gives the number of entries before `limit`/`offset`.",
)
def history(
    request: HttpRequest,
    response: HttpResponse,
    org: str,
    number: str,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> list[HistoryOut]:
    customer = get_customer_for(org_scope(request, org), number, via="api", purpose="history")
    entries = history_of(customer)
    response["X-Total-Count"] = str(entries.count())
    return [history_out(entry) for entry in entries[offset : offset + limit]]
