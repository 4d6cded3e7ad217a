"""Issue 9, defect 1 in the demo (TKT-01): ``sc-region-ost`` serves ``jc-potsdam`` and
``jc-berlin-lichtenberg``; ``tsb.sc-ost`` sends tickets there, and nowhere else."""

from __future__ import annotations

import pytest

from anliegen.core.errors import InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, ServiceRelation, User
from anliegen.org.scope import scope_for, served_organisations_for
from anliegen.tickets.sending import send_ticket
from tests.demo.test_load_demo import demo  # noqa: F401  (the small demo, loaded once)


def test_tsb_sc_ost_sends_tickets_to_the_served_job_centres(demo, db):  # noqa: F811
    centre = Organisation.objects.get(slug="sc-region-ost")
    served = set(
        ServiceRelation.objects.filter(service_centre=centre).values_list("served__slug", flat=True)
    )
    assert served == {"jc-potsdam", "jc-berlin-lichtenberg"}
    agent = User.objects.get(username="tsb.sc-ost")
    assert {o.slug for o in served_organisations_for(agent)} == served
    scope = scope_for(agent, centre)
    for slug in sorted(served):
        customer = Customer.objects.filter(organisation__slug=slug).order_by("id").first()
        for area in ("benefits", "integration"):
            ticket, created = send_ticket(
                actor=agent,
                scope=scope,
                area=area,
                customer_number=customer.customer_number,
                concern="Frage zum Bescheid",
            )
            assert created
            assert ticket.organisation.slug == slug
            assert ticket.item.team is not None
    elsewhere = Customer.objects.filter(organisation__slug="jc-schwaebisch-hall").first()
    with pytest.raises(InvalidInput):
        send_ticket(
            actor=agent,
            scope=scope,
            area="benefits",
            customer_number=elsewhere.customer_number,
            concern="x",
        )
