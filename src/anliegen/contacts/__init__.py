"""Contact density (*Kontaktdichte*, KON-01 … KON-03): pure computation, no Django import.

- :mod:`.matching`: the customer's facts and which rule row applies (KON-01).
- :mod:`.schedule`: the next contact date (KON-02), the review of profile Z (KON-03) and the
  validation of customer data and individual intervals.

The Django app (models, worklist, API, UI) calls these functions; it passes the typed
:class:`~anliegen.rules.schemas.ContactRules` in force.
"""

from .matching import (
    CARE_GROUPS,
    PROFILES,
    STATUSES,
    ContactFacts,
    RowIndex,
    age_on,
    birthday,
    match_rule,
)
from .schedule import (
    INDIVIDUAL_UNSET_LABEL,
    MAX_INDIVIDUAL_MONTHS,
    NEVER_CONTACTED_LABEL,
    SAFETY_INTERVAL,
    ContactInputError,
    ContactMatcher,
    NextContact,
    Reason,
    add_interval,
    cap_applies,
    describe_interval,
    next_contact,
    next_contacts,
    profile_review_date,
    shortest_span_days,
    subtract_months,
    validate_facts,
    validate_individual_interval,
)

__all__ = [
    "CARE_GROUPS",
    "INDIVIDUAL_UNSET_LABEL",
    "MAX_INDIVIDUAL_MONTHS",
    "NEVER_CONTACTED_LABEL",
    "PROFILES",
    "SAFETY_INTERVAL",
    "STATUSES",
    "ContactFacts",
    "ContactInputError",
    "ContactMatcher",
    "NextContact",
    "Reason",
    "RowIndex",
    "add_interval",
    "age_on",
    "birthday",
    "cap_applies",
    "describe_interval",
    "match_rule",
    "next_contact",
    "next_contacts",
    "profile_review_date",
    "shortest_span_days",
    "subtract_months",
    "validate_facts",
    "validate_individual_interval",
]
