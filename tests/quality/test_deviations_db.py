"""QS-07: agreed deviations — proposal, two different consenting people, validity, audit."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import translation

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.quality import actions, checks
from anliegen.quality.models import Deviation, DeviationConsent
from tests.factories import make_user

from .conftest import NO_AFTERNOON, set_hours


def propose(world, user, **kw):  # type: ignore[no-untyped-def]
    values = {
        "site_id": world.site.pk,
        "rule": "afternoon",
        "reason": "Kein Bedarf am Nachmittag laut Kundenbefragung",
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2026, 6, 30),
    }
    values.update(kw)
    return actions.propose_deviation(actor=user, scope=scope_for(user, world.org), **values)


def consent(world, user, deviation):  # type: ignore[no-untyped-def]
    return actions.consent_deviation(
        actor=user, scope=scope_for(user, world.org), deviation_id=deviation.pk
    )


def test_site_proposes_both_consent_and_it_is_agreed(world):
    """QS-07: a team lead at the site proposes; GF and team lead consent → agreed."""
    deviation = propose(world, world.tl)
    assert deviation.status == "proposed"
    assert consent(world, world.gf, deviation).status == "proposed"
    agreed = consent(world, world.tl, deviation)
    assert agreed.status == "agreed"
    assert agreed.agreed_at is not None
    assert sorted(deviation.consents.values_list("side", flat=True)) == ["central", "site"]
    actions_logged = list(
        AuditEntry.objects.filter(object_id=str(deviation.pk)).values_list("action", flat=True)
    )
    assert actions_logged.count("quality.deviation_proposed") == 1
    assert actions_logged.count("quality.deviation_consented") == 2


def test_area_management_of_the_site_consents_for_the_site(world):
    """QS-07: the area management of an area at the site counts for the site."""
    deviation = propose(world, world.gf)
    consent(world, world.bl, deviation)
    assert consent(world, world.gf, deviation).status == "agreed"


def test_the_same_person_twice_is_refused(world):
    """QS-07: the same person consenting twice → Conflict (409), nothing changes."""
    deviation = propose(world, world.gf)
    consent(world, world.gf, deviation)
    with pytest.raises(Conflict), translation.override("de"):
        consent(world, world.gf, deviation)
    assert DeviationConsent.objects.filter(deviation=deviation).count() == 1
    assert Deviation.objects.get(pk=deviation.pk).status == "proposed"


def test_a_person_holding_both_roles_cannot_agree_alone(world):
    """QS-07: two different people — a GF who also leads a team at the site consents once."""
    make_user("gf", org=world.org, role=Role.TEAM_LEAD, team=world.team_integration)
    deviation = propose(world, world.gf)
    consent(world, world.gf, deviation)
    with pytest.raises(Conflict):
        consent(world, world.gf, deviation)
    assert Deviation.objects.get(pk=deviation.pk).status == "proposed"


def test_a_second_person_of_the_same_side_is_refused(world):
    """QS-07: two site leaders do not make an agreement; the GF must consent."""
    deviation = propose(world, world.tl)
    consent(world, world.tl, deviation)
    with pytest.raises(Conflict):
        consent(world, world.bl, deviation)
    assert Deviation.objects.get(pk=deviation.pk).status == "proposed"


def test_leaders_of_another_site_and_case_workers_may_not(world, second):
    """QS-07: only the GF and this site's leadership; others are refused."""
    deviation = propose(world, world.gf)
    with pytest.raises(Forbidden):
        consent(world, second["tl"], deviation)
    with pytest.raises(Forbidden):
        propose(world, second["tl"])
    with pytest.raises(NotFound):
        consent(world, world.worker, deviation)
    with pytest.raises(Forbidden):
        propose(world, world.office)
    assert not DeviationConsent.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": "   "}, "reason", "Begründung"),
        ({"valid_until": dt.date(2025, 12, 31)}, "valid_until", "vor ihrem Beginn"),
        ({"rule": "lunch_break"}, "rule", "Regel"),
        ({"valid_from": None}, "valid_from", "beginnt"),
        ({"site_id": 999999}, "site", "Standort"),
    ],
)
def test_bad_proposals_change_nothing(world, change, field, message):
    """QS-07 bad input: no reason, end before start, unknown rule → German error, nothing
    stored, nothing audited."""
    with translation.override("de"), pytest.raises(InvalidInput) as caught:
        propose(world, world.gf, **change)
    assert field in caught.value.errors
    assert message in caught.value.errors[field]
    assert not Deviation.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="quality.").exists()


@pytest.mark.parametrize(
    ("day", "status", "state"),
    [
        (dt.date(2025, 12, 31), "agreed", "broken"),  # before its validity
        (dt.date(2026, 1, 1), "agreed", "agreed"),  # first day
        (dt.date(2026, 6, 30), "agreed", "agreed"),  # last day
        (dt.date(2026, 7, 1), "agreed", "broken"),  # after its validity
        (dt.date(2026, 3, 1), "proposed", "broken"),  # not agreed yet
    ],
)
def test_check_honours_an_agreed_deviation_while_valid(world, day, status, state):
    """QS-01 + QS-07: an agreed deviation covers the rule only within its validity."""
    set_hours(world.site, *NO_AFTERNOON)
    deviation = propose(world, world.tl)
    if status == "agreed":
        consent(world, world.gf, deviation)
        consent(world, world.tl, deviation)
    result = checks.check_site(world.site, on=day)
    afternoon = next(r for r in result.results if r.rule == "afternoon")
    assert afternoon.state == state
    assert result.compliant is (state == "agreed")
    assert (afternoon.deviation is not None) is (state == "agreed")


def test_open_ended_deviation_and_other_rules_stay_broken(world):
    """QS-07: a deviation without end is valid from its start; it covers only its rule."""
    set_hours(world.site, (0, "08:00", "12:30"))
    deviation = propose(world, world.gf, valid_until=None)
    consent(world, world.gf, deviation)
    consent(world, world.bl, deviation)
    result = checks.check_site(world.site, on=dt.date(2030, 1, 1))
    states = {r.rule: r.state for r in result.results}
    assert states == {
        "weekly_hours": "broken",
        "every_weekday": "broken",
        "every_morning": "broken",
        "afternoon": "agreed",
    }
    assert not result.compliant


@pytest.mark.django_db(transaction=True)
def test_concurrent_consents_agree_exactly_once(world):
    """QS-07, NFR-03: GF and team lead consent at the same moment; both count, once each."""
    deviation = propose(world, world.tl)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user):  # type: ignore[no-untyped-def]
        try:
            scope = scope_for(user, world.org)
            barrier.wait()
            actions.consent_deviation(actor=user, scope=scope, deviation_id=deviation.pk)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (world.gf, world.tl)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["ok", "ok"]
    assert Deviation.objects.get(pk=deviation.pk).status == "agreed"
    assert DeviationConsent.objects.filter(deviation=deviation).count() == 2
    assert (
        AuditEntry.objects.filter(
            action="quality.deviation_consented", object_id=str(deviation.pk)
        ).count()
        == 2
    )


def test_tandem_site_is_led_from_its_main_site(world, second):
    """QS-07: the smaller tandem site has no team of its own; the leadership of its main site
    (where the tandem's team sits) consents for it."""
    from anliegen.org.models import Site

    tandem = Site.objects.create(
        organisation=world.org, name="Kleinstadt", state="BE", tandem_main=second["site"]
    )
    deviation = propose(world, second["tl"], site_id=tandem.pk, rule="tandem_mornings")
    consent(world, second["tl"], deviation)
    assert consent(world, world.gf, deviation).status == "agreed"
    with pytest.raises(Forbidden):
        propose(world, world.tl, site_id=tandem.pk, rule="tandem_mornings")
