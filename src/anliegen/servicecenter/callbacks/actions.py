"""Callback appointments (SOC-05): book, cancel, reschedule, record attempts. The one write path
for callbacks; the API, the call screen, the OS calendar and the portal all call these.

Never double-booked: on PostgreSQL the exclusion constraint ``soc_callback_no_overlap`` refuses
overlapping active callbacks of one place, so each insert (and each move) runs in a savepoint and
a refused one tries the team's next free place at that start, else 409. On SQLite every
transaction starts ``IMMEDIATE`` (settings), so the check and the insert run under the
database's write lock. A reschedule moves the row in one transaction: the old time stays held
until the move commits.

Who may: the service centre's staff (TSB, FiT, leads) book, cancel and reschedule for every OS
team of the region; OS staff (members, leads, area management) for their own teams, and only they
record attempts; the region's management everything. The portal books without a person
(``by=None``, ``source=portal``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.core.text import bad_character, character_message
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Organisation, Team, User
from anliegen.org.scope import Scope
from anliegen.servicecenter.callbacks import messages as callback_messages
from anliegen.servicecenter.callbacks.access import (  # noqa: F401  (re-exported for callers)
    _scope,
    callbacks_visible_to,
    get_callback_for,
    may_book,
    may_record,
    os_team_or_error,
)
from anliegen.servicecenter.callbacks.models import (
    ACTIVE_STATUSES,
    AttemptResult,
    Callback,
    CallbackAttempt,
    CallbackStatus,
    Outcome,
    Purpose,
    ServicePlace,
    Source,
)
from anliegen.servicecenter.callbacks.slots import derive, on_grid, purpose_or_error
from anliegen.work import actions as work_actions
from anliegen.work.locking import lock_with_item
from anliegen.work.models import Deadline, Kind, Status, WorkItem

MAX_NOTE = 500
#: [decision] A customer not reached gets the second attempt this long after the first, the same
#: day, but no later than :data:`LAST_RETRY`.
RETRY_AFTER = dt.timedelta(hours=2)
LAST_RETRY = dt.time(18, 0)
MAX_ATTEMPTS = 2
_PHONE = re.compile(r"^\+?[0-9 ()/\-.]{5,40}$")

#: PostgreSQL's SQLSTATE of a deadlock.
DEADLOCK = "40P01"


def not_free() -> Conflict:
    return Conflict(_("This time is no longer free."))


# --- Checks -----------------------------------------------------------------------------------


def aware(moment: dt.datetime) -> dt.datetime:
    """A naive datetime is Berlin wall time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.BERLIN)


def _contact_errors(phone: str, email: str, note: str) -> dict[str, str]:
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
    errors.update(_note_errors(note))
    return errors


def _note_errors(note: str) -> dict[str, str]:
    if len(note) > MAX_NOTE:
        return {"note": _("The note is too long (at most 500 characters).")}
    char = bad_character(note, multiline=True)
    return {"note": character_message(char)} if char is not None else {}


def raise_errors(errors: dict[str, str]) -> None:
    """A German 422 with every field's message, if there is any."""
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)


def _open_for_purpose(customer: Customer, purpose: str, *, exclude: int | None) -> Callback | None:
    open_callbacks = Callback.objects.filter(
        customer=customer, purpose=purpose, status__in=ACTIVE_STATUSES
    )
    if exclude is not None:
        open_callbacks = open_callbacks.exclude(id=exclude)
    return open_callbacks.first()


def _holds_open(existing: Callback) -> InvalidInput:
    message = _(
        "The customer already has an open callback for this concern (%(when)s). Move or cancel "
        "it instead."
    ) % {"when": f"{existing.local_start:%d.%m.%Y %H:%M}"}
    return InvalidInput(message, errors={"start": message})


def _queue_up(team_id: int, start: dt.datetime) -> None:
    """Bookings and moves into one OS team's day wait for each other. On PostgreSQL a
    transaction-scoped advisory lock on (team, day); SQLite's ``BEGIN IMMEDIATE`` already
    serialises every write. The exclusion constraint stays the guarantee against double
    bookings; the lock spares concurrent requests for the same time the deadlocks between their
    overlap checks (measured: 308 in a storm of 1,000, a second each) and makes the free places
    read after it exact."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [team_id, clock.local_date(aware(start)).toordinal()],
        )


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


def _violation(exc: DatabaseError) -> str:
    """Which constraint refused a write: ``overlap`` (the exclusion constraint; also a deadlock
    between two inserts that each wait for the other's overlapping row, which PostgreSQL can
    report for exclusion constraints — the survivor holds the time), ``open``, ``idempotency``,
    or "" for anything else."""
    if isinstance(exc, OperationalError):
        code = getattr(exc.__cause__, "sqlstate", None) or getattr(exc.__cause__, "pgcode", None)
        return "overlap" if code == DEADLOCK else ""
    text = str(exc)
    if "soc_callback_no_overlap" in text or "exclusion" in text.lower():
        return "overlap"
    if "soc_callback_open_per_purpose" in text or ("customer_id" in text and "purpose" in text):
        return "open"
    if "soc_callback_idempotency" in text or "idempotency_key" in text:
        return "idempotency"
    return ""


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


def _replayed(existing: Callback, fingerprint: str) -> Callback:
    if existing.request_hash and fingerprint and existing.request_hash != fingerprint:
        message = _("This Idempotency-Key was already used for a different booking.")
        raise InvalidInput(message, errors={"Idempotency-Key": message})
    existing.replayed = True
    return existing


# --- Booking ----------------------------------------------------------------------------------


def book_callback(
    *,
    organisation: Organisation,
    team: Team | int,
    purpose: str,
    start: dt.datetime,
    customer: Customer,
    phone: str,
    email: str = "",
    note: str = "",
    call_ref: str = "",
    source: str,
    by: User | None = None,
    idempotency_key: str = "",
    request_hash: str = "",
    scope: Scope | None = None,
) -> Callback:
    """Book a callback at ``start`` at a free place of the OS ``team`` and return it.

    Creates the work item (kind ``callback``, the OS team's, due on the callback's day), the
    customer's history entry, the audit entry and the messages to the customer (e-mail with
    iCalendar file, letter, SMS text; sent after commit). With an ``idempotency_key`` a repeated
    request returns the first callback (``replayed`` set); the same key with a different
    ``request_hash`` → 422. Bad input → 422, nothing changed; no free place → 409.
    """
    key = idempotency_key.strip()[:200]
    if key:
        existing = Callback.objects.filter(organisation=organisation, idempotency_key=key).first()
        if existing is not None:
            return _replayed(existing, request_hash)
    try:
        return _book(
            organisation=organisation,
            team=team,
            purpose=purpose,
            start=start,
            customer=customer,
            phone=phone,
            email=email,
            note=note,
            call_ref=call_ref,
            source=source,
            by=by,
            key=key,
            fingerprint=request_hash if key else "",
            scope=_scope(scope, by, organisation),
        )
    except IntegrityError as exc:
        if not key or _violation(exc) != "idempotency":
            raise
        existing = Callback.objects.filter(organisation=organisation, idempotency_key=key).first()
        if existing is None:
            raise
        return _replayed(existing, request_hash)


@transaction.atomic
def _book(
    *,
    organisation: Organisation,
    team: Team | int,
    purpose: str,
    start: dt.datetime,
    customer: Customer,
    phone: str,
    email: str,
    note: str,
    call_ref: str,
    source: str,
    by: User | None,
    key: str,
    fingerprint: str,
    scope: Scope | None,
) -> Callback:
    phone, email, note, call_ref = phone.strip(), email.strip(), note.strip(), call_ref.strip()
    errors: dict[str, str] = {}
    try:
        purpose = purpose_or_error(purpose)
    except InvalidInput as exc:
        errors.update(exc.errors)
    try:
        os_team = os_team_or_error(organisation, team)
    except InvalidInput as exc:
        errors.update(exc.errors)
        os_team = None
    if source not in Source.values:
        errors["source"] = _("Unknown source of the booking.")
    if customer.organisation_id != organisation.id:
        errors["customer_number"] = _("No customer with this number.")
    errors.update(_contact_errors(phone, email, note))
    if len(call_ref) > 100:
        errors["call_id"] = _("The call id is too long (at most 100 characters).")
    raise_errors(errors)
    assert os_team is not None
    if scope is not None and not may_book(scope, os_team):
        raise Forbidden(_("You may not book callbacks for this team."))
    _queue_up(os_team.id, start)
    existing = _open_for_purpose(customer, purpose, exclude=None)
    if existing is not None:
        raise _holds_open(existing)
    end, places = free_places_at(os_team, purpose, start, exclude=None)
    start = aware(start)
    day = clock.local_date(start)
    actor = by if by is not None and by.is_authenticated else None
    item = work_actions.create_item(
        actor=actor,
        organisation=organisation,
        kind=Kind.CALLBACK,
        title=_("Callback %(when)s: %(customer)s")
        % {
            "when": f"{start.astimezone(clock.BERLIN):%d.%m. %H:%M}",
            "customer": customer.display_name,
        },
        customer=customer,
        team=os_team,
        deadlines=[work_actions.DeadlineSpec("main", day)],
        note=note,
        priority=2,
    )
    callback = None
    for place_id in places:
        try:
            with transaction.atomic():
                callback = Callback.objects.create(
                    item=item,
                    organisation=organisation,
                    team=os_team,
                    place_id=place_id,
                    customer=customer,
                    purpose=purpose,
                    starts_at=start,
                    ends_at=end,
                    phone=phone,
                    email=email or customer.email,
                    note=note,
                    source=source,
                    call_ref=call_ref[:100],
                    idempotency_key=key,
                    request_hash=fingerprint,
                    created_by=actor,
                )
            break
        except (IntegrityError, OperationalError) as exc:
            violation = _violation(exc)
            if violation == "overlap":
                continue
            if violation == "open":
                existing = _open_for_purpose(customer, purpose, exclude=None)
                raise (_holds_open(existing) if existing else not_free()) from None
            raise
    if callback is None:
        raise not_free()
    add_history_entry(
        actor=actor,
        customer=customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=_("Callback booked for %(when)s (%(purpose)s, %(team)s), phone %(phone)s.")
        % {
            "when": f"{callback.local_start:%d.%m.%Y %H:%M}",
            "purpose": Purpose(purpose).label,
            "team": os_team.name,
            "phone": phone,
        },
        ref=callback,
    )
    record(
        actor=actor,
        organisation=organisation,
        action="servicecenter.callback_booked",
        obj=callback,
        new={
            "item": item.id,
            "team": os_team.id,
            "place": callback.place_id,
            "start": start.isoformat(),
            "purpose": purpose,
            "source": source,
        },
    )
    callback_messages.queue(callback, callback_messages.Event.BOOKED)
    return callback


# --- Cancel and reschedule --------------------------------------------------------------------


def _lock_active(callback: Callback) -> Callback:
    """Lock the callback's work item, then the callback (the one lock order of
    ``work.locking``); 409 unless it is still open."""
    locked = lock_with_item(
        callback, related=("team", "team__area__site", "team__organisation", "customer")
    )
    if locked.status not in ACTIVE_STATUSES:
        raise Conflict(_("This callback is no longer open."))
    return locked


def _close_item(actor: User | None, item: WorkItem, status: str, note: str) -> None:
    """Close the callback's work item (done or cancelled) with its clocks; once."""
    now = clock.now()
    closed = WorkItem.objects.filter(id=item.id, status=Status.OPEN).update(
        status=status, completed_at=now, completed_by=actor, updated_at=now
    )
    if closed != 1:
        raise Conflict(_("This callback is no longer open."))
    Deadline.objects.filter(item=item, met_at__isnull=True).update(met_at=now)
    record(
        actor=actor,
        organisation=item.organisation,
        action="work.completed" if status == Status.DONE else "work.cancelled",
        obj=item,
        old={"status": Status.OPEN},
        new={"status": status, "note": note},
    )


def _ensure_may_change(scope: Scope | None, callback: Callback) -> None:
    if scope is None:
        return
    if callback.organisation_id != scope.organisation.id:
        raise NotFound(_("Callback not found."))
    if not may_book(scope, callback.team):
        raise Forbidden(_("You may not change callbacks of this team."))


@transaction.atomic
def cancel_callback(
    callback: Callback, *, by: User | None, reason: str = "", scope: Scope | None = None
) -> Callback:
    """Cancel an open callback: its time is free again, its work item is cancelled, the customer
    is told (e-mail, letter, SMS). Cancelling again → 409."""
    reason = reason.strip()
    if len(reason) > MAX_NOTE:
        message = _("The reason is too long (at most 500 characters).")
        raise InvalidInput(message, errors={"reason": message})
    locked = _lock_active(callback)
    _ensure_may_change(_scope(scope, by, locked.organisation), locked)
    actor = by if by is not None and by.is_authenticated else None
    now = clock.now()
    Callback.objects.filter(id=locked.id).update(
        status=CallbackStatus.CANCELLED, cancelled_at=now, retry_at=None
    )
    _close_item(actor, locked.item, Status.CANCELLED, reason)
    locked.refresh_from_db()
    add_history_entry(
        actor=actor,
        customer=locked.customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=_("Callback of %(when)s cancelled.") % {"when": f"{locked.local_start:%d.%m.%Y %H:%M}"}
        + (f" {reason}" if reason else ""),
        ref=locked,
    )
    record(
        actor=actor,
        organisation=locked.organisation,
        action="servicecenter.callback_cancelled",
        obj=locked,
        old={"status": CallbackStatus.BOOKED},
        new={"status": CallbackStatus.CANCELLED, "reason": reason},
    )
    callback_messages.queue(locked, callback_messages.Event.CANCELLED)
    return locked


@transaction.atomic
def reschedule_callback(
    callback: Callback, *, start: dt.datetime, by: User | None, scope: Scope | None = None
) -> Callback:
    """Move an open callback to ``start``: the same place if it is free then, else another free
    place of the team. The old time stays held until the move commits. The same checks as a
    booking (422); no free place → 409, nothing changes."""
    locked = _lock_active(callback)
    _ensure_may_change(_scope(scope, by, locked.organisation), locked)
    if locked.attempts.exists():
        raise Conflict(_("The callback has already been attempted; book a new one instead."))
    start = aware(start)
    if start == locked.starts_at:
        return locked
    _queue_up(locked.team_id, start)
    end, places = free_places_at(locked.team, locked.purpose, start, exclude=locked.id)
    if locked.place_id in places:
        places.remove(locked.place_id)
        places.insert(0, locked.place_id)
    old_start = locked.starts_at
    old = {"place": locked.place_id, "start": old_start.isoformat()}
    moved = False
    for place_id in places:
        try:
            with transaction.atomic():
                Callback.objects.filter(id=locked.id).update(
                    place_id=place_id, starts_at=start, ends_at=end, retry_at=None
                )
            moved = True
            break
        except (IntegrityError, OperationalError) as exc:
            if _violation(exc) == "overlap":
                continue
            raise
    if not moved:
        raise not_free()
    day = clock.local_date(start)
    item = locked.item
    Deadline.objects.filter(item=item, code="main").update(due_date=day, amber_from=day)
    WorkItem.objects.filter(id=item.id).update(
        due_date=day,
        amber_from=day,
        light_notified="",
        title=_("Callback %(when)s: %(customer)s")
        % {
            "when": f"{start.astimezone(clock.BERLIN):%d.%m. %H:%M}",
            "customer": locked.customer.display_name,
        },
        updated_at=clock.now(),
    )
    locked.refresh_from_db()
    actor = by if by is not None and by.is_authenticated else None
    add_history_entry(
        actor=actor,
        customer=locked.customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=_("Callback moved from %(old)s to %(new)s.")
        % {
            "old": f"{old_start.astimezone(clock.BERLIN):%d.%m.%Y %H:%M}",
            "new": f"{locked.local_start:%d.%m.%Y %H:%M}",
        },
        ref=locked,
    )
    record(
        actor=actor,
        organisation=locked.organisation,
        action="servicecenter.callback_rescheduled",
        obj=locked,
        old=old,
        new={"place": locked.place_id, "start": locked.starts_at.isoformat()},
    )
    sequence = (
        locked.messages.filter(event=callback_messages.Event.RESCHEDULED).aggregate(
            n=Max("sequence")
        )["n"]
        or 0
    ) + 1
    callback_messages.queue(locked, callback_messages.Event.RESCHEDULED, sequence=sequence)
    return locked


# --- Attempts and outcome ---------------------------------------------------------------------


@transaction.atomic
def record_attempt(
    callback: Callback,
    *,
    result: str,
    note: str = "",
    by: User,
    scope: Scope | None = None,
) -> Callback:
    """Record one attempt to call the customer back (OS staff of the team).

    Reached → outcome "reached at the first attempt" or "reached later", the work item is done.
    Not reached at the first attempt → [decision] a second attempt the same day (``retry_at``,
    2 hours later, at the latest 18:00); not reached at the second → outcome "not reached", the
    work item is done and the customer gets a letter. Everything goes into the history."""
    if result not in AttemptResult.values:
        message = _("Unknown result: reached or not reached.")
        raise InvalidInput(message, errors={"result": message})
    note = note.strip()
    raise_errors(_note_errors(note))
    locked = _lock_active(callback)
    active_scope = _scope(scope, by, locked.organisation)
    if active_scope is not None:
        if locked.organisation_id != active_scope.organisation.id:
            raise NotFound(_("Callback not found."))
        if not may_record(active_scope, locked):
            raise Forbidden(_("Only the operative service records callback attempts."))
    now = clock.now()
    if clock.local_date(locked.starts_at) > clock.local_date(now):
        message = _("The callback is on %(day)s; record attempts from that day on.") % {
            "day": f"{locked.local_start:%d.%m.%Y}"
        }
        raise InvalidInput(message, errors={"result": message})
    number = locked.attempts.count() + 1
    CallbackAttempt.objects.create(
        callback=locked, number=number, at=now, result=result, note=note, by=by
    )
    actor = by if by.is_authenticated else None
    when = f"{clock.local_date(now):%d.%m.%Y}"
    final_not_reached = result == AttemptResult.NOT_REACHED and number >= MAX_ATTEMPTS
    if result == AttemptResult.REACHED:
        outcome = Outcome.REACHED_FIRST if number == 1 else Outcome.REACHED_LATER
        Callback.objects.filter(id=locked.id).update(
            status=CallbackStatus.DONE, outcome=outcome, retry_at=None
        )
        _close_item(actor, locked.item, Status.DONE, note)
        text = _("Callback: customer reached at attempt %(number)d.") % {"number": number}
    elif final_not_reached:
        Callback.objects.filter(id=locked.id).update(
            status=CallbackStatus.DONE, outcome=Outcome.NOT_REACHED, retry_at=None
        )
        _close_item(actor, locked.item, Status.DONE, note)
        text = _(
            "Callback: customer not reached at attempt %(number)d either; a letter follows."
        ) % {"number": number}
    else:
        local_now = now.astimezone(clock.BERLIN)
        latest = dt.datetime.combine(local_now.date(), LAST_RETRY, tzinfo=clock.BERLIN)
        retry = max(local_now, min(local_now + RETRY_AFTER, latest))
        Callback.objects.filter(id=locked.id).update(retry_at=retry)
        today = clock.local_date(now)
        Deadline.objects.filter(item=locked.item, code="main").update(
            due_date=today, amber_from=today
        )
        WorkItem.objects.filter(id=locked.item_id).update(
            due_date=today, amber_from=today, updated_at=now
        )
        text = _(
            "Callback: customer not reached (attempt %(number)d); second attempt at %(time)s."
        ) % {
            "number": number,
            "time": f"{retry:%H:%M}",
        }
    add_history_entry(
        actor=actor,
        customer=locked.customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=f"{text} {note}".strip() if note else text,
        ref=locked,
    )
    record(
        actor=actor,
        organisation=locked.organisation,
        action="servicecenter.callback_attempt",
        obj=locked,
        new={"number": number, "result": result, "day": when},
    )
    locked.refresh_from_db()
    if final_not_reached:
        callback_messages.queue(locked, callback_messages.Event.NOT_REACHED)
    return locked


def places_of(team: Team) -> QuerySet[ServicePlace]:
    return ServicePlace.objects.filter(team=team).order_by("name", "id")
