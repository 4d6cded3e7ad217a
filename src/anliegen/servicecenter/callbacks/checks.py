"""The checks of a callback booking (SOC-05): contact data, note, one open callback per customer
and purpose, the requested start against the team's free times, and the idempotency fingerprint.
Each refusal is a German 422 (409 when the time is taken); nothing here writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import Conflict, InvalidInput
from anliegen.core.text import bad_character, character_message
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Team
from anliegen.servicecenter.callbacks.access import os_team_or_error
from anliegen.servicecenter.callbacks.models import ACTIVE_STATUSES, Callback, Source
from anliegen.servicecenter.callbacks.slots import derive, on_grid, purpose_or_error

MAX_NOTE = 500
_PHONE = re.compile(r"^\+?[0-9 ()/\-.]{5,40}$")


def not_free() -> Conflict:
    return Conflict(_("This time is no longer free."))


def aware(moment: dt.datetime) -> dt.datetime:
    """A naive datetime is Berlin wall time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.BERLIN)


def contact_errors(phone: str, email: str, note: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not phone:
        errors["phone"] = _("Enter the phone number to call back.")
    elif not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 5:
        errors["phone"] = _("Enter a phone number of digits (e.g. 030 1234567 or +49 30 1234567).")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    errors.update(note_errors(note))
    return errors


def note_errors(note: str) -> dict[str, str]:
    if len(note) > MAX_NOTE:
        return {"note": _("The note is too long (at most 500 characters).")}
    char = bad_character(note, multiline=True)
    return {"note": character_message(char)} if char is not None else {}


def raise_errors(errors: dict[str, str]) -> None:
    """A German 422 with every field's message, if there is any."""
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)


def open_for_purpose(customer: Customer, purpose: str, *, exclude: int | None) -> Callback | None:
    open_callbacks = Callback.objects.filter(
        customer=customer, purpose=purpose, status__in=ACTIVE_STATUSES
    )
    if exclude is not None:
        open_callbacks = open_callbacks.exclude(id=exclude)
    return open_callbacks.first()


def holds_open(existing: Callback) -> InvalidInput:
    message = _(
        "The customer already has an open callback for this concern (%(when)s). Move or cancel "
        "it instead."
    ) % {"when": f"{existing.local_start:%d.%m.%Y %H:%M}"}
    return InvalidInput(message, errors={"start": message})


def free_places_at(
    team: Team,
    purpose: str,
    start: dt.datetime,
    *,
    now: dt.datetime | None = None,
    exclude: int | None = None,
) -> tuple[dt.datetime, list[int]]:
    """The end of a callback starting at ``start`` and the team's places free then, best first.
    422 for a start in the past, today, before the next working day, off the grid or outside
    every window; 409 when the windows have it but every place is taken."""
    start = aware(start)
    day = clock.local_date(start)
    derivation = derive(team, purpose, day, day, now=now, exclude=exclude)
    if day < derivation.earliest:
        message = _(
            "A callback can be booked from the next working day on (%(day)s) — not in the past "
            "and not today."
        ) % {"day": f"{derivation.earliest:%d.%m.%Y}"}
        raise InvalidInput(message, errors={"start": message})
    if not on_grid(start, derivation.grid):
        message = _("Callbacks start on a %(grid)d-minute grid (e.g. 09:00, 09:10).") % {
            "grid": derivation.grid
        }
        raise InvalidInput(message, errors={"start": message})
    if start not in derivation.offered:
        message = _("The team offers no callback at this time (outside every service window).")
        raise InvalidInput(message, errors={"start": message})
    for free in derivation.free:
        if free.start == start:
            return free.end, list(free.places)
    raise not_free()


def request_hash(
    *,
    team: int,
    purpose: str,
    start: dt.datetime,
    customer_number: str,
    phone: str,
    call_ref: str = "",
    email: str = "",
    note: str = "",
) -> str:
    """SHA-256 of what a booking asks for, stored with its idempotency key. A start counts as
    the instant it names, whatever offset it was written with."""
    canonical = json.dumps(
        [
            team,
            purpose,
            aware(start).astimezone(dt.UTC).isoformat(),
            customer_number.strip(),
            phone.strip(),
            call_ref.strip(),
            email.strip(),
            note.strip(),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def replayed(existing: Callback, fingerprint: str) -> Callback:
    if existing.request_hash and fingerprint and existing.request_hash != fingerprint:
        message = _("This Idempotency-Key was already used for a different booking.")
        raise InvalidInput(message, errors={"Idempotency-Key": message})
    existing.replayed = True
    return existing


@dataclass(frozen=True)
class BookingRequest:
    """What a booking asks for, its contact data stripped."""

    organisation: Organisation
    purpose: str
    start: dt.datetime
    customer: Customer
    phone: str
    email: str
    note: str
    call_ref: str
    source: str
    key: str
    fingerprint: str


def checked_purpose_and_team(booking: BookingRequest, team: Team | int) -> tuple[str, Team]:
    """The purpose and the OS team of a booking; every bad field at once as a German 422."""
    errors: dict[str, str] = {}
    purpose = booking.purpose
    try:
        purpose = purpose_or_error(purpose)
    except InvalidInput as exc:
        errors.update(exc.errors)
    os_team = None
    try:
        os_team = os_team_or_error(booking.organisation, team)
    except InvalidInput as exc:
        errors.update(exc.errors)
    if booking.source not in Source.values:
        errors["source"] = _("Unknown source of the booking.")
    if booking.customer.organisation_id != booking.organisation.id:
        errors["customer_number"] = _("No customer with this number.")
    errors.update(contact_errors(booking.phone, booking.email, booking.note))
    if len(booking.call_ref) > 100:
        errors["call_id"] = _("The call id is too long (at most 100 characters).")
    raise_errors(errors)
    assert os_team is not None
    return purpose, os_team
