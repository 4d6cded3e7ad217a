"""What the customer receives about a callback (SOC-05): e-mail text with an iCalendar file, a
letter (``.docx``/PDF from the organisation's template of the letter kind
``callback_appointment``) and an SMS text through the pluggable sender (``servicecenter.sms``).

:func:`queue` is called inside the booking actions' transaction and writes one
:class:`CallbackMessage` per channel; the unique constraint (callback, event, sequence, channel)
makes a message exist once, whatever retries happen. After the commit a task sends each
e-mail and SMS and stamps ``sent_at`` with a conditional update, so a message is sent once; a
failure leaves it unsent and the periodic job ``servicecenter.callback_messages`` enqueues it
again (as the work app does with notification e-mails). A letter is produced from the template
by the same task (``sent_at`` = the letter was produced for printing and posting); it can be
downloaded as ``.docx`` or PDF at any time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from anliegen.appointments.dates import german_date, german_time
from anliegen.appointments.ical import appointment_ics
from anliegen.core import clock
from anliegen.core.periodic import register
from anliegen.letters.kinds import LetterKindSpec
from anliegen.letters.render import docx_to_pdf, render_docx
from anliegen.servicecenter.callbacks.models import (
    Callback,
    CallbackMessage,
    Channel,
    Purpose,
)
from anliegen.servicecenter.sms import SmsError, sender

logger = logging.getLogger("anliegen.servicecenter")

LETTER_KIND = "callback_appointment"
TEMPLATES = Path(__file__).resolve().parent / "letter_templates"
DEFAULT_TEMPLATE = TEMPLATES / f"{LETTER_KIND}.docx"
ICS_CONTENT_TYPE = "text/calendar"
#: A message not sent after this long is enqueued again by the periodic job.
RETRY_AFTER = dt.timedelta(minutes=10)


class Event(StrEnum):
    BOOKED = "booked"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    NOT_REACHED = "not_reached"


#: The channels each event uses. Not reached → a letter only ([decision] SOC-05: "then a letter").
CHANNELS: dict[str, tuple[str, ...]] = {
    Event.BOOKED: (Channel.EMAIL, Channel.LETTER, Channel.SMS),
    Event.RESCHEDULED: (Channel.EMAIL, Channel.LETTER, Channel.SMS),
    Event.CANCELLED: (Channel.EMAIL, Channel.LETTER, Channel.SMS),
    Event.NOT_REACHED: (Channel.LETTER,),
}


def _when(callback: Callback) -> dict[str, str]:
    start = callback.local_start
    return {
        "date": german_date(start.date()),
        "time": german_time(start),
        "end": german_time(callback.local_end),
        "phone": callback.phone,
        "purpose": str(Purpose(callback.purpose).label),
        "organisation": callback.organisation.name,
    }


def subject(callback: Callback, event: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        subjects = {
            Event.BOOKED: _("Your callback appointment on %(date)s at %(time)s"),
            Event.RESCHEDULED: _("Your callback appointment has moved to %(date)s, %(time)s"),
            Event.CANCELLED: _("Your callback appointment on %(date)s has been cancelled"),
            Event.NOT_REACHED: _("We could not reach you by phone"),
        }
        return subjects[Event(event)] % _when(callback)


def body(callback: Callback, event: str) -> str:
    """The German text of an event (e-mail body; the letter and the SMS say the same)."""
    values = _when(callback)
    with translation.override(settings.LANGUAGE_CODE):
        texts = {
            Event.BOOKED: _(
                "We will call you back on %(date)s between %(time)s and %(end)s at %(phone)s "
                "(%(purpose)s). Please keep your documents ready. If the time does not suit "
                "you, call us to move or cancel it."
            ),
            Event.RESCHEDULED: _(
                "Your callback has moved. We will call you back on %(date)s between %(time)s "
                "and %(end)s at %(phone)s (%(purpose)s)."
            ),
            Event.CANCELLED: _(
                "Your callback on %(date)s at %(time)s has been cancelled. You are welcome to "
                "book a new one."
            ),
            Event.NOT_REACHED: _(
                "We tried to call you back on %(date)s at %(phone)s twice and could not reach "
                "you. Please get in touch with us or book a new callback."
            ),
        }
        greeting = _("Dear %(name)s,") % {"name": callback.customer.display_name}
        closing = _("Kind regards, %(organisation)s") % values
        return f"{greeting}\n\n{texts[Event(event)] % values}\n\n{closing}"


def sms_text(callback: Callback, event: str) -> str:
    values = _when(callback)
    with translation.override(settings.LANGUAGE_CODE):
        texts = {
            Event.BOOKED: _("%(organisation)s: callback on %(date)s, %(time)s at %(phone)s."),
            Event.RESCHEDULED: _(
                "%(organisation)s: your callback has moved to %(date)s, %(time)s."
            ),
            Event.CANCELLED: _(
                "%(organisation)s: your callback on %(date)s, %(time)s is cancelled."
            ),
            Event.NOT_REACHED: _("%(organisation)s: we could not reach you. Please call us."),
        }
        return texts[Event(event)] % values


def _recipient(callback: Callback, channel: str) -> str:
    if channel == Channel.EMAIL:
        return callback.email or callback.customer.email
    if channel == Channel.SMS:
        return callback.phone
    customer = callback.customer
    return ", ".join(
        part
        for part in (
            customer.display_name,
            customer.street,
            f"{customer.postcode} {customer.city}".strip(),
        )
        if part
    )


def queue(callback: Callback, event: str, *, sequence: int = 0) -> list[CallbackMessage]:
    """Record the messages of ``event`` (inside the caller's transaction) and send them after the
    commit. Recording the same event and sequence again adds nothing."""
    created: list[CallbackMessage] = []
    for channel in CHANNELS[Event(event)]:
        recipient = _recipient(callback, channel)
        if channel == Channel.EMAIL and not recipient:
            continue
        text = sms_text(callback, event) if channel == Channel.SMS else body(callback, event)
        try:
            with transaction.atomic():
                message = CallbackMessage.objects.create(
                    callback=callback,
                    event=str(event),
                    sequence=sequence,
                    channel=channel,
                    recipient=recipient[:200],
                    text=text,
                )
        except IntegrityError:
            continue
        created.append(message)
        transaction.on_commit(partial(_enqueue, message.id))
    return created


def _enqueue(message_id: int) -> None:
    send_callback_message.enqueue(message_id)


# --- Files --------------------------------------------------------------------------------------


def ics_file(callback: Callback) -> bytes:
    """The callback as an iCalendar file (a cancelled one as a cancelled event)."""
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Callback from %(organisation)s") % {"organisation": callback.organisation.name}
        description = _("We call you at %(phone)s (%(purpose)s).") % _when(callback)
    return appointment_ics(
        uid=f"rueckruf-{callback.pk}@anliegen",
        start=callback.starts_at,
        duration=callback.ends_at - callback.starts_at,
        summary=summary,
        location=callback.phone,
        description=description,
    )


def letter_context(callback: Callback, event: str) -> dict[str, Any]:
    customer = callback.customer
    address = [customer.street, f"{customer.postcode} {customer.city}"]
    values = _when(callback)
    return {
        "customer_name": customer.display_name,
        "address_lines": [line.strip() for line in address if line.strip()],
        "customer_number": customer.customer_number,
        "reference": f"R-{callback.pk}",
        "subject": subject(callback, event),
        "event": str(event),
        "appointment_date": values["date"],
        "appointment_time": values["time"],
        "appointment_end": values["end"],
        "phone": callback.phone,
        "purpose": values["purpose"],
    }


def letter_docx(callback: Callback, event: str) -> bytes:
    return render_docx(callback.organisation, LETTER_KIND, letter_context(callback, event))


def letter_pdf(callback: Callback, event: str) -> bytes:
    return docx_to_pdf(letter_docx(callback, event))


def sample_context() -> Mapping[str, Any]:
    """Every placeholder of the callback letter, with example values (upload check, preview)."""
    return {
        "letterhead": ["Agentur für Arbeit Musterstadt", "Hauptstraße 1", "12345 Musterstadt"],
        "organisation": "Agentur für Arbeit Musterstadt",
        "today": "01.12.2026",
        "customer_name": "Erika Mustermann",
        "address_lines": ["Musterstraße 1", "12345 Musterstadt"],
        "customer_number": "K12345",
        "reference": "R-1",
        "subject": "Ihr Rückruftermin am 02.12.2026 um 09:00 Uhr",
        "event": "booked",
        "appointment_date": "02.12.2026",
        "appointment_time": "09:00",
        "appointment_end": "09:30",
        "phone": "030 1234567",
        "purpose": "Leistungsberatung",
    }


LETTER = LetterKindSpec(
    code=LETTER_KIND,
    label=gettext_lazy("callback appointment"),
    default_template=DEFAULT_TEMPLATE,
    sample_context=sample_context,
    placeholders={
        "customer_name": gettext_lazy("name of the customer"),
        "address_lines": gettext_lazy("address lines (list)"),
        "customer_number": gettext_lazy("customer number"),
        "reference": gettext_lazy("reference of the callback (R-…)"),
        "subject": gettext_lazy("subject of the letter"),
        "event": gettext_lazy(
            "booked, rescheduled, cancelled or not_reached: chooses the paragraph of the letter"
        ),
        "appointment_date": gettext_lazy("date of the callback"),
        "appointment_time": gettext_lazy("start of the callback"),
        "appointment_end": gettext_lazy("end of the callback"),
        "phone": gettext_lazy("the number we call"),
        "purpose": gettext_lazy("concern of the callback"),
    },
)


# --- Sending ------------------------------------------------------------------------------------


@task()
def send_callback_message(message_id: int) -> bool:
    """Send one message (e-mail with the ``.ics``, SMS, or produce the letter); once."""
    message = (
        CallbackMessage.objects.select_related("callback__customer", "callback__organisation")
        .filter(id=message_id, sent_at__isnull=True)
        .first()
    )
    if message is None:
        return False
    callback = message.callback
    try:
        if message.channel == Channel.EMAIL:
            mail = EmailMessage(
                subject(callback, message.event),
                message.text,
                settings.DEFAULT_FROM_EMAIL,
                [message.recipient],
            )
            if message.event != Event.NOT_REACHED:
                mail.attach("rueckruf.ics", ics_file(callback), ICS_CONTENT_TYPE)
            mail.send()
        elif message.channel == Channel.SMS:
            sender().send(message.recipient, message.text)
        else:
            letter_docx(callback, message.event)
    except (OSError, SmsError):
        logger.warning("callback message %s (%s) failed; will retry", message_id, message.channel)
        return False
    return bool(
        CallbackMessage.objects.filter(id=message_id, sent_at__isnull=True).update(
            sent_at=clock.now()
        )
    )


@register(
    "servicecenter.callback_messages",
    every=dt.timedelta(minutes=15),
    description="Send callback messages (e-mail, SMS, letter) that failed or were not sent yet.",
)
def retry_callback_messages() -> dict[str, Any]:
    stale = clock.now() - RETRY_AFTER
    pending = CallbackMessage.objects.filter(Q(sent_at__isnull=True), Q(created_at__lte=stale))
    ids = list(pending.order_by("id").values_list("id", flat=True)[:1000])
    for message_id in ids:
        send_callback_message.enqueue(message_id)
    return {"requeued": len(ids)}
