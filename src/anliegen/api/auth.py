"""Token authentication of the API (FND-12, NFR-05).

``Authorization: Bearer <token>``. The token is looked up by its SHA-256 hash; revoked tokens
and inactive users are rejected. Django's session is never accepted, so the API needs no CSRF
token and a browser session cannot be abused against it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from ninja.security import HttpBearer

from anliegen.api.models import ApiToken, hash_token
from anliegen.core import clock
from anliegen.org.models import User

#: ``last_used_at`` is written at most this often per token (one UPDATE, not one per request).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


def user_for_token(token: str) -> User | None:
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    now = clock.now()
    if api_token.last_used_at is None or api_token.last_used_at <= now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(id=api_token.id).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
    user = api_token.user
    assert isinstance(user, User)
    return user


class TokenAuth(HttpBearer):
    """Returns the token's user (``request.auth``) or None, which ninja turns into a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)
