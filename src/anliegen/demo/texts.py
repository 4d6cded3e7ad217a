"""Word lists of the demo: names, companies, work item titles and history texts (German, as
staff would write them). All fictitious."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- Names ----------------------------------------------------------------------------------

FEMALE_FIRST_NAMES = _words(
    "Anna Julia Katrin Sabine Petra Monika Sandra Nicole Stefanie Claudia Melanie Andrea "
    "Susanne Jana Lena Lea Sophie Marie Laura Sarah Jessica Anja Birgit Heike Kerstin "
    "Manuela Yvonne Mandy Doreen Ines Franziska Christin Nadine Daniela Silke Tanja Carina "
    "Emma Mia Hannah Johanna Charlotte Ayşe Fatma Emine Zeynep Olga Natalia Aleksandra "
    "Agnieszka Irina Amira Leyla Elena Ramona Beate"
)
MALE_FIRST_NAMES = _words(
    "Thomas Michael Andreas Stefan Frank Jürgen Uwe Ralf Sven Marco Daniel Dennis Kevin "
    "Florian Tobias Jan Lukas Felix Paul Jonas Maximilian Oliver Matthias Torsten René "
    "Mario Steffen Dirk Holger Patrick Christian Sebastian Markus Ronny Enrico Benjamin "
    "Leon Finn Niklas Mehmet Ali Mustafa Ahmad Omar Dmitri Sergej Piotr Tomasz Andrei "
    "Bogdan Karim Hassan Jörg Detlef Bernd Heiko"
)
LAST_NAMES = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
    "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
    "Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler "
    "Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung "
    "Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz "
    "Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher "
    "Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf "
    "Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer "
    "Arnold Wolff Pfeiffer Ernst Lindner Hübner Kramer Franz Jahn Wendt Kowalski Nowak "
    "Wiśniewski Yılmaz Kaya Demir Şahin Çelik Öztürk Popescu Ivanov Petrov Schewtschenko "
    "Nguyen Tran Al-Hassan Haddad Mansour"
)
COMPANY_STEMS = _words(
    "Müller Schneider Havelland Spree Ruhrtal Kocher Hohenlohe Ennepe Sonnenschein "
    "Lindenhof Nordstern Brandenburg Elbe Saale Hanse Kranich"
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
