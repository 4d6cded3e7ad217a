"""Server-side SVG charts for reports (KRM-10) and the contact dashboard (KON-08)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from anliegen.web.charts import HEIGHT, Series, bar_chart, line_chart, nice_maximum

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 1),
        (0.4, 1),
        (1, 1),
        (3, 5),
        (7, 10),
        (11, 20),
        (24, 25),
        (26, 50),
        (250, 250),
        (251, 500),
    ],
)
def test_nice_maximum(value: float, expected: float) -> None:
    assert nice_maximum(value) == expected


def test_bar_heights_are_proportional_and_labels_escaped() -> None:
    svg = bar_chart(
        ["Q1 <2026>", "Q2"],
        [Series("Eingang & Co", [10, 5]), Series("Erledigt", [None, 20])],
        title="Reaktionen",
        description="Eingang je Quartal",
    )
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Reaktionen"  # type: ignore[union-attr]
    bars = [r for r in root.findall("svg:rect", NS) if r.find("svg:title", NS) is not None]
    assert len(bars) == 3  # the missing value draws no bar
    heights = [float(r.get("height")) for r in bars]  # type: ignore[arg-type]
    assert heights[0] == pytest.approx(2 * heights[1])  # 10 vs 5
    assert heights[2] == pytest.approx(HEIGHT - 12 - 48)  # 20 is the axis maximum
    assert "Q1 <2026>" in "".join(root.itertext())
    assert "<2026>" not in str(svg)  # escaped in the markup


def test_line_chart_draws_one_polyline_per_series_and_a_target() -> None:
    svg = line_chart(
        ["KW 1", "KW 2", "KW 3"],
        [Series("Beratungen", [20, 22, 18]), Series("Nicht erschienen", [3, 2, 4])],
        title="Beratungen je Woche",
        target=25,
        target_label="Ziel 25",
    )
    root = ET.fromstring(str(svg))
    assert len(root.findall("svg:polyline", NS)) == 2
    assert len(root.findall("svg:circle", NS)) == 6
    assert "Ziel 25" in "".join(root.itertext())


def test_counts_get_whole_axis_steps_and_long_labels_are_shortened() -> None:
    svg = bar_chart(
        ["Johanna Schumacher-Müller-Lüdenscheidt", "Ali"] * 6,
        [Series("Überfällig", [1, 0] * 6)],
        title="Überfällige Kontakte",
    )
    texts = list(ET.fromstring(str(svg)).itertext())
    assert {"0", "1", "2", "3", "4"} <= set(texts)  # the axis of a count of 1 runs to 4
    assert "Ali" in texts
    assert any(t.startswith("Johann") and t.endswith("…") for t in texts)
