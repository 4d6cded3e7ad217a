"""Helpers for the API tests: a client that sends a token per user, problem assertions, and a
snapshot of row counts to prove that rejected input changed nothing (NFR-04)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from anliegen.api.models import ApiToken
from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Absence, User
from anliegen.rules.models import RuleSet
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.models import Notification, WorkItem

PROBLEM = "application/problem+json"
COUNTED = (
    Customer,
    HistoryEntry,
    AuditEntry,
    AccessEntry,
    WorkItem,
    Absence,
    RuleSet,
    Notification,
)


@dataclass
class Api:
    """``api.get("/orgs", user=world.tl)``: each user gets (and keeps) their own token."""

    client: Client = field(default_factory=Client)
    tokens: dict[int, str] = field(default_factory=dict)

    def token(self, user: User) -> str:
        if user.id not in self.tokens:
            _token, secret = ApiToken.issue(user)
            self.tokens[user.id] = secret
        return self.tokens[user.id]

    def _headers(self, user: User | None) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token(user)}"} if user is not None else {}

    def get(
        self,
        path: str,
        user: User | None = None,
        query: dict[str, Any] | None = None,
        **params: Any,
    ) -> Any:
        """``query`` for parameters whose names clash with ours (e.g. ``user``)."""
        return self.client.get(f"/api/v1{path}", {**(query or {}), **params}, **self._headers(user))

    def send(self, method: str, path: str, body: Any = None, user: User | None = None) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body, default=str)
        return getattr(self.client, method)(
            f"/api/v1{path}",
            data=data if body is not None else "",
            content_type="application/json",
            **self._headers(user),
        )

    def post(self, path: str, body: Any = None, user: User | None = None) -> Any:
        return self.send("post", path, body, user)

    def patch(self, path: str, body: Any = None, user: User | None = None) -> Any:
        return self.send("patch", path, body, user)

    def delete(self, path: str, user: User | None = None) -> Any:
        return self.send("delete", path, None, user)


@pytest.fixture
def api() -> Api:
    return Api()


def german(msgid: str) -> str:
    """The German text of a message id, asserting that a translation exists."""
    with translation.override("de"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no German translation of {msgid!r}"
    return text


#: English texts of the web framework that must never reach an API client.
FRAMEWORK_ENGLISH = {
    "Not Found",
    "Unauthorized",
    "Forbidden",
    "Cannot parse request body",
    "Method not allowed",
    "Field required",
}


def assert_not_english(text: str) -> None:
    """The text is no English message id (of any catalog) and no framework default: a German
    message was produced, or at least no English one leaked."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("de")._catalog
    assert text not in FRAMEWORK_ENGLISH, text
    assert not (text in catalog and catalog[text] != text), f"untranslated: {text!r}"
    assert not text.startswith(("Input should", "Value error", "String should")), text


def assert_problem(
    response: Any, status: int, detail: str | None = None, fields: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A problem+json (RFC 9457) with this status, a (German) detail and these field errors."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["type"].startswith("/api/v1/problems/")
    assert body["title"]
    assert body["detail"]
    assert_not_english(body["detail"])
    assert_not_english(body["title"])
    for message in body.get("errors", {}).values():
        assert_not_english(message)
    if detail is not None:
        assert body["detail"] == detail
    for name in fields:
        assert name in body.get("errors", {}), body
        assert body["errors"][name]
    return body


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def unchanged():  # type: ignore[no-untyped-def]
    """``with unchanged(): ...`` asserts that no row was added or removed in the block."""
    from contextlib import contextmanager

    @contextmanager
    def _unchanged():  # type: ignore[no-untyped-def]
        before = counts()
        yield
        assert counts() == before

    return _unchanged


def make_item(
    world,
    *,
    assignee,
    due: dt.date,
    title: str = "Rückfrage",
    kind: str = "ticket",  # type: ignore[no-untyped-def]
    customer=None,
    team=None,
    priority: int = 5,
) -> WorkItem:
    return create_item(
        actor=world.tl,
        organisation=world.org,
        kind=kind,
        title=title,
        customer=customer,
        team=team if team is not None else world.team,
        assignee=assignee,
        priority=priority,
        deadlines=[DeadlineSpec("main", due)],
    )
