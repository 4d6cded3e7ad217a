"""FND-12: CSV import of customers — semicolon or comma, UTF-8 with or without BOM, German
column names and codes; any bad line imports nothing and is reported in German with its line
number."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from anliegen.audit.models import AuditEntry
from anliegen.customers.models import Customer
from anliegen.org.models import User
from tests.factories import make_customer

GOOD = (
    "Kundennummer;Vorname;Nachname;Geburtsdatum;Status;Profillage;Betreuungsgruppe;"
    "Ansprechpartner;Umschüler;Maßnahme bis;Straße;PLZ;Ort\n"
    "955D000001;Erika;Mustermann;17.05.1980;arbeitslos;Förderprofil;Ü25 Basis;av;nein;;"
    "Frankfurter Allee 1;10247;Berlin\n"
    "955D000002;Ali;Yılmaz;2001-02-03;seeking;market;u25;;ja;31.03.2027;"
    "Möllendorffstraße 5;10367;Berlin\n"
)


def _write(tmp_path: Path, text: str, *, bom: bool = False, name: str = "kunden.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _run(world, path: Path, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "import_customers",
        world.org.slug,
        str(path),
        "--as",
        world.gf.username,
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def _fails(world, path: Path) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="Nichts importiert"):
        call_command(
            "import_customers",
            world.org.slug,
            str(path),
            "--as",
            world.gf.username,
            stdout=StringIO(),
            stderr=err,
        )
    return err.getvalue()


def test_good_file_with_bom_and_german_names(world, tmp_path, travel):
    """Given a semicolon file with BOM, German headers, codes and dates, all rows are created."""
    travel("2026-11-23 09:00")
    out, _err = _run(world, _write(tmp_path, GOOD, bom=True))
    assert "2 Kundinnen und Kunden" in out
    erika = Customer.objects.get(organisation=world.org, customer_number="955D000001")
    assert erika.birth_date == dt.date(1980, 5, 17)
    assert (erika.status, erika.profile, erika.care_group) == (
        "unemployed",
        "support",
        "ue25_basis",
    )
    assert erika.contact_person == world.av
    assert erika.street == "Frankfurter Allee 1"
    ali = Customer.objects.get(organisation=world.org, customer_number="955D000002")
    assert ali.last_name == "Yılmaz"
    assert ali.in_retraining is True
    assert ali.measure_until == dt.date(2027, 3, 31)
    # FND-10: every created customer is audited, by the importing user
    assert AuditEntry.objects.filter(action="customer.created", actor=world.gf).count() == 2


def test_comma_file_with_english_columns(world, tmp_path):
    """Given a comma-separated file with the API's codes, the customers are created."""
    text = (
        "customer_number,kind,company_name,first_name,last_name,birth_date,city\n"
        'A-100,employer,"Logistik Spree GmbH, Lager",Karin,Weber,,Berlin\n'
        "K-200,person,,Max,Muster,1990-01-31,Berlin\n"
    )
    _run(world, _write(tmp_path, text))
    employer = Customer.objects.get(organisation=world.org, customer_number="A-100")
    assert employer.kind == "employer"
    assert employer.company_name == "Logistik Spree GmbH, Lager"
    assert Customer.objects.get(customer_number="K-200").birth_date == dt.date(1990, 1, 31)


def test_default_user_is_the_first_superuser(world, tmp_path):
    """Without --as the first superuser imports (audit names them)."""
    admin = User.objects.create_superuser("root", "root@example.org", "x")
    call_command("import_customers", world.org.slug, str(_write(tmp_path, GOOD)), stdout=StringIO())
    assert AuditEntry.objects.filter(action="customer.created", actor=admin).count() == 2


def test_bad_date_imports_nothing(world, tmp_path):
    """A bad date in line 3 → German message with line and column, no customer created."""
    text = GOOD.replace("2001-02-03", "31.02.2001")
    err = _fails(world, _write(tmp_path, text))
    assert "Zeile 3, Spalte „Geburtsdatum“: Ungültiges Datum „31.02.2001“" in err
    assert not Customer.objects.filter(organisation=world.org).exists()


def test_unknown_code_imports_nothing(world, tmp_path):
    """An unknown status code → the line is named, the good line is not imported either."""
    text = GOOD.replace(";arbeitslos;", ";arbeitsfrei;")
    err = _fails(world, _write(tmp_path, text))
    assert "Zeile 2, Spalte „Status“" in err
    assert "arbeitsfrei" in err
    assert not Customer.objects.filter(organisation=world.org).exists()


def test_duplicate_number_in_file_imports_nothing(world, tmp_path):
    text = GOOD.replace("955D000002", "955D000001")
    err = _fails(world, _write(tmp_path, text))
    assert "Kundennummer „955D000001“ steht mehrfach in der Datei (Zeilen 2, 3)" in err
    assert not Customer.objects.filter(organisation=world.org).exists()


def test_number_already_taken_imports_nothing(world, tmp_path):
    make_customer(world, customer_number="955D000002")
    err = _fails(world, _write(tmp_path, GOOD))
    assert "Zeile 3, Spalte „Kundennummer“" in err
    assert Customer.objects.filter(organisation=world.org).count() == 1


def test_unknown_contact_person_and_missing_name(world, tmp_path):
    """Errors of several lines are all reported at once."""
    text = GOOD.replace(";av;", ";niemand;").replace(";Ali;", ";;")
    err = _fails(world, _write(tmp_path, text))
    assert "Zeile 2, Spalte „Ansprechpartner“" in err
    assert "Zeile 3, Spalte „Vorname“" in err


def test_unknown_column_and_missing_number_column(world, tmp_path):
    err = _fails(world, _write(tmp_path, "Vorname;Nachname;Lieblingsfarbe\nA;B;grün\n"))
    assert "Unbekannte Spalte „Lieblingsfarbe“" in err
    assert "Pflichtspalten fehlen: customer_number" in err


def test_not_utf8(world, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Kundennummer;Nachname\n1;Müller\n".encode("latin-1"))
    assert "nicht UTF-8-kodiert" in _fails(world, path)


def test_wrong_number_of_fields(world, tmp_path):
    err = _fails(world, _write(tmp_path, GOOD + "955D000003;Nur;Drei\n"))
    assert "Zeile 4: Die Zeile hat 3 Felder, die Kopfzeile 13." in err
    assert not Customer.objects.filter(organisation=world.org).exists()


def test_user_who_may_not_edit_customers(world, tmp_path):
    """NFR-05: a provider (Träger) may not create customer records: nothing is imported."""
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_customers",
            world.org.slug,
            str(_write(tmp_path, GOOD)),
            "--as",
            world.provider.username,
            stdout=StringIO(),
            stderr=err,
        )
    assert not Customer.objects.filter(organisation=world.org).exists()


def test_user_of_another_organisation(world, other, tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_customers",
            world.org.slug,
            str(_write(tmp_path, GOOD)),
            "--as",
            other.gf.username,
            stdout=StringIO(),
            stderr=err,
        )
    assert "gehört nicht zu" in err.getvalue()
    assert not Customer.objects.exists()
