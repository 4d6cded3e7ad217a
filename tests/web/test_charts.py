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


# --- Issue 9, defect 8: axis labels clipped ("75 Tage" for 18,75), legends overlapping --------


def _texts_with_x(svg: object) -> list[tuple[float, str, str]]:
    root = ET.fromstring(str(svg))
    return [
        (float(t.get("x", 0)), t.get("text-anchor", "start"), t.text or "")
        for t in root.findall("svg:text", NS)
    ]


def test_axis_labels_fit_left_of_the_plot() -> None:
    """The longest tick label, right-aligned at the plot's edge, starts inside the SVG."""
    svg = line_chart(
        ["Q1/2026", "Q2/2026"],
        [Series("Bearbeitungsdauer", [18.75, 12.5])],
        title="Dauer",
        unit="Tage",
        maximum=25,
    )
    ticks = [(x, text) for x, anchor, text in _texts_with_x(svg) if anchor == "end"]
    assert ticks
    for x, text in ticks:
        assert x - len(text) * 6.5 >= 0, text
    labels = {text for _x, text in ticks}
    assert {"0 Tage", "5 Tage", "10 Tage", "15 Tage", "20 Tage", "25 Tage"} <= labels


def test_numbers_are_german() -> None:
    from anliegen.web.charts import _number

    assert _number(18.75, "Tage") == "18,75 Tage"
    assert _number(1250.5, "") == "1.250,5"
    assert _number(12.5, " %") == "12,5 %"
    assert _number(0, "Tage") == "0 Tage"


def test_legend_entries_do_not_overlap_and_wrap_to_new_rows() -> None:
    names = [
        "Eingang Beschwerden gesamt",
        "davon innerhalb der Frist beantwortet",
        "Lob und Anregungen",
        "Petitionen und Dienstaufsichtsbeschwerden",
    ]
    svg = bar_chart(
        ["Q1", "Q2"],
        [Series(name, [1, 2]) for name in names],
        title="Eingang",
    )
    root = ET.fromstring(str(svg))
    legend = [t for t in root.findall("svg:text", NS) if t.get("font-size") == "12"]
    assert [t.text for t in legend] == names
    boxes = [
        (float(t.get("x")), float(t.get("y")), len(t.text or "") * 7.0)  # type: ignore[arg-type]
        for t in legend
    ]
    for i, (x1, y1, w1) in enumerate(boxes):
        assert x1 + w1 <= 640, legend[i].text
        for x2, y2, _w2 in boxes[i + 1 :]:
            if y1 == y2:
                assert x1 + w1 < x2
    view_height = float(root.get("viewBox").split()[3])  # type: ignore[union-attr]
    assert max(y for _x, y, _w in boxes) < view_height
    assert view_height > HEIGHT  # more than one legend row
