"""Domain errors raised by actions and scoped getters.

Both the API (as problem+json) and the HTML views (as a message or 404 page) turn these into
responses, so the German text is written once, here or at the raising site.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    default_message = _("The request could not be processed.")

    def __init__(self, message: str | None = None, *, errors: dict[str, str] | None = None) -> None:
        self.message = str(message or self.default_message)
        self.errors = errors or {}
        super().__init__(self.message)


class InvalidInput(DomainError):
    """Bad input: nothing was changed (NFR-04)."""

    status = 422
    default_message = _("The input is invalid.")


class NotFound(DomainError):
    """The object does not exist, or the actor may not see it: never tell which."""

    status = 404
    default_message = _("Not found.")


class Forbidden(DomainError):
    """The actor sees the object but may not take this action on it."""

    status = 403
    default_message = _("You are not allowed to do this.")


class Conflict(DomainError):
    """The object changed meanwhile (e.g. someone else completed it first)."""

    status = 409
    default_message = _("The object was changed meanwhile. Please reload.")
