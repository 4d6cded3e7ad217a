"""German federal states (Bundesländer) and municipal holiday options (FND-06).

Pure data, no Django import: the codes are the ISO 3166-2:DE suffixes that the ``holidays``
package uses as subdivisions of Germany.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

STATES: Final[tuple[str, ...]] = (
    "BW",
    "BY",
    "BE",
    "BB",
    "HB",
    "HH",
    "HE",
    "MV",
    "NI",
    "NW",
    "RP",
    "SL",
    "SN",
    "ST",
    "SH",
    "TH",
)

STATE_NAMES: Final[dict[str, str]] = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}

MUNICIPAL_OPTIONS: Final[dict[str, str]] = {
    "catholic": (
        "Katholisch geprägte Gemeinden "
        "(Mariä Himmelfahrt in Bayern, Fronleichnam in Sachsen und Thüringen)"
    ),
    "augsburg": "Augsburger Hohes Friedensfest (Stadt Augsburg)",
}

# The states in which a municipal option adds a holiday at all. Elsewhere the option is
# accepted but has no effect (a site that moves state must not break its calendar).
_OPTION_STATES: Final = MappingProxyType(
    {
        "catholic": frozenset({"BY", "SN", "TH"}),
        "augsburg": frozenset({"BY"}),
    }
)


def municipal_options_for(state: str) -> dict[str, str]:
    """The municipal options that change the calendar of ``state`` (for forms and the UI).

    An unknown state yields an empty dict; :class:`~anliegen.fristen.WorkCalendar` is where
    an unknown state is rejected.
    """
    code = state.strip().upper()
    return {key: label for key, label in MUNICIPAL_OPTIONS.items() if code in _OPTION_STATES[key]}
