"""What procedures offer for an appointment they booked (extension point).

The calendar knows no procedure. A procedure registers, from its ``AppConfig.ready()``, a
function that returns the links it offers for one appointment: documents (an invitation letter)
and pages (the procedure's week calendar). The booked-appointment page shows them; the calendar
file (``.ics``) is the calendar's own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from anliegen.org.scope import Scope

    from .models import Appointment


@dataclass(frozen=True)
class AppointmentLink:
    label: str | Promise
    url: str
    document: bool = False
    """A download (letter) rather than a page."""


LinkProvider = Callable[["Scope", "Appointment"], Sequence[AppointmentLink]]

_PROVIDERS: list[LinkProvider] = []


def register_appointment_links(provider: LinkProvider) -> LinkProvider:
    """Subscribe ``provider(scope, appointment) -> [AppointmentLink]``. Idempotent."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def appointment_links(scope: Scope, appointment: Appointment) -> list[AppointmentLink]:
    """Every registered link for ``appointment``, documents first."""
    links = [link for provider in list(_PROVIDERS) for link in provider(scope, appointment)]
    return sorted(links, key=lambda link: not link.document)
