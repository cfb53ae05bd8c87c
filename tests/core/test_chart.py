"""The SVG chart is well-formed and draws what it is given."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from backspasm.core.chart import svg_chart
from backspasm.core.diary import CheckIn, Episode

NS = {"s": "http://www.w3.org/2000/svg"}
D0 = dt.date(2025, 1, 1)


def test_chart_marks_episodes_and_draws_both_lines() -> None:
    cks = [CheckIn(day=D0 + dt.timedelta(days=i), pain=i % 11, function=10 - i % 11 if i % 2
                   else None) for i in range(120)]
    eps = [Episode(started=D0 + dt.timedelta(days=10), ended=D0 + dt.timedelta(days=20),
                   worst_pain=8),
           Episode(started=D0 + dt.timedelta(days=100), worst_pain=6, notes="<b>&")]
    root = ET.fromstring(svg_chart(cks, eps, title="Pain & function"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall("s:rect[@class='episode']", NS)) == 2
    pain = root.find("s:polyline[@class='pain']", NS)
    func = root.find("s:polyline[@class='function']", NS)
    assert pain is not None and func is not None
    assert len(pain.attrib["points"].split()) == 120
    assert len(func.attrib["points"].split()) == 60
    ys = [float(p.split(",")[1]) for p in pain.attrib["points"].split()]
    assert min(ys) >= 28 and max(ys) <= 260 - 30  # inside the plot area


def test_empty_chart_says_so() -> None:
    root = ET.fromstring(svg_chart([], []))
    assert "No check-ins yet." in "".join(root.itertext())


def test_ten_years_of_days_still_makes_a_small_axis() -> None:
    cks = [CheckIn(day=D0 + dt.timedelta(days=i), pain=3) for i in range(3650)]
    root = ET.fromstring(svg_chart(cks, []))
    labels = [t for t in root.findall("s:text", NS) if (t.text or "")[:3].isalpha()]
    assert 3 <= len(labels) <= 12


def test_expected_course_is_drawn_when_given() -> None:
    cks = [CheckIn(day=D0 + dt.timedelta(days=i), pain=8 - i // 3) for i in range(20)]
    expected = [(D0 + dt.timedelta(days=i), 8 * (1 - i / 60)) for i in range(0, 20, 2)]
    root = ET.fromstring(svg_chart(cks, [Episode(started=D0, worst_pain=8)], expected=expected))
    line = root.find("s:polyline[@class='expected']", NS)
    assert line is not None and len(line.attrib["points"].split()) == 10
