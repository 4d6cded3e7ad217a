"""Callback appointments (SOC-05): book, cancel, reschedule, record attempts. The one write path
for callbacks; the API, the call screen, the OS calendar and the portal all call these (service
places have theirs in ``callbacks.places``).

Never double-booked: see ``callbacks.concurrency``. Who may: ``callbacks.access`` — the service
centre's staff (TSB, FiT, leads) book, cancel and reschedule for every OS team of the region; OS
staff (members, leads, area management) for their own teams, and only they record attempts; the
region's management everything. The portal books without a person (``actor=None``,
``source=portal``).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Organisation, Team, User
from anliegen.org.scope import Scope
from anliegen.servicecenter.callbacks import concurrency
from anliegen.servicecenter.callbacks import messages as callback_messages
from anliegen.servicecenter.callbacks.access import (
    acting_scope,
    ensure_may_change,
    ensure_may_record,
    may_book,
)
from anliegen.servicecenter.callbacks.checks import (
    MAX_NOTE,
    BookingRequest,
    aware,
    checked_purpose_and_team,
    free_places_at,
    holds_open,
    not_free,
    note_errors,
    open_for_purpose,
    raise_errors,
    replayed,
)
from anliegen.servicecenter.callbacks.models import (
    ACTIVE_STATUSES,
    AttemptResult,
    Callback,
    CallbackAttempt,
    CallbackStatus,
    Outcome,
    Purpose,
)
from anliegen.work import actions as work_actions
from anliegen.work.locking import lock_with_item
from anliegen.work.models import Deadline, Kind, Status, WorkItem

#: [decision] A customer not reached gets the second attempt this long after the first, the same
#: day, but no later than :data:`LAST_RETRY`.
RETRY_AFTER = dt.timedelta(hours=2)
LAST_RETRY = dt.time(18, 0)
MAX_ATTEMPTS = 2


def _person(actor: User | None) -> User | None:
    """The actor as stored on rows and audit entries: ``None`` for the portal and anonymous."""
    return actor if actor is not None and actor.is_authenticated else None


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
    actor: User | None = None,
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
            return replayed(existing, request_hash)
    booking = BookingRequest(
        organisation=organisation,
        purpose=purpose,
        start=start,
        customer=customer,
        phone=phone.strip(),
        email=email.strip(),
        note=note.strip(),
        call_ref=call_ref.strip(),
        source=source,
        key=key,
        fingerprint=request_hash if key else "",
    )
    try:
        return _book(booking, team, actor=actor, scope=acting_scope(scope, actor, organisation))
    except IntegrityError as exc:
        if not key or concurrency.violation(exc) != "idempotency":
            raise
        existing = Callback.objects.filter(organisation=organisation, idempotency_key=key).first()
        if existing is None:
            raise
        return replayed(existing, request_hash)


def _callback_title(start: dt.datetime, customer: Customer) -> str:
    return _("Callback %(when)s: %(customer)s") % {
        "when": f"{start.astimezone(clock.BERLIN):%d.%m. %H:%M}",
        "customer": customer.display_name,
    }


@transaction.atomic
def _book(
    booking: BookingRequest, team: Team | int, *, actor: User | None, scope: Scope | None
) -> Callback:
    purpose, os_team = checked_purpose_and_team(booking, team)
    if scope is not None and not may_book(scope, os_team):
        raise Forbidden(_("You may not book callbacks for this team."))
    customer = booking.customer
    concurrency.queue_up(os_team.id, booking.start)
    existing = open_for_purpose(customer, purpose, exclude=None)
    if existing is not None:
        raise holds_open(existing)
    end, places = free_places_at(os_team, purpose, booking.start, exclude=None)
    start = aware(booking.start)
    person = _person(actor)
    item = work_actions.create_item(
        actor=person,
        organisation=booking.organisation,
        kind=Kind.CALLBACK,
        title=_callback_title(start, customer),
        customer=customer,
        team=os_team,
        deadlines=[work_actions.DeadlineSpec("main", clock.local_date(start))],
        note=booking.note,
        priority=2,
    )
    callback = _insert(booking, item, os_team, purpose, start, end, places, person)
    _log_booking(callback, booking, person)
    callback_messages.queue(callback, callback_messages.Event.BOOKED)
    return callback


def _insert(
    booking: BookingRequest,
    item: WorkItem,
    team: Team,
    purpose: str,
    start: dt.datetime,
    end: dt.datetime,
    places: list[int],
    person: User | None,
) -> Callback:
    """The callback row at the first free place; 409 when every place was taken meanwhile, 422
    when the customer's open callback for the purpose was booked concurrently."""
    try:
        callback = concurrency.insert_at_free_place(
            places,
            item=item,
            organisation=booking.organisation,
            team=team,
            customer=booking.customer,
            purpose=purpose,
            starts_at=start,
            ends_at=end,
            phone=booking.phone,
            email=booking.email or booking.customer.email,
            note=booking.note,
            source=booking.source,
            call_ref=booking.call_ref[:100],
            idempotency_key=booking.key,
            request_hash=booking.fingerprint,
            created_by=person,
        )
    except concurrency.OpenForPurpose:
        existing = open_for_purpose(booking.customer, purpose, exclude=None)
        raise (holds_open(existing) if existing else not_free()) from None
    if callback is None:
        raise not_free()
    return callback


def _log_booking(callback: Callback, booking: BookingRequest, person: User | None) -> None:
    """The customer's history entry and the audit entry of a booking."""
    add_history_entry(
        actor=person,
        customer=booking.customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=_("Callback booked for %(when)s (%(purpose)s, %(team)s), phone %(phone)s.")
        % {
            "when": f"{callback.local_start:%d.%m.%Y %H:%M}",
            "purpose": Purpose(callback.purpose).label,
            "team": callback.team.name,
            "phone": booking.phone,
        },
        ref=callback,
    )
    record(
        actor=person,
        organisation=booking.organisation,
        action="servicecenter.callback_booked",
        obj=callback,
        new={
            "item": callback.item_id,
            "team": callback.team_id,
            "place": callback.place_id,
            "start": callback.starts_at.isoformat(),
            "purpose": callback.purpose,
            "source": booking.source,
        },
    )


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


@transaction.atomic
def cancel_callback(
    callback: Callback, *, actor: User | None, reason: str = "", scope: Scope | None = None
) -> Callback:
    """Cancel an open callback: its time is free again, its work item is cancelled, the customer
    is told (e-mail, letter, SMS). Cancelling again → 409."""
    reason = reason.strip()
    if len(reason) > MAX_NOTE:
        message = _("The reason is too long (at most 500 characters).")
        raise InvalidInput(message, errors={"reason": message})
    locked = _lock_active(callback)
    ensure_may_change(acting_scope(scope, actor, locked.organisation), locked)
    person = _person(actor)
    now = clock.now()
    Callback.objects.filter(id=locked.id).update(
        status=CallbackStatus.CANCELLED, cancelled_at=now, retry_at=None
    )
    _close_item(person, locked.item, Status.CANCELLED, reason)
    locked.refresh_from_db()
    add_history_entry(
        actor=person,
        customer=locked.customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=_("Callback of %(when)s cancelled.") % {"when": f"{locked.local_start:%d.%m.%Y %H:%M}"}
        + (f" {reason}" if reason else ""),
        ref=locked,
    )
    record(
        actor=person,
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
    callback: Callback, *, start: dt.datetime, actor: User | None, scope: Scope | None = None
) -> Callback:
    """Move an open callback to ``start``: the same place if it is free then, else another free
    place of the team. The old time stays held until the move commits. The same checks as a
    booking (422); no free place → 409, nothing changes."""
    locked = _lock_active(callback)
    ensure_may_change(acting_scope(scope, actor, locked.organisation), locked)
    if locked.attempts.exists():
        raise Conflict(_("The callback has already been attempted; book a new one instead."))
    start = aware(start)
    if start == locked.starts_at:
        return locked
    concurrency.queue_up(locked.team_id, start)
    end, places = free_places_at(locked.team, locked.purpose, start, exclude=locked.id)
    if locked.place_id in places:
        places.remove(locked.place_id)
        places.insert(0, locked.place_id)
    old_start = locked.starts_at
    old = {"place": locked.place_id, "start": old_start.isoformat()}
    if not concurrency.move_to_free_place(locked.id, places, start, end):
        raise not_free()
    _move_item(locked, start)
    locked.refresh_from_db()
    _log_move(locked, old_start, old, _person(actor))
    return locked


def _move_item(callback: Callback, start: dt.datetime) -> None:
    """The callback's work item and its deadline follow the new day."""
    day = clock.local_date(start)
    item = callback.item
    Deadline.objects.filter(item=item, code="main").update(due_date=day, amber_from=day)
    WorkItem.objects.filter(id=item.id).update(
        due_date=day,
        amber_from=day,
        light_notified="",
        title=_callback_title(start, callback.customer),
        updated_at=clock.now(),
    )


def _log_move(
    callback: Callback, old_start: dt.datetime, old: dict[str, object], person: User | None
) -> None:
    """History, audit and the customer's message of a reschedule."""
    add_history_entry(
        actor=person,
        customer=callback.customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=_("Callback moved from %(old)s to %(new)s.")
        % {
            "old": f"{old_start.astimezone(clock.BERLIN):%d.%m.%Y %H:%M}",
            "new": f"{callback.local_start:%d.%m.%Y %H:%M}",
        },
        ref=callback,
    )
    record(
        actor=person,
        organisation=callback.organisation,
        action="servicecenter.callback_rescheduled",
        obj=callback,
        old=old,
        new={"place": callback.place_id, "start": callback.starts_at.isoformat()},
    )
    sequence = (
        callback.messages.filter(event=callback_messages.Event.RESCHEDULED).aggregate(
            n=Max("sequence")
        )["n"]
        or 0
    ) + 1
    callback_messages.queue(callback, callback_messages.Event.RESCHEDULED, sequence=sequence)


# --- Attempts and outcome ---------------------------------------------------------------------


@transaction.atomic
def record_attempt(
    callback: Callback,
    *,
    result: str,
    note: str = "",
    actor: User,
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
    raise_errors(note_errors(note))
    locked = _lock_active(callback)
    ensure_may_record(acting_scope(scope, actor, locked.organisation), locked)
    now = clock.now()
    if clock.local_date(locked.starts_at) > clock.local_date(now):
        message = _("The callback is on %(day)s; record attempts from that day on.") % {
            "day": f"{locked.local_start:%d.%m.%Y}"
        }
        raise InvalidInput(message, errors={"result": message})
    number = locked.attempts.count() + 1
    CallbackAttempt.objects.create(
        callback=locked, number=number, at=now, result=result, note=note, by=actor
    )
    person = _person(actor)
    final_not_reached = result == AttemptResult.NOT_REACHED and number >= MAX_ATTEMPTS
    if result == AttemptResult.REACHED or final_not_reached:
        text = _finish(locked, number, note, person, reached=result == AttemptResult.REACHED)
    else:
        text = _plan_retry(locked, number, now)
    add_history_entry(
        actor=person,
        customer=locked.customer,
        kind=HistoryEntry.Kind.CALLBACK,
        text=f"{text} {note}".strip() if note else text,
        ref=locked,
    )
    record(
        actor=person,
        organisation=locked.organisation,
        action="servicecenter.callback_attempt",
        obj=locked,
        new={"number": number, "result": result, "day": f"{clock.local_date(now):%d.%m.%Y}"},
    )
    locked.refresh_from_db()
    if final_not_reached:
        callback_messages.queue(locked, callback_messages.Event.NOT_REACHED)
    return locked


def _finish(
    callback: Callback, number: int, note: str, person: User | None, *, reached: bool
) -> str:
    """The callback ends with its outcome and its work item is done; the history text."""
    if reached:
        outcome = Outcome.REACHED_FIRST if number == 1 else Outcome.REACHED_LATER
    else:
        outcome = Outcome.NOT_REACHED
    Callback.objects.filter(id=callback.id).update(
        status=CallbackStatus.DONE, outcome=outcome, retry_at=None
    )
    _close_item(person, callback.item, Status.DONE, note)
    if reached:
        return _("Callback: customer reached at attempt %(number)d.") % {"number": number}
    return _("Callback: customer not reached at attempt %(number)d either; a letter follows.") % {
        "number": number
    }


def _plan_retry(callback: Callback, number: int, now: dt.datetime) -> str:
    """Not reached at the first attempt: the second attempt the same day; the history text."""
    local_now = now.astimezone(clock.BERLIN)
    latest = dt.datetime.combine(local_now.date(), LAST_RETRY, tzinfo=clock.BERLIN)
    retry = max(local_now, min(local_now + RETRY_AFTER, latest))
    Callback.objects.filter(id=callback.id).update(retry_at=retry)
    today = clock.local_date(now)
    Deadline.objects.filter(item=callback.item, code="main").update(
        due_date=today, amber_from=today
    )
    WorkItem.objects.filter(id=callback.item_id).update(
        due_date=today, amber_from=today, updated_at=now
    )
    return _("Callback: customer not reached (attempt %(number)d); second attempt at %(time)s.") % {
        "number": number,
        "time": f"{retry:%H:%M}",
    }
