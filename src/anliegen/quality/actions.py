"""The one write path of agreed deviations (QS-07): propose, consent.

A deviation takes effect (``agreed``) once two different people consented: one for the central
management (GF) and one for the site's leadership (area management of an area at the site, or
a team lead there). The deviation row is locked while consenting, and the database holds one
consent per person and per side, so two concurrent consents never count twice. Everything is
written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.org.models import Site, User
from anliegen.org.scope import Scope

from . import access
from .models import Deviation, DeviationConsent
from .standard import RULES


def deviation_dict(deviation: Deviation) -> dict[str, Any]:
    return {
        "site": deviation.site_id,
        "rule": deviation.rule,
        "reason": deviation.reason,
        "valid_from": deviation.valid_from.isoformat(),
        "valid_until": deviation.valid_until.isoformat() if deviation.valid_until else None,
        "status": deviation.status,
    }


def get_deviation_for(scope: Scope, deviation_id: int) -> Deviation:
    deviation = (
        Deviation.objects.filter(organisation=scope.organisation, pk=deviation_id)
        .select_related("site")
        .first()
    )
    if deviation is None or not access.may_view(scope):
        raise NotFound(_("Deviation not found."))
    return deviation


def _site(scope: Scope, site_id: int | None) -> Site:
    site = (
        Site.objects.filter(organisation=scope.organisation, pk=site_id).first()
        if site_id is not None
        else None
    )
    if site is None:
        raise InvalidInput(_("Choose a site."), errors={"site": _("Choose a site.")})
    return site


@transaction.atomic
def propose_deviation(
    *,
    actor: User,
    scope: Scope,
    site_id: int | None,
    rule: str,
    reason: str,
    valid_from: dt.date | None,
    valid_until: dt.date | None = None,
) -> Deviation:
    """Either side proposes: the GF, or the leadership of that site. Bad input changes
    nothing and names the field in German."""
    if not access.may_consent_any(scope):
        raise Forbidden(_("Only the management or the site's leadership may propose deviations."))
    site = _site(scope, site_id)
    errors: dict[str, str] = {}
    if rule not in RULES:
        errors["rule"] = _("Choose a rule of the standard.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Give the reason for the deviation.")
    if valid_from is None:
        errors["valid_from"] = _("Give the day the deviation starts.")
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The deviation cannot end before it starts.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    if not access.sides_of(scope, site):
        raise Forbidden(_("Only the management or the site's leadership may propose deviations."))
    assert valid_from is not None
    deviation = Deviation.objects.create(
        organisation=scope.organisation,
        site=site,
        rule=rule,
        reason=reason,
        valid_from=valid_from,
        valid_until=valid_until,
        proposed_by=actor,
        proposed_at=clock.now(),
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.deviation_proposed",
        obj=deviation,
        new=deviation_dict(deviation),
    )
    return deviation


@transaction.atomic
def consent_deviation(*, actor: User, scope: Scope, deviation_id: int) -> Deviation:
    """Consent for the central management or the site; the second side's consent by another
    person makes the deviation ``agreed``. The same person again, or a second person for a
    side that already consented: Conflict (409)."""
    deviation = get_deviation_for(scope, deviation_id)
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    sides = access.sides_of(scope, deviation.site)
    if not sides:
        raise Forbidden(
            _("Only the management (GF) or the site's leadership may consent to a deviation.")
        )
    consents = list(deviation.consents.all())
    if any(c.user_id == actor.pk for c in consents):
        raise Conflict(
            _("You have already consented; the other side must consent by another person.")
        )
    given = {c.side for c in consents}
    open_sides = [side for side in sides if side not in given]
    if not open_sides:
        raise Conflict(_("Your side has already consented to this deviation."))
    side = open_sides[0]
    now = clock.now()
    try:
        with transaction.atomic():
            consent = DeviationConsent.objects.create(
                deviation=deviation, user=actor, side=side, at=now
            )
    except IntegrityError:  # pragma: no cover - the row lock makes this unreachable
        raise Conflict() from None
    old = deviation_dict(deviation)
    if given | {side} == {DeviationConsent.Side.CENTRAL, DeviationConsent.Side.SITE}:
        deviation.status = Deviation.Status.AGREED
        deviation.agreed_at = now
        deviation.save(update_fields=["status", "agreed_at"])
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.deviation_consented",
        obj=deviation,
        old=old,
        new={**deviation_dict(deviation), "consent": {"side": side, "id": consent.pk}},
    )
    return deviation
