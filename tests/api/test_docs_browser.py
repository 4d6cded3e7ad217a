"""FND-12: the API docs render in a real browser from local assets only, under the app's CSP."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_docs_render_offline_under_the_csp(page, live_server):  # noqa: F811
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/api/v1/docs")
    page.get_by_text("/api/v1/orgs/{org}/worklist").first.wait_for()
    assert page.get_by_text("Authorize").count() >= 1
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert not [e for e in errors if "Content Security Policy" in e], errors
