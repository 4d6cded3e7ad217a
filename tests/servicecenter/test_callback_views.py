"""The callback pages (SOC-05): booking in three clicks on the call screen, the OS calendar, the
callback page (attempt, reschedule, cancel, .ics), the service places; permissions and German
messages for bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from anliegen.audit.models import AccessEntry
from anliegen.core.clock import BERLIN
from anliegen.core.errors import InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.scope import scope_for
from anliegen.servicecenter.callbacks.models import (
    Callback,
    PlaceException,
    PlaceWindow,
    ServicePlace,
)
from anliegen.work import item_actions, kinds
from anliegen.work.models import Kind, WorkItem

BASE = "/o/sc-test/servicecenter/"
CALL = BASE + "gespraech/"
CAL = BASE + "rueckrufe/"
BOOK = BASE + "rueckrufe/buchen/"
PLACES = BASE + "serviceplaetze/"
WED_9 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=BERLIN)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def make_place(team, name, person=None, *, start=dt.time(9), end=dt.time(12)) -> ServicePlace:
    place = ServicePlace.objects.create(
        organisation=team.organisation,
        team=team,
        name=name,
        person=person,
        valid_from=dt.date(2026, 1, 1),
    )
    for weekday in range(5):
        PlaceWindow.objects.create(place=place, weekday=weekday, start=start, end=end)
    return place


@pytest.fixture
def places(sc):
    return [
        make_place(sc.os_potsdam, "Platz 1", sc.os1),
        make_place(sc.os_potsdam, "Platz 2", sc.os2, end=dt.time(11)),
    ]


def book(client, sc, *, start=WED_9, purpose="benefits_consultation", **extra):
    data = {
        "customer": sc.customer.customer_number,
        "team": sc.os_potsdam.id,
        "purpose": purpose,
        "start": start.isoformat(),
        "origin": "calendar",
        "phone": "0331 123456",
        "email": "",
        "note": "",
        "idempotency_key": "",
    }
    data.update(extra)
    return client.post(BOOK, data)


@pytest.fixture
def booked(sc, places) -> Callback:
    response = book(login(sc.os1), sc)
    assert response.status_code == 302
    return Callback.objects.get()


# --- Booking on the call screen ------------------------------------------------------------


def test_tsb_books_from_the_call_screen_in_three_clicks(sc, places):
    sc.customer.phone = "0331 998877"
    sc.customer.save()
    client = login(sc.tsb1)
    page = text(client.get(CALL, {"customer": sc.customer.customer_number, "call": "C-1"}))
    assert "Rückruf vereinbaren" in page
    # Click 1: the purpose.
    purpose = next(u for u in links(page) if "cb_purpose=benefits_consultation" in u)
    page = text(client.get(purpose))
    assert "Leistungsberatung (30 Min.)" in page
    assert "Mittwoch, 02.12.2026" in page  # the next working day, not today
    assert "Dienstag, 01.12.2026" not in page
    # Click 2: a free time.
    time = next(u for u in links(page) if "cb_start=2026-12-02T09%3A00" in u)
    page = text(client.get(time))
    assert 'value="0331 998877"' in page  # phone prefilled from the customer
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page).group(1)
    # Click 3: confirm.
    response = client.post(
        BOOK,
        {
            "customer": sc.customer.customer_number,
            "team": sc.os_potsdam.id,
            "purpose": "benefits_consultation",
            "start": "2026-12-02T09:00:00+01:00",
            "origin": "call",
            "call_ref": "C-1",
            "idempotency_key": key,
            "phone": "0331 998877",
        },
    )
    assert response.status_code == 302
    callback = Callback.objects.get()
    assert callback.source == "agent"
    assert callback.call_ref == "C-1"
    assert callback.team == sc.os_potsdam
    assert callback.item.kind == Kind.CALLBACK
    assert callback.ends_at - callback.starts_at == dt.timedelta(minutes=30)
    page = text(client.get(response["Location"]))
    assert "Rückruf gebucht: Mi, 02.12.2026, 09:00" in page
    assert f"/rueckrufe/{callback.item_id}/" in page
    # The call form now proposes the path "callback".
    assert re.search(r'value="callback"[^>]*checked', page)


def test_double_submit_with_the_same_key_books_once(sc, places):
    client = login(sc.tsb1)
    for _ in range(2):
        assert book(client, sc, origin="call", idempotency_key="k-1").status_code == 302
    assert Callback.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (dt.datetime(2026, 12, 1, 14, 0, tzinfo=BERLIN), "frühestens am nächsten Arbeitstag"),
        (dt.datetime(2026, 12, 2, 9, 5, tzinfo=BERLIN), "10-Minuten-Raster"),
        (dt.datetime(2026, 12, 2, 15, 0, tzinfo=BERLIN), "außerhalb"),
    ],
)
def test_bad_times_are_refused_in_german(sc, places, start, message):
    client = login(sc.tsb1)
    response = book(client, sc, start=start, origin="call")
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert message in page
    assert Callback.objects.count() == 0


def test_unknown_purpose_and_second_open_callback_are_refused(sc, places, booked):
    client = login(sc.tsb1)
    later = WED_9 + dt.timedelta(hours=1)
    response = book(client, sc, purpose="gossip", start=later, origin="call")
    assert "Unbekanntes Anliegen" in text(client.get(response["Location"]))
    response = book(client, sc, start=later, origin="call")
    assert "schon einen offenen" in text(client.get(response["Location"]))
    assert Callback.objects.count() == 1


def test_call_screen_without_os_offers_no_times(sc, places):
    Customer.objects.filter(id=sc.customer.id).update(postcode="99999")
    page = text(login(sc.tsb1).get(CALL, {"customer": sc.customer.customer_number}))
    assert "keine Rückrufzeiten" in page


def test_os_staff_of_another_team_may_not_book_into_it(sc, places):
    response = book(login(sc.os_md), sc)
    assert response.status_code == 404
    assert Callback.objects.count() == 0


# --- The OS calendar ------------------------------------------------------------------------


def test_calendar_day_and_week(sc, places, booked):
    client = login(sc.os1)
    page = text(client.get(CAL, {"team": sc.os_potsdam.id, "day": "2026-12-02"}))
    assert "Platz 1" in page
    assert "Platz 2" in page
    assert "Jana Beispiel" in page
    assert f"/rueckrufe/{booked.item_id}/" in page
    assert "Vorheriger Tag" in page
    assert "Nächster Tag" in page
    week = text(client.get(CAL, {"team": sc.os_potsdam.id, "day": "2026-12-02", "view": "week"}))
    assert "Woche vom 30.11.2026 bis 06.12.2026" in week
    assert f"/rueckrufe/{booked.item_id}/" in week
    export = client.get(CAL, {"team": sc.os_potsdam.id, "day": "2026-12-02", "export": "csv"})
    assert export["Content-Disposition"].startswith('attachment; filename="rueckrufe-2026-12-02')
    csv = export.content.decode("utf-8-sig")
    assert "Platz 1" in csv
    assert sc.customer.customer_number in csv
    assert "Leistungsberatung" in csv
    empty = text(client.get(CAL, {"team": sc.os_potsdam.id, "day": "2026-12-05"}))
    assert "Keine Zeitfenster und keine Rückrufe an diesem Tag." in empty


def test_calendar_empty_state_without_places(sc):
    page = text(login(sc.os1).get(CAL))
    assert "Keine Serviceplätze und keine Rückrufe in diesem Zeitraum." in page


def test_calendar_shows_only_own_teams(sc, places, booked):
    page = text(login(sc.os_md).get(CAL, {"team": sc.os_potsdam.id, "day": "2026-12-02"}))
    assert "OS Magdeburg" in page
    assert "Jana Beispiel" not in page


@pytest.mark.parametrize(
    ("who", "status"), [("os1", 200), ("os_tl", 200), ("rl", 200), ("tsb1", 403)]
)
def test_calendar_access(sc, who, status):
    assert login(getattr(sc, who)).get(CAL).status_code == status


def test_calendar_other_org_is_404(sc, world):
    assert login(world.tl).get(CAL).status_code == 404


def test_os_books_from_the_calendar_for_a_customer_found_by_number(sc, places):
    client = login(sc.os1)
    page = text(
        client.get(
            CAL,
            {
                "team": sc.os_potsdam.id,
                "customer": sc.customer.customer_number,
                "cb_purpose": "other",
            },
        )
    )
    assert "Sonstiges Anliegen (20 Min.)" in page
    assert AccessEntry.objects.filter(customer=sc.customer, actor=sc.os1).exists()
    response = book(client, sc, purpose="other")
    callback = Callback.objects.get()
    assert response["Location"] == f"{CAL}{callback.item_id}/"
    assert callback.source == "os"
    assert callback.ends_at - callback.starts_at == dt.timedelta(minutes=20)
    missing = text(client.get(CAL, {"customer": "nope"}))
    assert "keine Kundin und keinen Kunden mit dieser Kundennummer" in missing


# --- The callback page ----------------------------------------------------------------------


def test_callback_page_logs_the_view(sc, booked):
    before = AccessEntry.objects.filter(customer=sc.customer).count()
    page = text(login(sc.os2).get(f"{CAL}{booked.item_id}/"))
    assert "Rückruf für Jana Beispiel" in page
    assert "Versuch 1 erfassen" in page
    assert "Terminbestätigung" in page  # the messages sent to the customer
    assert f"/o/sc-test/kunden/{sc.customer.customer_number}/" in page or "Kundenakte" in page
    assert AccessEntry.objects.filter(customer=sc.customer).count() == before + 1


@pytest.mark.parametrize(
    ("who", "status"), [("os1", 200), ("tsb2", 200), ("rl", 200), ("os_md", 404)]
)
def test_callback_page_access(sc, booked, who, status):
    assert login(getattr(sc, who)).get(f"{CAL}{booked.item_id}/").status_code == status


def test_callback_page_other_org_is_404(sc, booked, world):
    assert (
        login(world.tl).get(f"/o/sc-test/servicecenter/rueckrufe/{booked.item_id}/").status_code
        == 404
    )


def test_sc_agent_sees_but_records_no_attempt(sc, booked):
    client = login(sc.tsb1)
    assert "Versuch 1 erfassen" not in text(client.get(f"{CAL}{booked.item_id}/"))
    response = client.post(f"{CAL}{booked.item_id}/versuch/", {"result": "reached"})
    assert response.status_code == 403
    assert not booked.attempts.exists()


def test_record_attempts(sc, booked, travel):
    travel("2026-12-02 09:05")
    client = login(sc.os1)
    bad = client.post(f"{CAL}{booked.item_id}/versuch/", {"result": ""})
    assert bad.status_code == 422
    assert "Pflichtfeld" in text(bad) or "erforderlich" in text(bad)
    response = client.post(f"{CAL}{booked.item_id}/versuch/", {"result": "reached", "note": "ok"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.outcome == "reached_first"
    assert booked.attempts.count() == 1
    page = text(client.get(f"{CAL}{booked.item_id}/"))
    assert "erreicht" in page


def test_reschedule_and_bad_new_time(sc, booked):
    client = login(sc.os1)
    page = text(client.get(f"{CAL}{booked.item_id}/", {"verlegen": "1"}))
    assert "Verlegen: neue Zeit wählen" in page
    assert 'value="2026-12-02T10:00:00+01:00"' in page
    bad = client.post(f"{CAL}{booked.item_id}/verlegen/", {"start": "2026-12-02T10:05:00+01:00"})
    assert bad.status_code == 422
    assert "10-Minuten-Raster" in text(bad)
    response = client.post(
        f"{CAL}{booked.item_id}/verlegen/", {"start": "2026-12-02T10:00:00+01:00"}
    )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.local_start.hour == 10


def test_cancel_asks_first(sc, booked):
    client = login(sc.tsb1)
    page = text(client.get(f"{CAL}{booked.item_id}/absagen/"))
    assert "Rückruf absagen?" in page
    booked.refresh_from_db()
    assert booked.status == "booked"
    response = client.post(f"{CAL}{booked.item_id}/absagen/", {"reason": "Kundin ruft selbst an"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    assert client.get(f"{CAL}{booked.item_id}/absagen/").status_code == 403


def test_ics_download(sc, booked):
    response = login(sc.os1).get(f"{CAL}{booked.item_id}/termin.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content
    assert login(sc.os_md).get(f"{CAL}{booked.item_id}/termin.ics").status_code == 404


def test_work_kind_links_to_the_callback_page(sc, booked, world):
    item = WorkItem.objects.select_related("callback").get(id=booked.item_id)
    assert kinds.url_for(item, "sc-test") == f"{CAL}{booked.item_id}/"
    legacy = WorkItem.objects.create(
        organisation=world.org,
        kind=Kind.CALLBACK,
        title="Rückruf",
        team=world.team,
        received_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN),
        start_date=dt.date(2026, 12, 1),
    )
    assert kinds.url_for(legacy, world.org.slug) == f"/o/{world.org.slug}/vorgaenge/{legacy.id}/"
    # A booked callback is finished by its attempts, not by the generic completion.
    with pytest.raises(InvalidInput):
        item_actions.finish_item(
            actor=sc.rl, scope=scope_for(sc.rl, sc.org), item=item, note="erledigt"
        )
    assert WorkItem.objects.get(id=booked.item_id).status == "open"


def test_navigation(sc):
    assert "Rückrufe" in text(login(sc.os1).get(CAL))
    assert f'href="{CAL}"' not in text(login(sc.tsb1).get(CALL))
    assert f'href="{PLACES}"' in text(login(sc.os_tl).get(CAL))
    assert f'href="{PLACES}"' not in text(login(sc.os1).get(CAL))


# --- Service places -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("os_tl", 200), ("rl", 200), ("os1", 403), ("tsb1", 403)]
)
def test_places_access(sc, places, who, status):
    assert login(getattr(sc, who)).get(PLACES).status_code == status


def test_places_list_and_create_edit(sc, places):
    client = login(sc.os_tl)
    page = text(client.get(PLACES))
    assert "Platz 1" in page
    assert "09:00–12:00" in page
    bad = client.post(
        PLACES + "neu/", {"team": sc.os_potsdam.id, "name": "", "valid_from": "2026-12-01"}
    )
    assert bad.status_code == 422
    response = client.post(
        PLACES + "neu/",
        {
            "team": sc.os_potsdam.id,
            "name": "Platz 3",
            "person": sc.os1.id,
            "valid_from": "2026-12-01",
        },
    )
    place = ServicePlace.objects.get(name="Platz 3")
    assert response["Location"] == f"{PLACES}{place.id}/"
    response = client.post(
        f"{PLACES}{place.id}/",
        {"name": "Platz 3a", "person": "", "valid_from": "2026-12-01", "valid_until": "2026-11-01"},
    )
    assert response.status_code == 422
    assert "nicht enden, bevor" in text(response) or "vor" in text(response)
    place.refresh_from_db()
    assert place.name == "Platz 3"


def test_windows_and_exceptions(sc, places):
    client = login(sc.os_tl)
    place = places[0]
    url = f"{PLACES}{place.id}/"
    client.post(url + "zeitfenster/", {"weekday": 5, "start": "10:00", "end": "12:00"})
    assert place.windows.filter(weekday=5).exists()
    window = place.windows.get(weekday=5)
    confirm = client.post(url + "zeitfenster/", {"remove": [window.id]})
    assert "Diese Zeitfenster von Platz 1 entfernen?" in text(confirm)
    assert place.windows.filter(weekday=5).exists()
    client.post(url + "zeitfenster/", {"remove": [window.id], "confirm": "1"})
    assert not place.windows.filter(weekday=5).exists()
    bad = client.post(url + "ausnahmen/", {"day": "2026-12-03"})
    assert bad.status_code == 422
    client.post(url + "ausnahmen/", {"day": "2026-12-03", "closed": "on", "note": "Teamtag"})
    exception = PlaceException.objects.get(place=place)
    assert exception.closed
    client.post(f"{url}ausnahmen/{exception.id}/loeschen/")
    assert PlaceException.objects.filter(id=exception.id).exists()
    client.post(f"{url}ausnahmen/{exception.id}/loeschen/", {"confirm": "1"})
    assert not PlaceException.objects.filter(id=exception.id).exists()


def test_calendar_opens_on_monday_at_the_weekend(sc, places, travel):
    """On a Saturday the OS calendar opens on the coming Monday, where the callbacks are."""
    travel("2026-12-05 10:00")
    page = text(login(sc.os1).get(CAL, {"team": sc.os_potsdam.id, "view": "week"}))
    assert "Woche vom 07.12.2026 bis 13.12.2026" in page
