"""What every API handler needs: the caller, their scope, codes for schemas, body references.

Handlers only parse, call an action or query, and serialise; these helpers keep that short.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, overload

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

from anliegen.core.clock import BERLIN
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.org.models import User
from anliegen.org.scope import Scope, get_scope_for

T = TypeVar("T")

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000


def _email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(_("Not a valid e-mail address.")) from None
    return value


#: An e-mail address or the empty string (Django's validator; pydantic's needs another package).
Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]


def actor(request: HttpRequest) -> User:
    """The authenticated caller (from the token, never from a session)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # pragma: no cover - ninja authenticates before the handler
        raise NotFound()
    return user


def org_scope(request: HttpRequest, org: str) -> Scope:
    """The caller's scope in organisation ``org``; 404 if they are not a member."""
    return get_scope_for(actor(request), org)


def codes(choices: type[models.TextChoices] | tuple[str, ...]) -> Any:
    """A ``Literal`` of the codes of model choices, so the OpenAPI document lists them."""
    values = tuple(choices) if isinstance(choices, tuple) else tuple(choices.values)
    return Literal[values]


def referenced(field: str, lookup: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Resolve an object named in the request body; one that does not exist or is not visible
    is invalid input of that field (422), not a 404 of the whole request."""
    try:
        return lookup(*args, **kwargs)
    except NotFound as exc:
        raise InvalidInput(
            exc.message, errors={field: _("Unknown, or not visible to you.")}
        ) from None


def renamed(exc: InvalidInput, names: dict[str, str]) -> InvalidInput:
    """The same error with the action's field names replaced by the API's."""
    return InvalidInput(exc.message, errors={names.get(k, k): v for k, v in exc.errors.items()})


@overload
def local(moment: dt.datetime) -> dt.datetime: ...
@overload
def local(moment: None) -> None: ...
def local(moment: dt.datetime | None) -> dt.datetime | None:
    """Datetimes go out in Berlin time, with their offset."""
    return moment.astimezone(BERLIN) if moment is not None else None


def username(user: Any) -> str | None:
    return user.username if user is not None else None
