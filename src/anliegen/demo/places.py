"""Places of the demo customers: real towns, postcodes and street names of the seeds'
regions (house numbers are random, so no address is a real person's)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    city: str
    postcodes: tuple[str, ...]
    phone_prefix: str
    streets: tuple[str, ...]


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
