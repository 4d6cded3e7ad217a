"""Spam protection of the public forms under ``/portal/`` (no login): a honeypot field, a signed
render time (at least ``min_seconds``, at most ``max_seconds`` before sending) and a rate limit
per IP address (``django-ratelimit``, default cache).

The time check applies to the first render of the form: a page shown again with errors keeps
the original render time (:meth:`FormGuard.first_render_token`), so a citizen who corrects an
entry and sends again at once is neither "too fast" nor locked out (issue 9, defect 3). Used by
the customer reactions' form (KRM-01) and the callback portal (SOC-05).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import get_usage

from anliegen.core import clock
from anliegen.org.models import Organisation

TOO_FAST = "The form was sent too quickly. Please check your entries and send it again."


class HoneypotField(forms.CharField):
    """A field people do not see (hidden by the class ``reactions-hp`` around it); bots fill it."""

    def __init__(self) -> None:
        super().__init__(
            label=gettext_lazy("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )


@dataclass(frozen=True)
class FormGuard:
    """The spam protection of one public form: its signing salt, fill times and rate limit."""

    salt: str
    group: str
    rate: str
    min_seconds: int = 3
    max_seconds: int = 2 * 3600

    def issue_token(self, organisation: Organisation) -> str:
        return signing.dumps(
            {"org": organisation.slug, "t": clock.now().timestamp()}, salt=self.salt
        )

    def token_problem(self, token: str, organisation: Organisation) -> str | None:
        """Why a form token is not acceptable (a German message), or None."""
        try:
            data = signing.loads(token or "", salt=self.salt)
            sent = float(data["t"])
            slug = data["org"]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return _("The form could not be checked. Please fill it in again.")
        age = clock.now().timestamp() - sent
        if slug != organisation.slug or age > self.max_seconds:
            return _("The form has expired. Please fill it in again.")
        if age < self.min_seconds:
            return _(TOO_FAST)
        return None

    def first_render_token(self, token: str, organisation: Organisation) -> str:
        """The token to show again with a rejected form: the posted one while it still names
        this organisation and has not expired (it carries the time of the first render), else a
        new one."""
        problem = self.token_problem(token, organisation)
        if problem is None or problem == _(TOO_FAST):
            return token
        return self.issue_token(organisation)

    def used_up(self, request: HttpRequest, *, count: bool) -> bool:
        """Whether this client has used up its sends; ``count`` counts one more."""
        usage = get_usage(
            request, group=self.group, key="ip", rate=self.rate, method="POST", increment=count
        )
        if usage is None:  # rate limiting switched off
            return False
        return bool(usage["count"] >= usage["limit"])

    def problem(
        self, request: HttpRequest, organisation: Organisation, *, honeypot: str, token: str
    ) -> str | None:
        """The German message why a valid-looking send is refused (rate limit, honeypot, fill
        time), or None. Does not count the send."""
        if self.used_up(request, count=False):
            return _("Too many messages were sent from your connection. Please try again later.")
        if honeypot:
            return _("Your message could not be sent. Please try again.")
        return self.token_problem(token, organisation)
