"""Roles and what they may see (FND-02).

A person holds a role per team (or, for management roles, per organisation or area). Scope
follows from the role: management sees the organisation, area management its area, a team lead
their team, a case worker their own items and those they deputise for.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGEMENT = "management", _("Management (GF)")
    AREA_MANAGEMENT = "area_management", _("Area management (BL)")
    MANAGEMENT_OFFICE = "management_office", _("Management office")
    TEAM_LEAD = "team_lead", _("Team lead")
    DEPUTY_LEAD = "deputy_lead", _("Deputy team lead")
    BENEFITS_WORKER = "benefits_worker", _("Benefits case worker (FAss)")
    PLACEMENT_OFFICER = "placement_officer", _("Placement officer (AV)")
    CASE_MANAGER = "case_manager", _("Case manager (FM)")
    INTEGRATION_SPECIALIST = "integration_specialist", _("Integration specialist (IFK)")
    PHONE_AGENT = "phone_agent", _("Phone agent (TSB)")
    PHONE_EXPERT = "phone_expert", _("Phone expert (FiT)")
    BACK_OFFICE = "back_office", _("Operative service (OS)")
    PROVIDER = "provider", _("Provider (Träger)")
    ADMIN = "admin", _("Administrator")


#: Roles that see every team of the organisation.
ORG_WIDE_ROLES = frozenset({Role.MANAGEMENT, Role.MANAGEMENT_OFFICE, Role.ADMIN})
#: Roles that see every team of their area.
AREA_ROLES = frozenset({Role.AREA_MANAGEMENT})
#: Roles that lead a team and see its worklist.
LEAD_ROLES = frozenset({Role.TEAM_LEAD, Role.DEPUTY_LEAD})
#: Roles that work with customer records (and may open them; every view is logged).
CASEWORK_ROLES = frozenset(
    {
        Role.MANAGEMENT,
        Role.AREA_MANAGEMENT,
        Role.MANAGEMENT_OFFICE,
        Role.TEAM_LEAD,
        Role.DEPUTY_LEAD,
        Role.BENEFITS_WORKER,
        Role.PLACEMENT_OFFICER,
        Role.CASE_MANAGER,
        Role.INTEGRATION_SPECIALIST,
        Role.PHONE_AGENT,
        Role.PHONE_EXPERT,
        Role.BACK_OFFICE,
    }
)
#: Roles allowed to change organisation settings (rules, closing days, staff).
SETTINGS_ROLES = frozenset({Role.ADMIN})
#: Roles in a service centre's teams whose holders send tickets to the organisations the
#: region serves (TKT-01): phone agents, phone experts and their leads.
SENDING_ROLES = frozenset({Role.PHONE_AGENT, Role.PHONE_EXPERT, Role.TEAM_LEAD, Role.DEPUTY_LEAD})
