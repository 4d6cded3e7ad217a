"""Sending SMS texts (SOC-05) through a pluggable sender: ``settings.SMS_SENDER`` is the dotted
path of a class with ``send(to, text)``; no gateway is configured, so the default writes the text
to the log. A sender raises :class:`SmsError` (or ``OSError``) when the gateway refuses; the
message then stays unsent and the periodic job tries again."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("anliegen.sms")

DEFAULT_SENDER = "anliegen.servicecenter.sms.LogSender"


class SmsError(Exception):
    """The gateway did not take the text."""


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LogSender:
    """Writes the SMS to the log (``anliegen.sms``) instead of sending it."""

    def send(self, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


def sender() -> SmsSender:
    cls = import_string(getattr(settings, "SMS_SENDER", "") or DEFAULT_SENDER)
    instance: SmsSender = cls()
    return instance
