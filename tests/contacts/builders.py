"""Shared test data for the contact-density computation (KON-01 … KON-03), without Django."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from importlib.resources import files
from typing import Any

from anliegen.contacts import ContactFacts
from anliegen.rules.schemas import ContactRules, Interval

D = dt.date
TODAY = D(2026, 6, 15)
"""A Monday."""

PRESET = ContactRules.model_validate(
    json.loads((files("anliegen.rules") / "presets" / "contacts.json").read_text(encoding="utf-8"))
)


def born_aged(age: int, on: dt.date = TODAY) -> dt.date:
    """A birth date so that the person is ``age`` on ``on`` and the birthday is 1 March."""
    return D(on.year - age - (1 if (on.month, on.day) < (3, 1) else 0), 3, 1)


def facts(**overrides: Any) -> ContactFacts:
    """An unemployed 30-year-old in Ü25 Basis, last contacted on 15.05.2026, unless overridden."""
    base = ContactFacts(
        care_group="ue25_basis",
        status="unemployed",
        profile="market",
        birth_date=born_aged(30),
        created_on=D(2020, 1, 1),
        last_contact=D(2026, 5, 15),
    )
    return replace(base, **overrides)


def weeks(n: int) -> Interval:
    return Interval(unit="weeks", count=n)


def months(n: int) -> Interval:
    return Interval(unit="months", count=n)
