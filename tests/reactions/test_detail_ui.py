"""List and detail pages of customer reactions (KRM-02 … KRM-09) and their visibility."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from anliegen.org.scope import scope_for
from anliegen.reactions.models import Reaction
from anliegen.work.models import Status

PDF = b"%PDF-1.4\n%%EOF\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(world, reaction: Reaction) -> str:
    return reverse("reactions:detail", args=[world.org.slug, reaction.id])


def action(world, reaction: Reaction, name: str) -> str:
    return reverse("reactions:action", args=[world.org.slug, reaction.id, name])


def test_list_shows_both_clocks_filters_and_empty_state(world, new_reaction, travel):
    """KRM-04: the list shows the acknowledgement and resolution lights; filters work."""
    travel("2026-11-23 10:00")
    letter = new_reaction(channel="letter")
    phone = new_reaction(channel="phone", kind="praise")
    travel("2026-11-27 10:00")
    client = client_for(world.tl)
    url = reverse("reactions:list", args=[world.org.slug])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    rows = {r.id: clocks for r, clocks in response.context["rows"]}
    assert set(rows) == {letter.id, phone.id}
    assert rows[letter.id]["acknowledgement"].light == "red"  # due on Thursday 26.11.
    assert rows[letter.id]["resolution"].light == "green"  # due on Monday 7.12.
    assert "acknowledgement" not in rows[phone.id]
    assert letter.reference in html
    only_phone = client.get(url, {"channel": "phone"})
    assert [r.id for r, _c in only_phone.context["rows"]] == [phone.id]
    by_ref = client.get(url, {"q": letter.reference})
    assert [r.id for r, _c in by_ref.context["rows"]] == [letter.id]
    empty = client.get(url, {"status": "closed"})
    assert "Keine Kundenreaktionen entsprechen diesen Filtern." in empty.content.decode()


def test_export_csv_and_xlsx(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    client = client_for(world.gf)
    url = reverse("reactions:list", args=[world.org.slug])
    csv = client.get(url, {"export": "csv"})
    assert csv.status_code == 200
    assert reaction.reference in csv.content.decode("utf-8-sig")
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_full_flow_on_the_detail_page(world, customer, new_reaction, travel):
    """KRM-02/04/09: GF classifies, TL records the acknowledgement and the outcome, the office
    makes the register entry; every step is shown in the history."""
    travel("2026-11-23 10:00")
    reaction = new_reaction(kind="unclassified")
    gf, tl, office = client_for(world.gf), client_for(world.tl), client_for(world.office)
    page = tl.get(detail(world, reaction))
    assert "classify" not in page.context["forms"]
    assert "outcome" not in page.context["forms"]  # not yet classified
    assert "classify" in gf.get(detail(world, reaction)).context["forms"]
    assert (
        gf.post(action(world, reaction, "classify"), {"classify-kind": "complaint"}).status_code
        == 302
    )
    r = tl.post(
        action(world, reaction, "acknowledgement"),
        {"acknowledgement-sent_on": "2026-11-23", "acknowledgement-channel": "letter"},
    )
    assert r.status_code == 302
    r = tl.post(
        action(world, reaction, "outcome"),
        {"outcome-outcome": "partly_justified", "outcome-summary": "Bescheid wurde korrigiert."},
    )
    assert r.status_code == 302
    reaction.refresh_from_db()
    assert reaction.kind == "complaint"
    assert reaction.acknowledgement_sent_at is not None
    assert reaction.outcome == "partly_justified"
    assert reaction.item.status == Status.DONE
    assert "register" not in tl.get(detail(world, reaction)).context["forms"]
    assert office.post(action(world, reaction, "register"), {}).status_code == 302
    reaction.refresh_from_db()
    assert reaction.register_entry_at is not None
    html = office.get(detail(world, reaction)).content.decode()
    for label in (
        "Art von der Geschäftsführung entschieden",
        "Eingangsbestätigung versandt",
        "Im Register eingetragen",
    ):
        assert label in html


def test_bad_input_on_the_detail_page_shows_errors_and_changes_nothing(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    response = client_for(world.tl).post(
        action(world, reaction, "acknowledgement"),
        {"acknowledgement-sent_on": "2026-12-01", "acknowledgement-channel": "letter"},
    )
    assert response.status_code == 422
    assert "in der Zukunft" in response.content.decode()
    reaction.refresh_from_db()
    assert reaction.acknowledgement_sent_at is None


def test_only_management_classifies(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction(kind="unclassified")
    response = client_for(world.tl).post(
        action(world, reaction, "classify"), {"classify-kind": "conduct_complaint"}
    )
    assert response.status_code == 403
    reaction.refresh_from_db()
    assert reaction.kind == "unclassified"


def test_set_lead_team_moves_the_reaction(world, new_reaction, travel):
    """KRM-03: making another team lead moves the item to that team's TL."""
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    response = client_for(world.office).post(
        action(world, reaction, "teams"),
        {"teams-lead_team": str(world.team_integration.id), "teams-teams": [str(world.team.id)]},
    )
    assert response.status_code == 302
    reaction.refresh_from_db()
    assert reaction.lead_team == world.team_integration
    assert reaction.item.assignee == world.tl_integration
    assert set(reaction.teams.all()) == {world.team, world.team_integration}


def test_letters_block_only_with_the_partial(world, new_reaction, travel, monkeypatch):
    """The letters partial is included only when the letters app provides it."""
    from anliegen.reactions import views

    travel("2026-11-23 10:00")
    reaction = new_reaction()
    monkeypatch.setattr(views, "LETTERS_PARTIAL", "letters/does_not_exist.html")
    page = client_for(world.tl).get(detail(world, reaction))
    assert page.context["letters_block"] is False
    assert page.context["scope"].user == world.tl


@pytest.mark.parametrize("kind", ["conduct_complaint", "petition"])
def test_confidential_reactions_never_reach_others(world, customer, new_reaction, travel, kind):
    """KRM-02: complaints about conduct and petitions: list, detail, search, export, attachment
    and the customer page show them to GF and GF office only."""
    from anliegen.reactions.attachments import CheckedFile, store

    travel("2026-11-23 10:00")
    reaction = new_reaction(
        by=world.gf,
        kind=kind,
        text="Vertraulich: Verhalten von Herrn X",
        employee_usernames=[world.worker.username],
    )
    attachment = store(
        actor=world.gf, reaction=reaction, files=[CheckedFile("a.pdf", "application/pdf", PDF)]
    )[0]
    slug = world.org.slug
    urls = {
        "list": reverse("reactions:list", args=[slug]),
        "search": reverse("reactions:list", args=[slug]) + f"?q={reaction.reference}&status=all",
        "csv": reverse("reactions:list", args=[slug]) + "?export=csv&status=all",
        "detail": detail(world, reaction),
        "attachment": reverse("reactions:attachment", args=[slug, reaction.id, attachment.id]),
    }
    for role in ("gf", "office"):
        client = client_for(getattr(world, role))
        assert client.get(urls["detail"]).status_code == 200
        assert client.get(urls["attachment"]).status_code == 200
        assert reaction.reference in client.get(urls["csv"]).content.decode("utf-8-sig")
    for role in (
        "bl",
        "tl",
        "deputy",
        "worker",
        "worker2",
        "av",
        "tl_integration",
        "admin",
        "provider",
    ):
        client = client_for(getattr(world, role))
        assert client.get(urls["detail"]).status_code == 404, role
        assert client.get(urls["attachment"]).status_code == 404, role
        for name in ("list", "search", "csv"):
            response = client.get(urls[name])
            body = response.content.decode("utf-8-sig")
            assert "Vertraulich" not in body, (role, name)
            if name == "csv":
                assert reaction.reference not in body, role
            elif response.status_code == 200:
                assert reaction.id not in [r.id for r, _c in response.context["rows"]], role
            else:
                assert response.status_code == 404, role  # providers see no list at all
        customer_page = client.get(reverse("web:customer", args=[slug, customer.customer_number]))
        assert "Vertraulich" not in customer_page.content.decode()
        for n in world.worker.notifications.all():
            assert "Vertraulich" not in str(n.params)


def test_attachment_download_headers(world, new_reaction, travel):
    from anliegen.reactions.attachments import CheckedFile, store

    travel("2026-11-23 10:00")
    reaction = new_reaction()
    attachment = store(
        actor=world.tl, reaction=reaction, files=[CheckedFile("scan ä.pdf", "application/pdf", PDF)]
    )[0]
    url = reverse("reactions:attachment", args=[world.org.slug, reaction.id, attachment.id])
    response = client_for(world.tl).get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(world.worker).get(url).status_code == 404


def test_customer_page_links_to_the_reaction_for_those_who_see_it(
    world, customer, new_reaction, travel
):
    """KRM-09: the reaction is noted in the customer's history, with a link to the detail only
    for those who may see it; a conduct complaint's text never shows there."""
    travel("2026-11-23 10:00")
    visible = new_reaction()
    secret = new_reaction(by=world.gf, kind="conduct_complaint", text="Vertraulich")
    page = reverse("web:customer", args=[world.org.slug, customer.customer_number])
    tl_html = client_for(world.tl).get(page).content.decode()
    assert detail(world, visible) in tl_html
    assert detail(world, secret) not in tl_html
    assert "Vertraulich" not in tl_html
    gf_html = client_for(world.gf).get(page).content.decode()
    assert detail(world, secret) in gf_html
    worker_html = client_for(world.worker).get(page).content.decode()
    assert detail(world, visible) not in worker_html
    assert detail(world, secret) not in worker_html


def test_worklist_links_to_the_reaction(world, new_reaction, travel):
    """The TL's worklist links a reaction item to its detail page (via the item redirect)."""
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    client = client_for(world.tl)
    html = client.get(reverse("web:postkorb", args=[world.org.slug])).content.decode()
    item_url = reverse("reactions:item", args=[world.org.slug, reaction.item_id])
    assert item_url in html
    response = client.get(item_url)
    assert response["Location"] == detail(world, reaction)
    assert client_for(world.worker).get(item_url).status_code == 404


def test_list_shows_the_day_the_acknowledgement_was_sent_under_met(
    client, world, new_reaction, travel
):
    """Issue 9, defect 8: under "eingehalten" the KRM list shows the day the acknowledgement was
    sent (24.11.), not its due date (26.11.)."""
    from anliegen.reactions.actions import record_acknowledgement_sent

    travel("2026-11-24 10:00")
    reaction = new_reaction(received="2026-11-23 09:00", by=world.tl)
    record_acknowledgement_sent(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        reaction=reaction,
        channel="letter",
        sent_on=dt.date(2026, 11, 24),
    )
    client.force_login(world.tl)
    html = client.get(reverse("reactions:list", args=["jc-test"])).content.decode()
    cell = html.split(f">KRM-{reaction.id}</a>", 1)[1].split("</tr>", 1)[0]
    assert "eingehalten" in cell
    assert "24.11.2026" in cell
    assert "26.11.2026" not in cell
