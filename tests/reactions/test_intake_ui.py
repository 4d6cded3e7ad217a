"""Recording customer reactions in the staff UI (KRM-01, KRM-02, KRM-02a)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from anliegen.reactions.models import Attachment, Concern, Reaction
from anliegen.work.models import WorkItem

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(name: str, data: bytes) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def url(world):
    return reverse("reactions:create", args=[world.org.slug])


def data(world, **extra):
    values = {
        "channel": "letter",
        "kind": "complaint",
        "received_date": "2026-11-23",
        "received_time": "09:30",
        "teams": [str(world.team.id)],
        "text": "Mein Antrag liegt seit Wochen unbearbeitet.",
    }
    values.update(extra)
    return values


def test_team_lead_records_a_letter_with_concerns_and_scan(world, customer, topics, url, travel):
    """KRM-01/02a: the TL records a written complaint with two topics and a scan; it goes to the
    team's TL with both clocks and lands on the detail page."""
    travel("2026-11-23 10:00")
    client = client_for(world.tl)
    response = client.post(
        url,
        data(
            world,
            customer_number=customer.customer_number,
            concern_1=str(topics[0].id),
            concern_2=str(topics[1].id),
            employees=[world.worker.username],
            attachments=[upload("scan.pdf", PDF)],
        ),
    )
    reaction = Reaction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reactions:detail", args=[world.org.slug, reaction.id])
    assert reaction.customer == customer
    assert reaction.item.assignee == world.tl
    assert [c.topic for c in reaction.concerns.all()] == topics[:2]
    assert list(reaction.employees_concerned.all()) == [world.worker]
    attachment = reaction.attachments.get()
    assert (attachment.filename, attachment.content_type) == ("scan.pdf", "application/pdf")
    assert {d.code for d in reaction.item.deadlines.all()} == {"acknowledgement", "resolution"}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "scan.pdf" in page.content.decode()


def test_errors_in_german_next_to_the_fields_and_nothing_saved(world, url, travel):
    """KRM-01: no team, no text → German messages at the fields; nothing is saved."""
    travel("2026-11-23 10:00")
    client = client_for(world.tl)
    response = client.post(url, data(world, teams=[], text="", customer_number="999"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pflichtfeld" in html or "erforderlich" in html
    assert Reaction.objects.count() == 0
    assert WorkItem.objects.count() == 0


def test_unknown_customer_number_is_shown_at_the_field(world, url, travel):
    travel("2026-11-23 10:00")
    response = client_for(world.tl).post(url, data(world, customer_number="X999"))
    form = response.context["form"]
    assert "customer_number" in form.errors
    assert Reaction.objects.count() == 0


def test_disguised_executable_is_rejected_and_nothing_saved(world, url, travel):
    """Attachments are checked by content: an .exe named .pdf is refused in German."""
    travel("2026-11-23 10:00")
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    response = client_for(world.tl).post(url, data(world, attachments=[upload("antrag.pdf", exe)]))
    assert response.status_code == 200
    assert "PDF, PNG, JPEG oder TIFF" in response.content.decode()
    assert Reaction.objects.count() == Attachment.objects.count() == WorkItem.objects.count() == 0


def test_staff_cannot_choose_conduct_complaint_but_management_office_can(world, url):
    """KRM-02: whether it is a Dienstaufsichtsbeschwerde is management's decision."""
    staff = client_for(world.tl).get(url).context["form"]
    office = client_for(world.office).get(url).context["form"]
    assert "conduct_complaint" not in dict(staff.fields["kind"].choices)
    assert "petition" not in dict(staff.fields["kind"].choices)
    assert "conduct_complaint" in dict(office.fields["kind"].choices)
    response = client_for(world.tl).post(url, data(world, kind="conduct_complaint"))
    assert "kind" in response.context["form"].errors
    assert Reaction.objects.count() == 0


def test_lead_team_comes_first(world, url, travel):
    """KRM-03: with several teams the chosen lead team leads."""
    travel("2026-11-23 10:00")
    client_for(world.office).post(
        url,
        data(
            world,
            teams=[str(world.team.id), str(world.team_integration.id)],
            lead_team=str(world.team_integration.id),
        ),
    )
    reaction = Reaction.objects.get()
    assert reaction.lead_team == world.team_integration
    assert reaction.item.assignee == world.tl_integration


def test_provider_sees_only_the_receipt(world, url, travel):
    """KRM-01: a provider may record; afterwards sees the reference number and nothing else."""
    travel("2026-11-23 10:00")
    client = client_for(world.provider)
    response = client.post(url, data(world, kind="praise", channel="in_person"))
    reaction = Reaction.objects.get()
    receipt = reverse("reactions:receipt", args=[world.org.slug, reaction.id])
    assert response["Location"] == receipt
    page = client.get(receipt)
    assert page.status_code == 200
    html = page.content.decode()
    assert reaction.reference in html
    assert "Mein Antrag" not in html
    slug = world.org.slug
    assert client.get(reverse("reactions:list", args=[slug])).status_code == 404
    assert client.get(reverse("reactions:detail", args=[slug, reaction.id])).status_code == 404
    # Someone else's receipt is not shown either.
    other = client_for(world.worker).get(receipt)
    assert other.status_code == 404
    assert Concern.objects.count() == 0


def test_provider_learns_nothing_about_customer_numbers(world, customer, url, travel):
    """A provider's unknown customer number is not refused (that would reveal which numbers
    exist); it is kept in the text for the office. A known one is linked as usual."""
    travel("2026-11-23 10:00")
    client = client_for(world.provider)
    unknown = client.post(url, data(world, customer_number="K9999", channel="in_person"))
    known = client.post(
        url, data(world, customer_number=customer.customer_number, channel="in_person")
    )
    assert unknown.status_code == known.status_code == 302
    first, second = Reaction.objects.order_by("id")
    assert first.customer is None
    assert "K9999" in first.text
    assert second.customer == customer
