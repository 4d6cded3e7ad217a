"""The demo organisations of the seeds (FND-13) as plain data: sites, areas, teams, staff,
named logins, places and the word lists the synthetic customers are drawn from.

Everything here is fictitious. Names are common German (and some non-German) first and last
names; addresses are real street names with random house numbers; e-mail domains end in
``.example`` (RFC 2606), so no message can ever reach a real person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from anliegen.org.roles import Role

DEMO_SEED = 2026
STAFF_EMAIL_DOMAIN = "{short}.example"
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
class Place:
    city: str
    postcodes: tuple[str, ...]
    phone_prefix: str
    streets: tuple[str, ...]


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
    #: username of a case worker who is absent with a standing deputy (TKT-05), if any.
    absent_worker_team: str | None = None
    #: name of the team whose lead is absent; the deputy lead deputises (FND-03).
    absent_lead_team: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


# --- Places --------------------------------------------------------------------------------

BERLIN_LICHTENBERG = Place(
    "Berlin",
    (
        "10315",
        "10317",
        "10318",
        "10319",
        "10365",
        "10367",
        "10369",
        "13051",
        "13053",
        "13055",
        "13057",
        "13059",
    ),
    "030",
    (
        "Frankfurter Allee",
        "Möllendorffstraße",
        "Weitlingstraße",
        "Rummelsburger Straße",
        "Siegfriedstraße",
        "Landsberger Allee",
        "Konrad-Wolf-Straße",
        "Zingster Straße",
        "Ribnitzer Straße",
        "Falkenberger Chaussee",
        "Wartenberger Straße",
        "Alt-Friedrichsfelde",
        "Sewanstraße",
        "Schulze-Boysen-Straße",
        "Normannenstraße",
        "Plauener Straße",
        "Hohenschönhauser Straße",
        "Degnerstraße",
        "Am Tierpark",
        "Erich-Kurz-Straße",
        "Volkradstraße",
        "Archenholdstraße",
        "Lückstraße",
        "Nöldnerstraße",
        "Neustrelitzer Straße",
    ),
)
BERLIN_MITTE = Place(
    "Berlin",
    ("10115", "10117", "10119", "10178", "10179", "10551", "10553", "10555", "13347", "13353"),
    "030",
    (
        "Brunnenstraße",
        "Invalidenstraße",
        "Torstraße",
        "Müllerstraße",
        "Turmstraße",
        "Alt-Moabit",
        "Seestraße",
        "Badstraße",
        "Chausseestraße",
        "Karl-Marx-Allee",
    ),
)
POTSDAM = Place(
    "Potsdam",
    ("14467", "14469", "14471", "14473", "14478", "14480", "14482"),
    "0331",
    (
        "Friedrich-Ebert-Straße",
        "Brandenburger Straße",
        "Zeppelinstraße",
        "Breite Straße",
        "Heinrich-Mann-Allee",
        "Großbeerenstraße",
        "Kurfürstenstraße",
        "Hegelallee",
        "Berliner Straße",
        "Pappelallee",
        "Galileistraße",
        "Horstweg",
        "Drewitzer Straße",
        "Zum Teich",
        "Gerlachstraße",
        "Am Schlaatz",
        "Kiepenheuerallee",
        "Jagdhausstraße",
    ),
)
BRANDENBURG = Place(
    "Brandenburg an der Havel",
    ("14770", "14772", "14774", "14776"),
    "03381",
    ("Hauptstraße", "Steinstraße", "Neuendorfer Straße", "Magdeburger Straße", "Ritterstraße"),
)
HALLE = Place(
    "Halle (Saale)",
    ("06108", "06110", "06112", "06114", "06116", "06118", "06120", "06122", "06124", "06126"),
    "0345",
    (
        "Leipziger Straße",
        "Große Ulrichstraße",
        "Merseburger Straße",
        "Reilstraße",
        "Magdeburger Straße",
        "Delitzscher Straße",
        "Trothaer Straße",
        "Neustädter Passage",
    ),
)
MAGDEBURG = Place(
    "Magdeburg",
    ("39104", "39106", "39108", "39110", "39112", "39124", "39128", "39130"),
    "0391",
    (
        "Breiter Weg",
        "Otto-von-Guericke-Straße",
        "Halberstädter Straße",
        "Leipziger Straße",
        "Große Diesdorfer Straße",
        "Lübecker Straße",
        "Olvenstedter Straße",
    ),
)
SCHWAEBISCH_HALL = Place(
    "Schwäbisch Hall",
    ("74523",),
    "0791",
    (
        "Bahnhofstraße",
        "Haller Straße",
        "Crailsheimer Straße",
        "Johanniterstraße",
        "Gelbinger Gasse",
        "Lange Straße",
        "Mauerstraße",
        "Schmiedsgasse",
        "Stuttgarter Straße",
        "Heilbronner Straße",
        "Im Lindach",
        "Teurerweg",
    ),
)
CRAILSHEIM = Place(
    "Crailsheim",
    ("74564",),
    "07951",
    (
        "Karlstraße",
        "Lange Straße",
        "Schillerstraße",
        "Haller Straße",
        "Worthingtonstraße",
        "Ellwanger Straße",
        "Kurt-Schumacher-Straße",
        "Jagststraße",
    ),
)
GAILDORF = Place(
    "Gaildorf", ("74405",), "07971", ("Hauptstraße", "Schloßstraße", "Kochertalstraße")
)
ILSHOFEN = Place("Ilshofen", ("74532",), "07904", ("Haller Straße", "Hauptstraße", "Ringstraße"))
WITTEN = Place(
    "Witten",
    ("58452", "58453", "58454", "58455", "58456"),
    "02302",
    (
        "Bahnhofstraße",
        "Ruhrstraße",
        "Hauptstraße",
        "Annenstraße",
        "Herbeder Straße",
        "Breite Straße",
        "Wideystraße",
        "Crengeldanzstraße",
        "Pferdebachstraße",
    ),
)
HATTINGEN = Place(
    "Hattingen",
    ("45525", "45527", "45529"),
    "02324",
    ("Heggerstraße", "Bahnhofstraße", "Martin-Luther-Straße", "Talstraße", "Blankensteiner Straße"),
)
SCHWELM = Place(
    "Schwelm",
    ("58332",),
    "02336",
    ("Hauptstraße", "Bahnhofstraße", "Kölner Straße", "Potthoffstraße", "Hattinger Straße"),
)
GEVELSBERG = Place(
    "Gevelsberg",
    ("58285",),
    "02332",
    ("Mittelstraße", "Hagener Straße", "Elberfelder Straße", "Rosendahler Straße"),
)
SPROCKHOEVEL = Place(
    "Sprockhövel", ("45549",), "02324", ("Hauptstraße", "Bochumer Straße", "Mittelstraße")
)
ENNEPETAL = Place(
    "Ennepetal",
    ("58256",),
    "02333",
    ("Voerder Straße", "Kölner Straße", "Milsper Straße", "Gasstraße", "Lindenstraße"),
)
BRECKERFELD = Place(
    "Breckerfeld", ("58339",), "02338", ("Frankfurter Straße", "Westring", "Ostring")
)
WETTER = Place("Wetter (Ruhr)", ("58300",), "02335", ("Kaiserstraße", "Bismarckstraße"))
HERDECKE = Place("Herdecke", ("58313",), "02330", ("Hauptstraße", "Goethestraße", "Wetterstraße"))

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
    places=(BERLIN_LICHTENBERG,),
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
        OrgStaffSpec(Role.MANAGEMENT_OFFICE, 1),
        OrgStaffSpec(Role.AREA_MANAGEMENT, area="integration"),
        OrgStaffSpec(Role.ADMIN),
        OrgStaffSpec(Role.PROVIDER),
    ),
    customers=400,
    number_prefix="616",
    places=(SCHWAEBISCH_HALL, CRAILSHEIM, GAILDORF, ILSHOFEN),
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
        WITTEN,
        HATTINGEN,
        SCHWELM,
        GEVELSBERG,
        SPROCKHOEVEL,
        ENNEPETAL,
        BRECKERFELD,
        WETTER,
        HERDECKE,
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
    places=(POTSDAM,),
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
    places=(BERLIN_MITTE, POTSDAM, BRANDENBURG, HALLE, MAGDEBURG),
    employer_share=0.0,
    sgb="III",
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

# --- Names ----------------------------------------------------------------------------------

FEMALE_FIRST_NAMES = (
    "Anna",
    "Julia",
    "Katrin",
    "Sabine",
    "Petra",
    "Monika",
    "Sandra",
    "Nicole",
    "Stefanie",
    "Claudia",
    "Melanie",
    "Andrea",
    "Susanne",
    "Jana",
    "Lena",
    "Lea",
    "Sophie",
    "Marie",
    "Laura",
    "Sarah",
    "Jessica",
    "Anja",
    "Birgit",
    "Heike",
    "Kerstin",
    "Manuela",
    "Yvonne",
    "Mandy",
    "Doreen",
    "Ines",
    "Franziska",
    "Christin",
    "Nadine",
    "Daniela",
    "Silke",
    "Tanja",
    "Carina",
    "Emma",
    "Mia",
    "Hannah",
    "Johanna",
    "Charlotte",
    "Ayşe",
    "Fatma",
    "Emine",
    "Zeynep",
    "Olga",
    "Natalia",
    "Aleksandra",
    "Agnieszka",
    "Irina",
    "Amira",
    "Leyla",
    "Elena",
    "Ramona",
    "Beate",
)
MALE_FIRST_NAMES = (
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Frank",
    "Jürgen",
    "Uwe",
    "Ralf",
    "Sven",
    "Marco",
    "Daniel",
    "Dennis",
    "Kevin",
    "Florian",
    "Tobias",
    "Jan",
    "Lukas",
    "Felix",
    "Paul",
    "Jonas",
    "Maximilian",
    "Oliver",
    "Matthias",
    "Torsten",
    "René",
    "Mario",
    "Steffen",
    "Dirk",
    "Holger",
    "Patrick",
    "Christian",
    "Sebastian",
    "Markus",
    "Ronny",
    "Enrico",
    "Benjamin",
    "Leon",
    "Finn",
    "Niklas",
    "Mehmet",
    "Ali",
    "Mustafa",
    "Ahmad",
    "Omar",
    "Dmitri",
    "Sergej",
    "Piotr",
    "Tomasz",
    "Andrei",
    "Bogdan",
    "Karim",
    "Hassan",
    "Jörg",
    "Detlef",
    "Bernd",
    "Heiko",
)
LAST_NAMES = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brandt",
    "Haas",
    "Schreiber",
    "Graf",
    "Schulte",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Kühn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Thomas",
    "Voigt",
    "Sauer",
    "Arnold",
    "Wolff",
    "Pfeiffer",
    "Ernst",
    "Lindner",
    "Hübner",
    "Kramer",
    "Franz",
    "Jahn",
    "Wendt",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Öztürk",
    "Popescu",
    "Ivanov",
    "Petrov",
    "Schewtschenko",
    "Nguyen",
    "Tran",
    "Al-Hassan",
    "Haddad",
    "Mansour",
)
COMPANY_STEMS = (
    "Müller",
    "Schneider",
    "Havelland",
    "Spree",
    "Ruhrtal",
    "Kocher",
    "Hohenlohe",
    "Ennepe",
    "Sonnenschein",
    "Lindenhof",
    "Nordstern",
    "Brandenburg",
    "Elbe",
    "Saale",
    "Hanse",
    "Kranich",
)
COMPANY_TRADES = (
    ("Logistik", "GmbH"),
    ("Bau", "GmbH & Co. KG"),
    ("Pflegedienst", "gGmbH"),
    ("Gebäudereinigung", "GmbH"),
    ("Gastronomie", "GmbH"),
    ("Elektrotechnik", "GmbH"),
    ("Metallbau", "GmbH"),
    ("Bäckerei", "e. K."),
    ("Sicherheitsdienst", "GmbH"),
    ("Personalservice", "GmbH"),
    ("Autohaus", "GmbH"),
    ("Kita-Verbund", "e. V."),
    ("Lagerservice", "GmbH"),
    ("Malerbetrieb", "e. K."),
    ("Einzelhandel", "OHG"),
)

# --- Work item titles (German, as staff would type them) ------------------------------------

BENEFITS_TICKETS = (
    "Rückfrage zum Bewilligungsbescheid",
    "Weiterbewilligungsantrag – Unterlagen nachgereicht",
    "Änderung der Bankverbindung",
    "Nachfrage: Zahlung noch nicht eingegangen",
    "Mietbescheinigung eingereicht",
    "Umzug – Zusicherung der Kostenübernahme angefragt",
    "Betriebskostenabrechnung eingereicht",
    "Einkommensnachweis nachgereicht",
    "Rückruf erbeten: Überzahlung und Erstattung",
    "Terminwunsch Leistungsberatung",
    "Antrag auf Mehrbedarf (Schwangerschaft)",
    "Erstausstattung der Wohnung beantragt",
    "Nachfrage zum Bearbeitungsstand des Erstantrags",
    "Kindergeld- und Unterhaltsnachweis eingereicht",
    "Heizkostennachzahlung – Übernahme beantragt",
)
INTEGRATION_TICKETS = (
    "Rückfrage zum Vermittlungsvorschlag",
    "Bitte um Rückruf: Erstattung von Bewerbungskosten",
    "Terminverschiebung Beratungsgespräch erbeten",
    "Frage zum Aktivierungs- und Vermittlungsgutschein",
    "Arbeitsunfähigkeitsbescheinigung eingereicht",
    "Arbeitsaufnahme mitgeteilt",
    "Rückfrage zum Kooperationsplan",
    "Bildungsgutschein angefragt",
    "Nachfrage zur Maßnahmezuweisung",
    "Fahrtkosten zum Vorstellungsgespräch",
)
EMPLOYER_TICKETS = (
    "Arbeitgeber bittet um Rückruf: Stellenangebot Lager",
    "Rückfrage Eingliederungszuschuss",
    "Stellenangebot Pflegehilfskraft – Bewerberauswahl",
    "Arbeitgeber meldet Probearbeit",
)
WALK_INS = (
    "Vorsprache Leistungsberatung: Zahlung ausgeblieben",
    "Vorsprache Eingangsberatung: Erstantrag abgegeben",
    "Vorsprache: Mietschulden, Räumungsklage angedroht",
    "Vorsprache Leistungsberatung: Bescheid unverständlich",
)
REACTIONS = (
    ("letter", "Beschwerde: lange Bearbeitungsdauer des Weiterbewilligungsantrags"),
    ("email", "Beschwerde: Leistungsminderung nicht nachvollziehbar"),
    ("phone", "Kritik: telefonische Erreichbarkeit des Teams"),
    ("in_person", "Kritik: Wartezeit im Eingangsbereich"),
    ("email", "Lob: freundliche und schnelle Beratung"),
    ("letter", "Anregung: Öffnungszeiten am Nachmittag"),
    ("fax", "Beschwerde: Unterlagen angeblich nicht eingegangen"),
    ("online", "Kritik: Termin ohne Rücksprache verlegt"),
)
CONDUCT_COMPLAINTS = (
    ("letter", "Dienstaufsichtsbeschwerde: Verhalten im Beratungsgespräch"),
    ("email", "Beschwerde, noch nicht eingeordnet: Ton am Telefon"),
)
FOLLOW_UPS = (
    "Eingang der angeforderten Unterlagen prüfen",
    "Rückmeldung des Arbeitgebers zur Probearbeit nachhalten",
    "Ärztliches Gutachten angefordert – Eingang prüfen",
    "Profillage Z überprüfen",
    "Ende der Maßnahme – Anschlussperspektive klären",
    "Zusage an die Kundin einhalten: Bescheid versenden",
    "Kontoauszüge nachgefordert",
    "Rückruf des Vermieters abwarten",
    "Teilnahme am Bewerbungscoaching nachfragen",
)
PROCESSING_ORDERS = (
    "Bearbeitungsauftrag: Veränderungsmitteilung Nebeneinkommen",
    "Bearbeitungsauftrag: Arbeitsbescheinigung nachgereicht",
    "Bearbeitungsauftrag: neue Anschrift",
    "Bearbeitungsauftrag: Krankmeldung während des Leistungsbezugs",
    "Bearbeitungsauftrag: Urlaubsabwesenheit angezeigt",
)
CALLBACKS = (
    ("Rückruf Leistungsberatung Arbeitslosengeld (30 Min.)", 30),
    ("Rückruf sonstiges Anliegen (20 Min.)", 20),
    ("Rückruf: Sperrzeit – Fragen zum Bescheid (30 Min.)", 30),
    ("Rückruf: Anspruchsdauer Arbeitslosengeld (20 Min.)", 20),
)

# --- History texts -----------------------------------------------------------------------

CONSULTATIONS = (
    "Beratungsvermerk – persönlicher Kontakt: Standortbestimmung durchgeführt, "
    "Bewerbungsstrategie besprochen. Profillage unverändert.",
    "Beratungsvermerk – persönlicher Kontakt: Eigenbemühungen geprüft (6 Bewerbungen), "
    "zwei Vermittlungsvorschläge ausgehändigt.",
    "Beratungsvermerk – persönlicher Kontakt: Gesundheitliche Einschränkungen besprochen, "
    "Einschaltung des Ärztlichen Dienstes vereinbart.",
    "Beratungsvermerk – persönlicher Kontakt: Kinderbetreuung geklärt, Teilzeitwunsch "
    "aufgenommen, Kooperationsplan fortgeschrieben.",
    "Beratungsvermerk – qualifizierte telefonische Beratung nach Nichterscheinen: "
    "neuer Termin vereinbart.",
    "Beratungsvermerk – persönlicher Kontakt: Interesse an Weiterbildung (Berufskraftfahrer), "
    "Bildungsgutschein wird geprüft.",
)
NOTES = (
    "Vermerk: Unterlagen zur Weiterbewilligung vollständig eingegangen.",
    "Vermerk: Kundin telefonisch nicht erreicht, Nachricht hinterlassen.",
    "Vermerk: Änderung der Anschrift erfasst.",
    "Vermerk: Nachweis über Bewerbungsbemühungen liegt vor.",
    "Vermerk: Kunde hat Arbeitsunfähigkeit bis Monatsende angezeigt.",
    "Vermerk: Rücksprache mit Träger zur Maßnahmeteilnahme, Anwesenheit regelmäßig.",
)
INVITATIONS = (
    "Einladung zum Beratungsgespräch versandt (§ 59 SGB II).",
    "Einladung zum Gespräch über die berufliche Situation versandt.",
)
LETTERS = (
    "Schreiben versandt: Anforderung fehlender Unterlagen.",
    "Schreiben versandt: Bewilligungsbescheid.",
)
NO_SHOWS = ("Nichterscheinen zum Termin, keine Entschuldigung.",)
