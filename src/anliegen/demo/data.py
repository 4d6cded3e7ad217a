"""The demo organisations of the seeds (FND-13) as plain data: sites, areas, teams, staff and
the named logins (places in :mod:`.places`, word lists in :mod:`.texts`).

Everything is fictitious. Names are common German (and some non-German) first and last names;
addresses are real street names with random house numbers; e-mail domains end in ``.example``
(RFC 2606), so no message can ever reach a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

from anliegen.demo import places
from anliegen.demo.places import Place
from anliegen.org.roles import Role

DEMO_SEED = 2026
CUSTOMER_EMAIL_DOMAINS = ("mail.example", "post.example", "web.example")

LEISTUNG = "benefits"
INTEGRATION = "integration"
SERVICE_CENTRE = "service_centre"
OPERATIVE_SERVICE = "operative_service"
EMPLOYER_SERVICE = "employer_service"
MANAGEMENT = "management"


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    state: str
    is_main: bool = False
    tandem_of: str | None = None
    municipal: tuple[str, ...] = ()


@dataclass(frozen=True)
class AreaSpec:
    key: str
    kind: str
    name: str
    site: str


@dataclass(frozen=True)
class TeamSpec:
    name: str
    area: str
    #: (role, how many); the lead roles come first.
    staff: tuple[tuple[str, int], ...]
    #: Named logins: (role, username) for the first member of that role.
    logins: tuple[tuple[str, str], ...] = ()
    #: Care groups whose customers this team's case workers look after (contact persons).
    care_groups: tuple[str, ...] = ()
    #: The team also looks after employers (fixed contact person, QS-05).
    employers: bool = False


@dataclass(frozen=True)
class OrgStaffSpec:
    role: str
    count: int = 1
    area: str | None = None
    login: str | None = None


@dataclass(frozen=True)
class OrgSpec:
    slug: str
    name: str
    kind: str
    short: str
    letterhead: str
    sites: tuple[SiteSpec, ...]
    areas: tuple[AreaSpec, ...]
    teams: tuple[TeamSpec, ...]
    org_staff: tuple[OrgStaffSpec, ...]
    customers: int
    number_prefix: str
    places: tuple[Place, ...]
    employer_share: float = 0.03
    sgb: str = "II"
    closing_days: tuple[tuple[str, str], ...] = ()
    #: name of the team one of whose case workers is absent, covered by a standing deputy (TKT-05).
    absent_worker_team: str | None = None
    #: name of the team whose lead is absent; the deputy lead deputises (FND-03).
    absent_lead_team: str | None = None
    #: slugs of the organisations a service-centre region serves: its agents send tickets
    #: there (SOC-01, TKT-01).
    serves: tuple[str, ...] = ()


# --- Roles of case workers -----------------------------------------------------------------

FASS = Role.BENEFITS_WORKER
AV = Role.PLACEMENT_OFFICER
FM = Role.CASE_MANAGER
IFK = Role.INTEGRATION_SPECIALIST
TSB = Role.PHONE_AGENT
FIT = Role.PHONE_EXPERT
OS = Role.BACK_OFFICE
TL = Role.TEAM_LEAD
STV = Role.DEPUTY_LEAD

ALL_GROUPS = ("ue25_basis", "ue25_active", "u25", "case_management", "rehab", "self_employed")

# --- The five organisations ------------------------------------------------------------------

LICHTENBERG = OrgSpec(
    slug="jc-berlin-lichtenberg",
    name="Jobcenter Berlin Lichtenberg",
    kind="jobcenter",
    short="jc-lichtenberg",
    letterhead="Jobcenter Berlin Lichtenberg\nGotlindestraße 93\n10365 Berlin",
    sites=(SiteSpec("lbg", "Lichtenberg, Gotlindestraße", "BE", is_main=True),),
    areas=(
        AreaSpec("gf", MANAGEMENT, "Geschäftsführung", "lbg"),
        AreaSpec("leistung", LEISTUNG, "Leistung", "lbg"),
        AreaSpec("mi", INTEGRATION, "Markt und Integration", "lbg"),
        AreaSpec("ag", EMPLOYER_SERVICE, "Arbeitgeberservice", "lbg"),
    ),
    teams=(
        TeamSpec(
            "Leistung 1",
            "leistung",
            ((TL, 1), (STV, 1), (FASS, 6)),
            logins=((TL, "tl.lichtenberg"), (FASS, "fass.lichtenberg")),
        ),
        TeamSpec(
            "Leistung 2",
            "leistung",
            ((TL, 1), (STV, 1), (FASS, 5)),
            logins=((STV, "stv.lichtenberg"),),
        ),
        TeamSpec(
            "Ü25 Basis 1",
            "mi",
            ((TL, 1), (STV, 1), (AV, 5)),
            logins=((AV, "av.lichtenberg"),),
            care_groups=("ue25_basis", "self_employed"),
        ),
        TeamSpec(
            "Ü25 Basis 2", "mi", ((TL, 1), (AV, 4)), care_groups=("ue25_basis", "self_employed")
        ),
        TeamSpec(
            "Ü25 Aktivteam (BJO)",
            "mi",
            ((TL, 1), (IFK, 3), (AV, 1)),
            logins=((IFK, "ifk.lichtenberg"),),
            care_groups=("ue25_active",),
        ),
        TeamSpec("U25", "mi", ((TL, 1), (STV, 1), (AV, 4)), care_groups=("u25",)),
        TeamSpec(
            "Fallmanagement und Reha",
            "mi",
            ((TL, 1), (FM, 4)),
            logins=((FM, "fm.lichtenberg"),),
            care_groups=("case_management", "rehab"),
        ),
        TeamSpec("Arbeitgeberservice", "ag", ((TL, 1), (AV, 3)), employers=True),
    ),
    org_staff=(
        OrgStaffSpec(Role.MANAGEMENT, login="gf.lichtenberg"),
        OrgStaffSpec(Role.MANAGEMENT_OFFICE, 2, login="buero.lichtenberg"),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="mi", login="bl.lichtenberg"),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="leistung"),
        OrgStaffSpec(Role.ADMIN, login="admin.lichtenberg"),
        OrgStaffSpec(Role.PROVIDER, 2, login="traeger.lichtenberg"),
    ),
    customers=1500,
    number_prefix="955",
    places=(places.BERLIN_LICHTENBERG,),
    absent_lead_team="Leistung 2",
)

SCHWAEBISCH_HALL_ORG = OrgSpec(
    slug="jc-schwaebisch-hall",
    name="Jobcenter Landkreis Schwäbisch Hall",
    kind="jobcenter",
    short="jc-sha",
    letterhead="Jobcenter Landkreis Schwäbisch Hall\nBahnhofstraße 14\n74523 Schwäbisch Hall",
    sites=(
        SiteSpec("sha", "Schwäbisch Hall", "BW", is_main=True),
        SiteSpec("cr", "Crailsheim", "BW"),
    ),
    areas=(
        AreaSpec("gf", MANAGEMENT, "Geschäftsführung", "sha"),
        AreaSpec("leistung", LEISTUNG, "Leistung", "sha"),
        AreaSpec("integration", INTEGRATION, "Markt und Integration", "sha"),
        AreaSpec("cr", LEISTUNG, "Außenstelle Crailsheim", "cr"),
    ),
    teams=(
        TeamSpec(
            "Leistung Schwäbisch Hall",
            "leistung",
            ((TL, 1), (STV, 1), (FASS, 5)),
            logins=((TL, "tl.sha"),),
        ),
        TeamSpec("Leistung Crailsheim", "cr", ((TL, 1), (FASS, 3))),
        TeamSpec(
            "Integration Schwäbisch Hall",
            "integration",
            ((TL, 1), (STV, 1), (AV, 3), (FM, 2)),
            care_groups=ALL_GROUPS,
            employers=True,
        ),
        TeamSpec("Integration Crailsheim", "cr", ((TL, 1), (AV, 3)), care_groups=ALL_GROUPS),
    ),
    org_staff=(
        OrgStaffSpec(Role.MANAGEMENT, login="gf.sha"),
        OrgStaffSpec(Role.MANAGEMENT_OFFICE, 1, login="buero.sha"),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="integration"),
        OrgStaffSpec(Role.ADMIN),
        OrgStaffSpec(Role.PROVIDER),
    ),
    customers=400,
    number_prefix="616",
    places=(places.SCHWAEBISCH_HALL, places.CRAILSHEIM, places.GAILDORF, places.ILSHOFEN),
    closing_days=(("12-24", "Heiligabend"), ("12-31", "Silvester")),
)

EN = OrgSpec(
    slug="jobagentur-en",
    name="JobAgentur EN",
    kind="jobcenter",
    short="jobagentur-en",
    letterhead="JobAgentur EN\nHauptstraße 92\n58332 Schwelm",
    sites=(
        SiteSpec("schwelm", "Schwelm (Leitung und Koordinierungsstelle)", "NW", is_main=True),
        SiteSpec("witten", "Regionalstelle Witten", "NW"),
        SiteSpec("hattingen", "Regionalstelle Hattingen", "NW"),
        SiteSpec("gevelsberg", "Regionalstelle Gevelsberg", "NW"),
        SiteSpec("sprockhoevel", "Regionalstelle Sprockhövel", "NW", tandem_of="gevelsberg"),
        SiteSpec("ennepetal", "Regionalstelle Ennepetal", "NW"),
        SiteSpec("breckerfeld", "Regionalstelle Breckerfeld", "NW", tandem_of="ennepetal"),
    ),
    areas=(
        AreaSpec("leitung", MANAGEMENT, "Leitung JobAgentur EN", "schwelm"),
        AreaSpec("witten", INTEGRATION, "Regionalstelle Witten", "witten"),
        AreaSpec("hattingen", INTEGRATION, "Regionalstelle Hattingen", "hattingen"),
        AreaSpec("gevelsberg", INTEGRATION, "Regionalstelle Gevelsberg/Sprockhövel", "gevelsberg"),
        AreaSpec("ennepetal", INTEGRATION, "Regionalstelle Ennepetal/Breckerfeld", "ennepetal"),
        AreaSpec("us", EMPLOYER_SERVICE, "Unternehmensservice", "schwelm"),
    ),
    teams=(
        TeamSpec("Witten – Leistungsgewährung", "witten", ((TL, 1), (FASS, 3))),
        TeamSpec(
            "Witten – Arbeitsvermittlung und Fachberatung",
            "witten",
            ((TL, 1), (STV, 1), (AV, 3), (FM, 1)),
            logins=((TL, "tl.en"),),
            care_groups=ALL_GROUPS,
            employers=True,
        ),
        TeamSpec(
            "Hattingen – Leistung und Vermittlung",
            "hattingen",
            ((TL, 1), (FASS, 2), (AV, 2)),
            care_groups=ALL_GROUPS,
        ),
        TeamSpec(
            "Gevelsberg/Sprockhövel",
            "gevelsberg",
            ((TL, 1), (FASS, 2), (AV, 2)),
            care_groups=ALL_GROUPS,
        ),
        TeamSpec(
            "Ennepetal/Breckerfeld",
            "ennepetal",
            ((TL, 1), (FASS, 2), (AV, 2)),
            care_groups=ALL_GROUPS,
        ),
        TeamSpec("Unternehmensservice", "us", ((TL, 1), (AV, 2)), employers=True),
    ),
    org_staff=(
        OrgStaffSpec(Role.MANAGEMENT, login="gf.en"),
        OrgStaffSpec(Role.MANAGEMENT_OFFICE, 1),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="witten"),
        OrgStaffSpec(Role.ADMIN),
        OrgStaffSpec(Role.PROVIDER),
    ),
    customers=450,
    number_prefix="341",
    places=(
        places.WITTEN,
        places.HATTINGEN,
        places.SCHWELM,
        places.GEVELSBERG,
        places.SPROCKHOEVEL,
        places.ENNEPETAL,
        places.BRECKERFELD,
        places.WETTER,
        places.HERDECKE,
    ),
    employer_share=0.06,
)

POTSDAM_ORG = OrgSpec(
    slug="jc-potsdam",
    name="Jobcenter Landeshauptstadt Potsdam",
    kind="jobcenter",
    short="jc-potsdam",
    letterhead=(
        "Jobcenter Landeshauptstadt Potsdam\n"
        "In Trägerschaft der Agentur für Arbeit Potsdam und der Landeshauptstadt Potsdam\n"
        "Horstweg 102–108\n14478 Potsdam"
    ),
    sites=(SiteSpec("potsdam", "Potsdam, Horstweg", "BB", is_main=True),),
    areas=(
        AreaSpec("gf", MANAGEMENT, "Geschäftsführung", "potsdam"),
        AreaSpec("leistung", LEISTUNG, "Leistung", "potsdam"),
        AreaSpec("integration", INTEGRATION, "Integration", "potsdam"),
    ),
    teams=(
        TeamSpec(
            "Leistung 1", "leistung", ((TL, 1), (STV, 1), (FASS, 5)), logins=((TL, "tl.potsdam"),)
        ),
        TeamSpec("Leistung 2", "leistung", ((TL, 1), (STV, 1), (FASS, 4))),
        TeamSpec("Eingangszone", "leistung", ((TL, 1), (FASS, 3))),
        TeamSpec(
            "Integration 1",
            "integration",
            ((TL, 1), (STV, 1), (AV, 3), (FM, 1)),
            care_groups=ALL_GROUPS,
            employers=True,
        ),
        TeamSpec(
            "Integration 2", "integration", ((TL, 1), (AV, 3), (FM, 1)), care_groups=ALL_GROUPS
        ),
    ),
    org_staff=(
        OrgStaffSpec(Role.MANAGEMENT, login="gf.potsdam"),
        OrgStaffSpec(Role.MANAGEMENT_OFFICE, 1),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="leistung"),
        OrgStaffSpec(Role.ADMIN),
        OrgStaffSpec(Role.PROVIDER),
    ),
    customers=450,
    number_prefix="926",
    places=(places.POTSDAM,),
    absent_worker_team="Leistung 1",
)

SC_OST = OrgSpec(
    slug="sc-region-ost",
    name="BA Service-Center-Region Ost",
    kind="service_centre",
    short="sc-ost",
    letterhead="Bundesagentur für Arbeit\nService-Center-Region Ost\nFriedrichstraße 34\n10969 Berlin",
    sites=(
        SiteSpec("scb", "Service Center Berlin", "BE", is_main=True),
        SiteSpec("sch", "Service Center Halle (Saale)", "ST"),
        SiteSpec("ospdm", "Agentur für Arbeit Potsdam", "BB"),
        SiteSpec("osbm", "Agentur für Arbeit Berlin Mitte", "BE"),
        SiteSpec("osmd", "Agentur für Arbeit Magdeburg", "ST"),
    ),
    areas=(
        AreaSpec("rl", MANAGEMENT, "Regionalleitung", "scb"),
        AreaSpec("scb", SERVICE_CENTRE, "Service Center Berlin", "scb"),
        AreaSpec("sch", SERVICE_CENTRE, "Service Center Halle", "sch"),
        AreaSpec("ospdm", OPERATIVE_SERVICE, "Operativer Service Potsdam", "ospdm"),
        AreaSpec("osbm", OPERATIVE_SERVICE, "Operativer Service Berlin Mitte", "osbm"),
        AreaSpec("osmd", OPERATIVE_SERVICE, "Operativer Service Magdeburg", "osmd"),
    ),
    teams=(
        TeamSpec(
            "SC Berlin – Team 1",
            "scb",
            ((TL, 1), (STV, 1), (FIT, 1), (TSB, 8)),
            logins=((TL, "tl.sc-ost"), (TSB, "tsb.sc-ost"), (FIT, "fit.sc-ost")),
        ),
        TeamSpec("SC Berlin – Team 2", "scb", ((TL, 1), (FIT, 1), (TSB, 7))),
        TeamSpec("SC Halle – Team 1", "sch", ((TL, 1), (FIT, 1), (TSB, 7))),
        TeamSpec("OS Potsdam – Alg Plus", "ospdm", ((TL, 1), (OS, 4)), logins=((OS, "os.sc-ost"),)),
        TeamSpec("OS Berlin Mitte – Alg Plus", "osbm", ((TL, 1), (STV, 1), (OS, 4))),
        TeamSpec("OS Magdeburg – Alg Plus", "osmd", ((TL, 1), (OS, 3))),
    ),
    org_staff=(
        OrgStaffSpec(Role.MANAGEMENT, login="rl.sc-ost"),
        OrgStaffSpec(Role.MANAGEMENT_OFFICE, 1),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="scb"),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="ospdm"),
        OrgStaffSpec(Role.ADMIN),
    ),
    customers=300,
    number_prefix="901",
    places=(
        places.BERLIN_MITTE,
        places.POTSDAM,
        places.BRANDENBURG,
        places.HALLE,
        places.MAGDEBURG,
    ),
    employer_share=0.0,
    sgb="III",
    serves=("jc-potsdam", "jc-berlin-lichtenberg"),
)

ORGANISATIONS: tuple[OrgSpec, ...] = (
    SCHWAEBISCH_HALL_ORG,
    EN,
    POTSDAM_ORG,
    LICHTENBERG,
    SC_OST,
)
DEMO_SLUGS = tuple(spec.slug for spec in ORGANISATIONS)

#: The key login for the acceptance check (listed first by ``demo_logins``).
KEY_LOGIN = "tl.lichtenberg"
#: One login per role, in the order ``demo_logins`` prints them.
ROLE_LOGINS: tuple[tuple[str, str], ...] = (
    (Role.TEAM_LEAD, "tl.lichtenberg"),
    (Role.DEPUTY_LEAD, "stv.lichtenberg"),
    (Role.BENEFITS_WORKER, "fass.lichtenberg"),
    (Role.PLACEMENT_OFFICER, "av.lichtenberg"),
    (Role.CASE_MANAGER, "fm.lichtenberg"),
    (Role.INTEGRATION_SPECIALIST, "ifk.lichtenberg"),
    (Role.MANAGEMENT, "gf.lichtenberg"),
    (Role.AREA_MANAGEMENT, "bl.lichtenberg"),
    (Role.MANAGEMENT_OFFICE, "buero.lichtenberg"),
    (Role.PROVIDER, "traeger.lichtenberg"),
    (Role.ADMIN, "admin.lichtenberg"),
    (Role.PHONE_AGENT, "tsb.sc-ost"),
    (Role.PHONE_EXPERT, "fit.sc-ost"),
    (Role.BACK_OFFICE, "os.sc-ost"),
)
#: Further named logins, one management and one team-lead login per other organisation.
MORE_LOGINS: tuple[str, ...] = (
    "gf.sha",
    "tl.sha",
    "buero.sha",
    "gf.en",
    "tl.en",
    "gf.potsdam",
    "tl.potsdam",
    "rl.sc-ost",
    "tl.sc-ost",
)
SUPERUSER = "admin"

SKILLS = (
    ("soc_l", "SOC-L (Leistungs-Know-how im Service Center)"),
    ("fallmanagement", "Zertifiziertes Fallmanagement"),
)
SOC_L_SHARE = 0.4
