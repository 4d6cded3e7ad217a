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


class ServiceUnavailable(DomainError):
    """A service the request needs (e.g. LibreOffice for PDFs) is missing or did not answer in
    time: nothing was changed, the request may work later or in another format."""

    status = 503
    default_message = _("This function is not available at the moment.")


#: PostgreSQL's SQLSTATEs of a lost race between transactions: deadlock detected, serialisation
#: failure, lock not available.
LOCK_CONFLICT_STATES = frozenset({"40P01", "40001", "55P03"})


def lock_conflict(exc: BaseException) -> Conflict | None:
    """The 409 for a database error that only says another transaction won (issue 14, fault 1):
    nothing was saved, the request may simply be sent again. None for any other error.

    Every action on a work item takes its locks in one order (:mod:`anliegen.work.locking`), so
    this should not happen; should it still, the API (``api/problems.py``) and the pages
    (``core.middleware.LockConflictMiddleware``) answer with this instead of a 500."""
    cause = exc.__cause__ or exc
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state not in LOCK_CONFLICT_STATES:
        return None
    return Conflict(
        str(
            _(
                "Someone else changed this at the same moment; nothing was saved. "
                "Please reload and try again."
            )
        )
    )


#: SQLSTATE classes and codes that mean the database cannot answer right now: connection
#: exceptions (08…), insufficient resources (53…), and a server shutting down or starting up.
UNAVAILABLE_PREFIXES = ("08", "53")
UNAVAILABLE_STATES = frozenset({"57P01", "57P02", "57P03"})
#: Seconds a client should wait before sending the request again (``Retry-After``).
RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: BaseException) -> str | None:
    """The German message for a database that cannot be reached or is restarting (measured in
    the soak: a PostgreSQL restart costs about six seconds of such errors), else None. The API
    and the pages answer 503 with ``Retry-After`` instead of a 500, so that clients and people
    know that sending again later is the right thing to do."""
    from django.db import InterfaceError, OperationalError

    if not isinstance(exc, (InterfaceError, OperationalError)):
        return None
    cause = exc.__cause__ or exc
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state is not None and not (
        state.startswith(UNAVAILABLE_PREFIXES) or state in UNAVAILABLE_STATES
    ):
        return None
    return str(
        _(
            "The database cannot be reached at the moment. Please send the request again in "
            "a few seconds."
        )
    )
