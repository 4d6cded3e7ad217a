"""Customer changes: the explicit hook procedures subscribe to (architecture: extension points).

The customer actions call :func:`customer_changed` inside their transaction after every change of
master data or of the contact history. Procedures subscribe from their ``AppConfig.ready()``, so
the core never imports a procedure (contact density recomputes the next contact, KON-02).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anliegen.customers.models import Customer
    from anliegen.org.models import User

CustomerChangedHandler = Callable[["Customer", "User"], None]

_HANDLERS: list[CustomerChangedHandler] = []


def on_customer_changed(handler: CustomerChangedHandler) -> CustomerChangedHandler:
    """Subscribe ``handler(customer, actor)``; usable as a decorator. Idempotent."""
    if handler not in _HANDLERS:
        _HANDLERS.append(handler)
    return handler


def customer_changed(customer: Customer, *, actor: User) -> None:
    """Tell every subscriber that ``customer`` changed. Runs in the caller's transaction."""
    for handler in list(_HANDLERS):
        handler(customer, actor)
