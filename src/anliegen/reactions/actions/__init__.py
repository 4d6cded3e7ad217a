"""Every change to customer reactions (seed 000; KRM-01 … KRM-09), one module per concern:

* :mod:`.intake` — recording reactions (staff, providers, the public form; KRM-01, KRM-03);
* :mod:`.classification` — kind (KRM-02), topic list (KRM-02a), teams and lead team (KRM-03);
* :mod:`.clocks` — the acknowledgement and resolution clocks (KRM-04);
* :mod:`.outcome` — acknowledgement sent (KRM-05), outcome and register entry (KRM-09);
* :mod:`.petition` — closing a petition, management's own procedure (KRM-02);
* :mod:`.management` — requests to see management (KRM-06), forwarding (KRM-07);
* :mod:`.common` — who may act, input checks, report facts (KRM-10).

Every public name stays importable from ``anliegen.reactions.actions``.
"""

from anliegen.reactions.actions.classification import add_topic, classify, set_teams
from anliegen.reactions.actions.clocks import clock_specs
from anliegen.reactions.actions.common import (
    CLOCK_SKEW,
    MAX_TEXT,
    PRIORITY,
    ensure_may_act,
    store_report_facts,
)
from anliegen.reactions.actions.intake import (
    MAX_PUBLIC_TEXT,
    PUBLIC_KINDS,
    record_public_reaction,
    record_reaction,
)
from anliegen.reactions.actions.management import (
    decide_management_request,
    forward_to_manager,
    managers_of,
    request_management,
)
from anliegen.reactions.actions.outcome import (
    make_register_entry,
    record_acknowledgement_sent,
    record_outcome,
)
from anliegen.reactions.actions.petition import close_petition, may_close_petition

__all__ = [
    "CLOCK_SKEW",
    "MAX_PUBLIC_TEXT",
    "MAX_TEXT",
    "PRIORITY",
    "PUBLIC_KINDS",
    "add_topic",
    "classify",
    "clock_specs",
    "close_petition",
    "decide_management_request",
    "ensure_may_act",
    "forward_to_manager",
    "make_register_entry",
    "managers_of",
    "may_close_petition",
    "record_acknowledgement_sent",
    "record_outcome",
    "record_public_reaction",
    "record_reaction",
    "request_management",
    "set_teams",
    "store_report_facts",
]
