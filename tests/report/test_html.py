"""The printable HTML report (backspasm.report.html): sections, safety order, no external
asset, every cited source listed, and the JSON form."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from backspasm.care.models import CareKnowledge
from backspasm.core.report import Report, build_report
from backspasm.knowledge import Knowledge
from backspasm.knowledge.diary import DiaryKnowledge
from backspasm.report import render
from backspasm.report.html import STYLESHEET_URL, render_html, stylesheet

from .conftest import PERSON, TODAY, Records, at, emergency_checkin

SECTIONS = ("screening", "questionnaires", "course", "episodes", "checkins", "triggers",
            "limits", "sources")


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(str(a["id"]))


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    return t


def test_the_report_has_every_section_in_order(report: Report) -> None:
    html = render_html(report)
    ids = parse(html).ids
    positions = [ids.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert "Not a diagnosis." in html and report.disclaimer in html
    assert html.count(report.disclaimer) == 2  # at the top and at the foot of every copy
    assert PERSON in html
    for q in report.questionnaires:
        assert q.name in html
        if q.loinc:
            assert q.loinc in html
    assert report.chart in html  # the SVG inline, not as an image file


def test_every_cited_source_is_listed_with_its_link(report: Report) -> None:
    html = render_html(report)
    listed = re.findall(r'<li id="src-(\d+)">', html)
    assert [int(n) for n in listed] == list(range(1, len(report.sources) + 1))
    for s in report.sources:
        assert s.link is not None and f'href="{s.link}"' in html
    # each citation mark points at a listed source
    marks = {int(n) for n in re.findall(r'href="#src-(\d+)"', html)}
    assert marks and marks <= set(range(1, len(report.sources) + 1))


def test_standalone_needs_nothing_from_outside(report: Report) -> None:
    html = render_html(report, standalone=True)
    tags = parse(html).tags
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object")]
    assert stylesheet() in html and "@media print" in html
    assert "/diary" not in html  # no links back into the web app
    # every address is a cited source or an anchor inside the report
    links = {s.link for s in report.sources}
    for _, attrs in tags:
        for key in ("href", "src"):
            value = attrs.get(key)
            if value:
                assert value.startswith("#") or value in links, value


def test_the_web_form_links_its_stylesheet(report: Report) -> None:
    html = render_html(report, standalone=False)
    assert f'<link rel="stylesheet" href="{STYLESHEET_URL}">' in html
    assert "<style>" not in html  # the site's CSP forbids inline styles
    assert 'href="/diary"' in html


def test_not_asked_signs_are_named_as_not_ruled_out(report: Report, knowledge: Knowledge) -> None:
    html = render_html(report)
    older = report.assessments[1]
    assert older.red_flags_not_asked > 0
    # the older assessment is summarised in the table of earlier assessments
    assert (f"{older.red_flags_yes} / {older.red_flags_unsure} / {older.red_flags_no} / "
            f"{older.red_flags_not_asked}") in html
    latest = report.assessments[0]
    assert f"{latest.red_flags_no} no, {latest.red_flags_not_asked} not asked" in html


def test_an_emergency_comes_before_anything_else(
    knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge, records: Records
) -> None:
    checkin, record, result = emergency_checkin(knowledge, records)
    report = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                          generated=at(19, 21), episodes=records.episodes,
                          checkins=[*records.checkins[:-1], checkin],
                          assessments=[record], questionnaires=[])
    html = render_html(report)
    body = html[html.index("<body>"):]
    assert body.index('id="headline"') < body.index("<h1>")
    assert "EMERGENCY" in body[:body.index("<h1>")] and result.action in body[:body.index("<h1>")]
    # the sign that was ticked is shown as a yes; the others as not asked, not as no
    label = knowledge.findings["saddle_numbness"].label
    assert f'<td>{label}</td><td class="answer-yes">yes</td>' in body
    assert 'class="answer-no"' not in body
    # the check-in table names the ticked sign in words, not by its id
    checkins = body[body.index('id="checkins"'):]
    assert f'<td class="answer-yes">{label}</td>' in checkins
    assert "saddle_numbness" not in checkins
    assert f"Not asked ({len(knowledge.red_flags) - 1}), so not ruled out" in body


def test_json_form_is_the_report(report: Report) -> None:
    data = json.loads(render(report, "json"))
    assert data["person"] == PERSON
    assert len(data["assessments"]) == len(report.assessments)
    assert Report.model_validate(data) == report
