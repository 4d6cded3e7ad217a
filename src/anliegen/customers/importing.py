"""CSV import of customers (FND-04, FND-12): every row through ``create_customer``, all or
nothing, with German errors per line (file format: see :mod:`anliegen.org.importing`).

Columns (German names in brackets are accepted as well, case does not matter):

==========================  ======================  ============================================
column                      also                    content
==========================  ======================  ============================================
``customer_number``         Kundennummer            letters, digits, hyphens (required)
``kind``                    Art                     ``person`` (default) or ``employer``
                                                    (Arbeitgeber)
``first_name``              Vorname                 required for persons
``last_name``               Nachname                required for persons
``company_name``            Firma                   required for employers
``birth_date``              Geburtsdatum            ``TT.MM.JJJJ`` or ``JJJJ-MM-TT``
``status``                  Status                  code (``unemployed`` …) or German name
                                                    (arbeitslos, arbeitsuchend, nicht gesetzt,
                                                    ratsuchend)
``profile``                 Profillage              code (``market`` …) or German name
                                                    (Marktprofil … Unterstützungsprofil, I, Z)
``care_group``              Betreuungsgruppe        code (``ue25_basis`` …) or German name
                                                    (Ü25 Basis, Ü25 Aktivteam, U25,
                                                    Fallmanagement, Reha, Selbständige)
``profile_since``           Profillage seit         date
``in_retraining``           Umschüler               ja / nein
``measure_until``           Maßnahme bis            date
``parental_leave_until``    Elternzeit bis          date
``contact_person``          Ansprechpartner         user name of the fixed contact person
``email``                   E-Mail
``phone``                   Telefon
``street``                  Straße
``postcode``                PLZ
``city``                    Ort
==========================  ======================  ============================================
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.core.errors import DomainError, InvalidInput
from anliegen.customers.actions import CustomerData, create_customer
from anliegen.customers.models import CareGroup, Customer, Profile, Status
from anliegen.org.importing import (
    ImportFailed,
    Row,
    duplicates,
    field_errors,
    limited,
    parse_bool,
    parse_date,
    read_csv,
)
from anliegen.org.models import User
from anliegen.org.scope import Scope

CUSTOMER_COLUMNS: dict[str, tuple[str, ...]] = {
    "customer_number": ("Kundennummer", "Kd-Nr", "KdNr", "Nummer"),
    "kind": ("Art", "Kundenart"),
    "first_name": ("Vorname",),
    "last_name": ("Nachname", "Name"),
    "company_name": ("Firma", "Unternehmen", "Firmenname"),
    "birth_date": ("Geburtsdatum", "geboren"),
    "status": ("Status",),
    "profile": ("Profillage", "Profil"),
    "care_group": ("Betreuungsgruppe", "Betreuung", "Kundengruppe"),
    "profile_since": ("Profillage seit", "Profil seit"),
    "in_retraining": ("Umschüler", "Umschulung"),
    "measure_until": ("Maßnahme bis", "in Maßnahme bis"),
    "parental_leave_until": ("Elternzeit bis",),
    "contact_person": (
        "Ansprechpartner",
        "Ansprechperson",
        "Kontaktperson",
        "Integrationsfachkraft",
    ),
    "email": ("E-Mail", "Email", "Mail"),
    "phone": ("Telefon", "Tel"),
    "street": ("Straße", "Strasse", "Anschrift"),
    "postcode": ("PLZ", "Postleitzahl"),
    "city": ("Ort", "Wohnort", "Stadt"),
}
REQUIRED = ("customer_number",)
DATE_COLUMNS = ("birth_date", "profile_since", "measure_until", "parental_leave_until")

#: German names of the codes (FND-04), as they appear in exports of the old spreadsheets.
GERMAN_CODES: dict[str, dict[str, str]] = {
    "kind": {"person": Customer.Kind.PERSON, "arbeitgeber": Customer.Kind.EMPLOYER},
    "status": {
        "arbeitslos": Status.UNEMPLOYED,
        "arbeitsuchend": Status.SEEKING,
        "arbeitssuchend": Status.SEEKING,
        "nicht gesetzt": Status.NOT_SET,
        "ratsuchend": Status.ADVICE_SEEKING,
    },
    "profile": {
        "marktprofil": Profile.MARKET,
        "aktivierungsprofil": Profile.ACTIVATION,
        "förderprofil": Profile.SUPPORT,
        "entwicklungsprofil": Profile.DEVELOPMENT,
        "stabilisierungsprofil": Profile.STABILISATION,
        "unterstützungsprofil": Profile.ASSISTANCE,
        "i": Profile.INTEGRATED_I,
        "z": Profile.Z,
    },
    "care_group": {
        "ü25 basis": CareGroup.UE25_BASIS,
        "ü25 aktivteam": CareGroup.UE25_ACTIVE,
        "ü25 aktivteam (bjo)": CareGroup.UE25_ACTIVE,
        "bjo": CareGroup.UE25_ACTIVE,
        "u25": CareGroup.U25,
        "fallmanagement": CareGroup.CASE_MANAGEMENT,
        "reha": CareGroup.REHAB,
        "selbständige": CareGroup.SELF_EMPLOYED,
    },
}


def _code(row: Row, name: str) -> str:
    value = row.get(name)
    return GERMAN_CODES.get(name, {}).get(value.lower(), value)


def customer_data(row: Row) -> tuple[CustomerData, list[str]]:
    """The master data of one line, and the errors found while reading it."""
    errors: list[str] = []
    dates: dict[str, dt.date | None] = {
        name: parse_date(row, name, errors) for name in DATE_COLUMNS
    }
    data = CustomerData(
        customer_number=row.get("customer_number"),
        kind=_code(row, "kind") or Customer.Kind.PERSON,
        first_name=row.get("first_name"),
        last_name=row.get("last_name"),
        company_name=row.get("company_name"),
        birth_date=dates["birth_date"],
        status=_code(row, "status"),
        profile=_code(row, "profile"),
        care_group=_code(row, "care_group"),
        profile_since=dates["profile_since"],
        in_retraining=parse_bool(row, "in_retraining", errors),
        measure_until=dates["measure_until"],
        parental_leave_until=dates["parental_leave_until"],
        contact_person=row.get("contact_person") or None,
        email=row.get("email"),
        phone=row.get("phone"),
        street=row.get("street"),
        postcode=row.get("postcode"),
        city=row.get("city"),
    )
    return data, errors


def import_customers(*, actor: User, scope: Scope, source: Path | str | bytes) -> list[Customer]:
    """Create the customers listed in a CSV file, all or nothing (FND-12)."""
    rows = read_csv(source, columns=CUSTOMER_COLUMNS, required=REQUIRED)
    if not rows:
        raise ImportFailed([_("The file contains no customers.")])
    errors = duplicates(
        rows,
        "customer_number",
        _("The customer number “%(value)s” appears more than once in the file (lines %(lines)s)."),
    )
    first_lines = {row.get("customer_number").lower(): row.line for row in reversed(rows)}
    created: list[Customer] = []
    with transaction.atomic():
        for row in rows:
            number = row.get("customer_number").lower()
            if number and first_lines[number] != row.line:
                continue  # a repeated number, reported above
            data, row_errors = customer_data(row)
            if row_errors:
                errors.extend(row_errors)
                continue
            try:
                created.append(create_customer(actor=actor, scope=scope, data=data))
            except InvalidInput as exc:
                errors.extend(field_errors(row, exc, CUSTOMER_COLUMNS))
            except DomainError as exc:  # e.g. the importing user may not create customers
                raise ImportFailed([exc.message]) from None
        if errors:
            raise ImportFailed(limited(errors))
    return created
