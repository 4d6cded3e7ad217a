"""KRM-05: the acknowledgement letter of a customer reaction, as Word (CONTRACT path) and PDF,
visible exactly as the reaction; sending is recorded through the reactions' action."""

import pytest
from django.urls import reverse

from anliegen.customers.models import HistoryEntry
from anliegen.letters.render import DOCX_CONTENT_TYPE
from anliegen.reactions.letters.content import acknowledgement_context, contact_of
from tests.api.conftest import assert_problem
from tests.letters.conftest import docx_text, pdf_text

ROLES = [
    "gf",
    "office",
    "bl",
    "tl",
    "deputy",
    "worker",
    "worker2",
    "av",
    "tl_integration",
    "provider",
    "admin",
]


@pytest.fixture
def reaction(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    world.org.letterhead = "Jobcenter Test\nBahnhofstraße 14\n10365 Berlin"
    world.org.save()
    return new_reaction(received="2026-11-23 09:00", by=world.tl)


def test_contract_endpoint_returns_word_with_name_reference_and_date(
    api, world, reaction, customer
):
    """KRM-05 / CONTRACT: GET …/acknowledgement.docx is a Word document with the customer's name,
    address, the reference number and the date of receipt."""
    response = api.get(f"/orgs/jc-test/reactions/{reaction.id}/acknowledgement.docx", user=world.tl)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert customer.display_name in text
    assert "Frankfurter Allee 1" in text
    assert "10247 Berlin" in text
    assert f"KRM-{reaction.id}" in text
    assert "23.11.2026" in text
    assert "Bahnhofstraße 14" in text  # the letterhead
    assert "geprüft" in text


def test_pdf_has_the_same(api, world, reaction, customer):
    response = api.get(f"/orgs/jc-test/reactions/{reaction.id}/acknowledgement.pdf", user=world.tl)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (customer.display_name, f"KRM-{reaction.id}", "23.11.2026", "Jobcenter Test"):
        assert expected in text


def test_contact_is_the_responsible_team_lead(world, reaction):
    """KRM-05: sent by the TL for reactions received in a team."""
    assert contact_of(reaction) == world.tl
    assert acknowledgement_context(reaction)["contact_name"] == str(world.tl)


def test_contact_is_the_management_office_when_received_by_management(world, reaction):
    """KRM-05/KRM-07: received by GF → the GF office sends the acknowledgement."""
    reaction.received_by_management = True
    reaction.save()
    assert contact_of(reaction) == world.office


def test_sender_address_without_customer(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    reaction = new_reaction(
        customer_number=None, sender_name="Hans Groß", sender_address="Weg 3\n74523 Hall"
    )
    context = acknowledgement_context(reaction)
    assert context["customer_name"] == "Hans Groß"
    assert context["address_lines"] == ["Weg 3", "74523 Hall"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["complaint", "conduct_complaint"])
def test_visibility_matrix(api, world, new_reaction, travel, role, kind):
    """KRM-02: as the reaction — conduct complaints only for GF and GF office; others 404."""
    travel("2026-11-24 10:00")
    reaction = new_reaction(kind=kind, by=world.tl)
    from anliegen.org.scope import scope_for
    from anliegen.reactions.queries import reactions_visible_to

    user = world.users[role]
    visible = reactions_visible_to(scope_for(user, world.org)).filter(id=reaction.id).exists()
    if kind == "conduct_complaint":
        assert visible is (role in {"gf", "office"})
    for suffix in ("docx", "pdf"):
        response = api.get(
            f"/orgs/jc-test/reactions/{reaction.id}/acknowledgement.{suffix}", user=user
        )
        if visible:
            assert response.status_code == 200
        else:
            assert_problem(response, 404)


def test_other_organisation_is_404(api, world, other, reaction):
    response = api.get(
        f"/orgs/jc-other/reactions/{reaction.id}/acknowledgement.docx", user=other.gf
    )
    assert_problem(response, 404)
    response = api.get(f"/orgs/jc-test/reactions/{reaction.id}/acknowledgement.docx", user=other.gf)
    assert_problem(response, 404)


def test_unknown_reaction_is_404(api, world):
    assert_problem(
        api.get("/orgs/jc-test/reactions/999999/acknowledgement.docx", user=world.gf), 404
    )


def test_web_downloads_and_sent_form(client, world, reaction, customer, unoserver):
    """The partial's downloads and its "sent" form, which records through the reactions' action."""
    client.force_login(world.tl)
    docx_url = reverse("reactions:acknowledgement_docx", args=["jc-test", reaction.id])
    response = client.get(docx_url)
    assert response.status_code == 200
    assert customer.display_name in docx_text(response.content)
    pdf_url = reverse("reactions:acknowledgement_pdf", args=["jc-test", reaction.id])
    assert f"KRM-{reaction.id}" in pdf_text(client.get(pdf_url).content)
    sent_url = reverse("reactions:acknowledgement_sent", args=["jc-test", reaction.id])
    response = client.post(sent_url, {"channel": "letter", "sent_on": "2026-11-24"})
    assert response.status_code == 302
    reaction.refresh_from_db()
    assert reaction.acknowledgement_sent_at.isoformat() == "2026-11-24"
    assert reaction.acknowledgement_channel == "letter"
    assert HistoryEntry.objects.filter(customer=customer, kind="letter").exists()


def test_web_sent_in_the_future_is_refused(client, world, reaction):
    client.force_login(world.tl)
    sent_url = reverse("reactions:acknowledgement_sent", args=["jc-test", reaction.id])
    response = client.post(sent_url, {"channel": "letter", "sent_on": "2026-12-24"}, follow=True)
    reaction.refresh_from_db()
    assert reaction.acknowledgement_sent_at is None
    assert "Zukunft" in response.content.decode()


def test_web_download_hidden_from_case_worker(client, world, reaction):
    client.force_login(world.worker)
    response = client.get(reverse("reactions:acknowledgement_docx", args=["jc-test", reaction.id]))
    assert response.status_code == 404
