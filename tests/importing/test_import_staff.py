"""FND-02/FND-12: CSV import of staff through ``org.actions.create_staff_member`` — roles by
code or German abbreviation, teams and areas by name, part-time shares, skills, standing
deputies; all or nothing, German errors with line numbers."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from anliegen.audit.models import AuditEntry
from anliegen.org.models import Membership, Skill, User

GOOD = (
    "Benutzername;Vorname;Nachname;Rolle;Team;Bereich;E-Mail;Stellenanteil;Qualifikationen;"
    "Vertretung\n"
    "anna.schmidt;Anna;Schmidt;FAss;Leistung 1;;anna@example.org;0,5;;jan.meyer\n"
    "jan.meyer;Jan;Meyer;stv. TL;leistung 1;;;;soc_l;\n"
    "petra.klein;Petra;Klein;BL;;Integration;;75 %;;\n"
    "olga.ivanova;Olga;Ivanova;placement_officer;Integration 1;;;1;;\n"
)


@pytest.fixture
def soc_l(db):  # type: ignore[no-untyped-def]
    return Skill.objects.create(code="soc_l", name="SOC-L")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "personal.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _fails(world, path: Path, username: str = "admin") -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="Nichts importiert"):
        call_command(
            "import_staff",
            world.org.slug,
            str(path),
            "--as",
            username,
            stdout=StringIO(),
            stderr=err,
        )
    return err.getvalue()


def test_good_file(world, soc_l, tmp_path):
    """An administrator imports four people with roles, teams, shares, skills and a deputy."""
    out = StringIO()
    call_command(
        "import_staff",
        world.org.slug,
        str(_write(tmp_path, GOOD)),
        "--as",
        world.admin.username,
        stdout=out,
    )
    assert "4 Beschäftigte" in out.getvalue()
    anna = User.objects.get(username="anna.schmidt")
    assert anna.fte == Decimal("0.50")
    assert anna.email == "anna@example.org"
    assert not anna.has_usable_password()
    assert Membership.objects.get(user=anna).role == "benefits_worker"
    assert Membership.objects.get(user=anna).team == world.team
    jan = User.objects.get(username="jan.meyer")
    assert anna.deputy == jan
    assert Membership.objects.get(user=jan).role == "deputy_lead"
    assert list(jan.skills.all()) == [soc_l]
    petra = Membership.objects.get(user__username="petra.klein")
    assert (petra.role, petra.area, petra.user.fte) == (
        "area_management",
        world.integration,
        Decimal("0.75"),
    )
    olga = Membership.objects.get(user__username="olga.ivanova")
    assert olga.team == world.team_integration
    assert AuditEntry.objects.filter(action="staff.created", actor=world.admin).count() == 4
    assert AuditEntry.objects.filter(action="staff.deputy_set").count() == 1


def test_unknown_role_and_team_import_nothing(world, soc_l, tmp_path):
    text = GOOD.replace(";FAss;", ";Chef;").replace(";Integration 1;", ";Integration 9;")
    err = _fails(world, _write(tmp_path, text))
    assert "Zeile 2, Spalte „Rolle“: Unbekannte Rolle „Chef“" in err
    assert "Zeile 5, Spalte „Team“: Unbekanntes Team „Integration 9“" in err
    assert not User.objects.filter(username__in=["anna.schmidt", "jan.meyer"]).exists()


def test_unknown_skill_and_bad_share(world, soc_l, tmp_path):
    text = GOOD.replace(";soc_l;", ";soc_x;").replace(";0,5;", ";halb;")
    err = _fails(world, _write(tmp_path, text))
    assert "Zeile 3, Spalte „Qualifikationen“: Unbekannte Qualifikation „soc_x“" in err
    assert "Zeile 2, Spalte „Stellenanteil“: Ungültige Zahl „halb“" in err
    assert not User.objects.filter(username="jan.meyer").exists()


def test_duplicate_and_taken_user_names(world, soc_l, tmp_path):
    text = GOOD.replace("olga.ivanova", "anna.schmidt").replace(
        "petra.klein", world.worker.username
    )
    err = _fails(world, _write(tmp_path, text))
    assert "Benutzername „anna.schmidt“ steht mehrfach in der Datei (Zeilen 2, 5)" in err
    assert f"Zeile 4, Spalte „Benutzername“: Der Benutzername „{world.worker.username}“" in err
    assert not User.objects.filter(username="jan.meyer").exists()


def test_role_needs_team_or_area(world, soc_l, tmp_path):
    text = GOOD.replace(";Leistung 1;;anna", ";;;anna").replace(";;Integration;", ";;;")
    err = _fails(world, _write(tmp_path, text))
    assert "Zeile 2, Spalte „Team“: Diese Rolle braucht ein Team." in err
    assert "Zeile 4, Spalte „Bereich“: Diese Rolle braucht einen Bereich." in err


def test_unknown_deputy_imports_nothing(world, soc_l, tmp_path):
    err = _fails(world, _write(tmp_path, GOOD.replace(";jan.meyer\n", ";niemand\n")))
    assert "Zeile 2, Spalte „Vertretung“: Unbekannte Vertretung „niemand“" in err
    assert not User.objects.filter(username="anna.schmidt").exists()


def test_only_administrators_import_staff(world, soc_l, tmp_path):
    """FND-02: a team lead may not create staff; nothing is imported."""
    err = _fails(world, _write(tmp_path, GOOD), username=world.tl.username)
    assert "Nur die Administration darf Beschäftigte anlegen." in err
    assert not User.objects.filter(username="anna.schmidt").exists()


def test_unknown_organisation(world, tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_staff",
            "gibt-es-nicht",
            str(_write(tmp_path, GOOD)),
            stdout=StringIO(),
            stderr=err,
        )
    assert "Unbekannte Organisation „gibt-es-nicht“" in err.getvalue()
