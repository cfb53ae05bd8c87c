"""The diary on the web: ``/api/v1/diary`` and the ``/diary`` pages, on a throwaway SQLite file.

Each test gets its own app and database (``diary_client``), so what one test stores cannot
make another pass; "persists" is checked by reading back through a second request and
through a fresh app opened on the same file.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backspasm.web import Settings, create_app

API = "/api/v1/diary"
PROBLEM = "application/problem+json"
TODAY = dt.date.today()


def day(n: int) -> str:
    """``n`` days before today, as the API writes dates."""
    return (TODAY - dt.timedelta(days=n)).isoformat()


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.sqlite3'}"


@pytest.fixture()
def diary_client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=db_url))) as c:
        yield c


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"].endswith(".")
    assert "Traceback" not in body["detail"]
    if field is not None:
        assert body.get("field") == field
    return dict(body)


# -- API: check-ins -----------------------------------------------------------------------

def test_checkin_is_stored_and_read_back(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/checkins", json={
        "day": day(1), "pain": 6, "function": 4, "sleep_hours": 5.5, "stress": 7,
        "medicines": ["Ibuprofen", "ibuprofen"], "notes": "stiff after the drive"})
    assert r.status_code == 201
    body = r.json()
    assert body["outcome"] == "added"
    assert body["triage"] is None
    assert body["checkin"]["medicines"] == ["ibuprofen"]
    again = diary_client.post(f"{API}/checkins", json={"day": day(1), "pain": 6, "function": 4,
                              "sleep_hours": 5.5, "stress": 7, "medicines": ["ibuprofen"],
                              "notes": "stiff after the drive"})
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    listed = diary_client.get(f"{API}/checkins").json()
    assert [(c["day"], c["pain"], c["function"]) for c in listed] == [(day(1), 6, 4)]


def test_checkin_day_defaults_to_today(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/checkins", json={"pain": 3})
    assert r.status_code == 201
    assert r.json()["checkin"]["day"] == TODAY.isoformat()


def test_red_flag_checkin_returns_the_triage_first(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/checkins", json={"pain": 7,
                                                   "red_flags": ["saddle_numbness"]})
    assert r.status_code == 201
    body = r.json()
    assert r.text.startswith("{\"triage\":{")
    assert body["triage"]["disposition"] == "emergency"
    assert body["checkin"]["red_flags"] == ["saddle_numbness"]
    # the triage is kept in the diary too, with the knowledge version that produced it
    exported = diary_client.get(f"{API}/export").json()
    assert [a["disposition"] for a in exported["assessments"]] == ["emergency"]


def test_a_different_checkin_for_the_same_day_is_a_conflict_until_replaced(
    diary_client: TestClient,
) -> None:
    assert diary_client.post(f"{API}/checkins", json={"day": day(0), "pain": 5}).status_code == 201
    clash = diary_client.post(f"{API}/checkins", json={"day": day(0), "pain": 2})
    body = assert_problem(clash, 409)
    assert "replace" in str(body["detail"]) and "--replace" not in str(body["detail"])
    assert [c["pain"] for c in diary_client.get(f"{API}/checkins").json()] == [5]
    done = diary_client.post(f"{API}/checkins", json={"day": day(0), "pain": 2, "replace": True})
    assert done.status_code == 200 and done.json()["outcome"] == "replaced"
    assert [c["pain"] for c in diary_client.get(f"{API}/checkins").json()] == [2]


@pytest.mark.parametrize(("body", "field"), [
    ({"pain": 11}, "pain"),
    ({"pain": -1}, "pain"),
    ({}, "pain"),
    ({"pain": "a lot"}, "pain"),
    ({"pain": 3, "function": 12}, "function"),
    ({"pain": 3, "sleep_hours": 25}, "sleep_hours"),
    ({"pain": 3, "day": "yesterday"}, "day"),
    ({"pain": 3, "day": "9999-12-31"}, "day"),
    ({"pain": 3, "day": "0001-01-01"}, "day"),
    ({"pain": 3, "mood": "low"}, "mood"),
    ({"pain": 3, "red_flags": ["fever", "green_toes"]}, "red_flags[1]"),
    ({"pain": 3, "red_flags": ["muscle_spasm"]}, None),
])
def test_bad_checkin_is_a_problem_naming_the_field(
    diary_client: TestClient, body: dict[str, object], field: str | None,
) -> None:
    r = diary_client.post(f"{API}/checkins", json=body)
    problem = assert_problem(r, 422)
    if field is not None:
        assert problem["field"] == field
        assert field.split("[")[0] in str(problem["detail"]) or field == "red_flags[1]"
    assert diary_client.get(f"{API}/checkins").json() == []


def test_a_non_danger_finding_is_not_accepted_as_a_red_flag(diary_client: TestClient) -> None:
    from backspasm.knowledge.loader import default_knowledge

    ordinary = next(f.id for f in default_knowledge().findings.values() if not f.red_flag)
    r = diary_client.post(f"{API}/checkins", json={"pain": 3, "red_flags": [ordinary]})
    problem = assert_problem(r, 422, "red_flags[0]")
    assert ordinary in str(problem["detail"])


def test_checkins_between_two_days(diary_client: TestClient) -> None:
    for n, pain in ((5, 8), (3, 6), (1, 4)):
        diary_client.post(f"{API}/checkins", json={"day": day(n), "pain": pain})
    got = diary_client.get(f"{API}/checkins", params={"since": day(4), "until": day(2)}).json()
    assert [c["pain"] for c in got] == [6]
    assert [c["pain"] for c in diary_client.get(
        f"{API}/checkins", params={"since": day(3)}).json()] == [6, 4]
    assert_problem(diary_client.get(f"{API}/checkins", params={"since": "soon"}), 422, "since")


# -- API: episodes ------------------------------------------------------------------------

def test_episode_start_overlap_and_end(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/episodes", json={
        "started": day(6), "worst_pain": 8, "triggers": "lifting; gardening"})
    assert r.status_code == 201
    assert r.json()["episode"]["triggers"] == ["lifting", "gardening"]
    overlap = assert_problem(
        diary_client.post(f"{API}/episodes", json={"started": day(2), "worst_pain": 5}), 409)
    assert "/api/v1/diary/episodes/end" in str(overlap["detail"])
    ended = diary_client.post(f"{API}/episodes/end", json={"day": day(1)})
    assert ended.status_code == 200 and ended.json()["ended"] == day(1)
    assert_problem(diary_client.post(f"{API}/episodes/end", json={}), 409)
    assert [(e["started"], e["ended"]) for e in diary_client.get(f"{API}/episodes").json()] == [
        (day(6), day(1))]


@pytest.mark.parametrize(("body", "field"), [
    ({"worst_pain": 5}, "started"),
    ({"started": "2026-02-30", "worst_pain": 5}, "started"),
    ({"started": day(3), "worst_pain": 5, "location": "knee"}, "location"),
    ({"started": day(3), "ended": day(5), "worst_pain": 5}, "ended"),
])
def test_bad_episode_is_a_problem(
    diary_client: TestClient, body: dict[str, object], field: str | None,
) -> None:
    assert_problem(diary_client.post(f"{API}/episodes", json=body), 422, field)
    assert diary_client.get(f"{API}/episodes").json() == []


def test_ending_before_the_start_is_refused(diary_client: TestClient) -> None:
    diary_client.post(f"{API}/episodes", json={"started": day(2), "worst_pain": 6})
    assert_problem(diary_client.post(f"{API}/episodes/end", json={"day": day(4)}), 409)
    assert_problem(diary_client.post(f"{API}/episodes/end", json={"day": "nope"}), 422, "day")


# -- API: insights, chart, export ---------------------------------------------------------

def test_insights_chart_and_export(diary_client: TestClient) -> None:
    diary_client.post(f"{API}/episodes", json={"started": day(10), "worst_pain": 8})
    for n in range(10, -1, -1):
        pain = 3 if n > 2 else 7  # better, then clearly worse over the last three days
        diary_client.post(f"{API}/checkins", json={"day": day(n), "pain": pain, "function": 5})
    insights = diary_client.get(f"{API}/insights")
    assert insights.status_code == 200
    body = insights.json()
    assert body["checkins"] == 11 and body["episodes"] == 1
    assert body["recovery"]["episode_started"] == day(10)
    # pain rising again over the last days: the core warns and asks for a re-assessment
    assert "getting_worse" in [a["kind"] for a in body["alerts"]], body
    assert all(a["reassess"] for a in body["alerts"] if a["kind"] == "getting_worse")
    chart = diary_client.get(f"{API}/chart.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.startswith("<svg") and "<title>" in chart.text
    since = diary_client.get(f"{API}/chart.svg", params={"since": day(2)})
    assert since.status_code == 200 and since.text != chart.text
    exported = diary_client.get(f"{API}/export")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    doc = exported.json()
    assert doc["format"] == "backspasm-diary"
    assert len(doc["checkins"]) == 11 and len(doc["episodes"]) == 1


def test_an_empty_diary_has_insights_and_a_chart(diary_client: TestClient) -> None:
    body = diary_client.get(f"{API}/insights").json()
    assert body["checkins"] == 0 and body["recovery"] is None
    assert diary_client.get(f"{API}/chart.svg").text.startswith("<svg")


def test_data_persist_across_apps_on_the_same_database(db_url: str) -> None:
    with TestClient(create_app(Settings(database_url=db_url))) as first:
        first.post(f"{API}/checkins", json={"day": day(2), "pain": 4})
        first.post(f"{API}/episodes", json={"started": day(3), "worst_pain": 7})
    with TestClient(create_app(Settings(database_url=db_url))) as second:
        assert [c["pain"] for c in second.get(f"{API}/checkins").json()] == [4]
        assert [e["started"] for e in second.get(f"{API}/episodes").json()] == [day(3)]


def test_an_unusable_database_is_a_problem_not_a_500(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for url in ("mysql://nobody@localhost/diary", f"sqlite:///{blocker}/diary.sqlite3"):
        with TestClient(create_app(Settings(database_url=url))) as c:
            problem = assert_problem(c.get(f"{API}/checkins"), 503)
            assert problem["title"] == "Diary unavailable"
            # the rest of the app still works
            assert c.get("/api/v1/health").status_code == 200
            page = c.get("/diary")
            assert page.status_code == 503 and "text/html" in page.headers["content-type"]


def test_the_openapi_schema_documents_the_diary(diary_client: TestClient) -> None:
    schema = diary_client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, method in [("/checkins", "post"), ("/checkins", "get"), ("/episodes", "post"),
                         ("/episodes/end", "post"), ("/insights", "get"),
                         ("/chart.svg", "get"), ("/export", "get")]:
        assert method in paths[API + path], path
    post = paths[f"{API}/checkins"]["post"]
    ok = post["responses"]["201"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/CheckInResult")
    assert PROBLEM in post["responses"]["409"]["content"]
    assert "image/svg+xml" in paths[f"{API}/chart.svg"]["get"]["responses"]["200"]["content"]
    for name in ("CheckInResult", "Insights", "DiaryExport", "EpisodeResult"):
        assert name in schema["components"]["schemas"]


# -- pages --------------------------------------------------------------------------------

def main_text(html: str) -> str:
    """The visible words of <main>, tags removed, spaces squeezed."""
    main = html[html.index("<main"): html.index("</main>")]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_header_links_to_the_diary(diary_client: TestClient) -> None:
    for path in ("/", "/diary", "/diary/history", "/diary/insights"):
        html = diary_client.get(path).text
        nav = html[html.index('<nav aria-label="Site">'):]
        assert '<a href="/diary">Diary</a>' in nav[: nav.index("</nav>")]


def test_checkin_page_is_a_short_accessible_form(diary_client: TestClient) -> None:
    r = diary_client.get("/diary")
    assert r.status_code == 200
    html = r.text
    assert "<script" not in html
    assert '<form method="post" action="/diary"' in html
    # the pain: eleven labelled choices, 0 to 10, inside a fieldset with a legend
    assert len(re.findall(r'<input type="radio" name="pain" value="(\d+)"', html)) == 11
    assert "<legend>Pain right now" in html
    # every other input has a label
    for input_id in re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html, input_id
    # the save button comes before the optional fields: pain + save is all that is needed
    assert html.index('type="submit"') < html.index("More about today")


def test_saving_a_checkin_shows_it_and_it_persists(diary_client: TestClient) -> None:
    r = diary_client.post("/diary", data={"pain": "6", "function": "4", "sleep_hours": "6.5",
                                          "medicines": "ibuprofen, paracetamol",
                                          "notes": "sat all day"})
    assert r.status_code == 200
    text = main_text(r.text)
    assert text.startswith("Check-in saved")
    assert "pain 6 out of 10" in text and "doing 4 out of 10" in text
    stored = diary_client.get(f"{API}/checkins").json()
    assert [(c["pain"], c["function"], c["sleep_hours"], c["medicines"]) for c in stored] == [
        (6, 4, 6.5, ["ibuprofen", "paracetamol"])]
    # a later visit shows the form filled in with what was saved
    again = diary_client.get("/diary").text
    assert 'name="pain" value="6" checked' in again
    assert 'value="ibuprofen, paracetamol"' in again
    # saving again the same day replaces it (the page says so)
    r2 = diary_client.post("/diary", data={"pain": "3"})
    assert "replaced the earlier entry" in main_text(r2.text)
    assert [c["pain"] for c in diary_client.get(f"{API}/checkins").json()] == [3]
    history = diary_client.get("/diary/history")
    assert history.status_code == 200
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">([^<]+)</th>\s*<td>(\d+)</td>", history.text)
    assert rows == [(TODAY.isoformat(), "3")]


def test_red_flag_checkin_page_shows_the_triage_banner_first(diary_client: TestClient) -> None:
    r = diary_client.post("/diary", data={"pain": "7", "red_flags": ["saddle_numbness"]})
    assert r.status_code == 200
    main = r.text[r.text.index("<main"):]
    first = main[main.index(">") + 1:].lstrip()
    assert first.startswith('<section class="banner banner-emergency"')
    assert main.index("banner-emergency") < main.index("Check-in saved")
    assert "<title>Emergency" in r.text
    link = re.search(r'href="(/result\?[^"]+)"', main)
    assert link is not None and "saddle_numbness" in link.group(1)
    # the full advice behind the link is the same emergency
    full = diary_client.get(link.group(1).replace("&amp;", "&"))
    assert 'class="banner banner-emergency"' in full.text
    # the check-in is stored with the sign, and the history marks it
    assert diary_client.get(f"{API}/checkins").json()[0]["red_flags"] == ["saddle_numbness"]
    assert 'class="flagged"' in diary_client.get("/diary/history").text


@pytest.mark.parametrize(("data", "words"), [
    ({}, "Please choose how bad the pain is"),
    ({"pain": "12"}, "Pain must be a whole number from 0 to 10"),
    ({"pain": "4", "function": "lots"}, "Function must be a whole number"),
    ({"pain": "4", "day": "31/12/2025"}, "YYYY-MM-DD"),
    ({"pain": "4", "day": "2999-01-01"}, "cannot be dated in the future"),
    ({"pain": "4", "red_flags": ["green_toes"]}, "not a known danger sign"),
])
def test_bad_checkin_form_says_what_is_wrong_and_keeps_the_input(
    diary_client: TestClient, data: dict[str, Any], words: str,
) -> None:
    r = diary_client.post("/diary", data={**data, "notes": "keep me"})
    assert r.status_code == 400
    assert 'role="alert"' in r.text and words in r.text
    assert "keep me</textarea>" in r.text
    assert diary_client.get(f"{API}/checkins").json() == []


def test_episode_from_the_page_start_and_end(diary_client: TestClient) -> None:
    r = diary_client.post("/diary/episode", data={"worst_pain": "8", "triggers": "lifting"},
                          follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/diary"
    page = diary_client.get("/diary").text
    assert "Your current episode started on" in page
    bad = diary_client.post("/diary/episode", data={"worst_pain": ""})
    assert bad.status_code in (400, 409)
    ended = diary_client.post("/diary/episode/end", follow_redirects=False)
    assert ended.status_code == 303
    episodes = diary_client.get(f"{API}/episodes").json()
    assert [(e["triggers"], e["ended"]) for e in episodes] == [(["lifting"], TODAY.isoformat())]
    # ending again: nothing open, a plain 409 page (not a traceback)
    again = diary_client.post("/diary/episode/end")
    assert again.status_code == 409 and "no open episode" in again.text


def test_bad_episode_form(diary_client: TestClient) -> None:
    r = diary_client.post("/diary/episode", data={"worst_pain": "eleven"})
    assert r.status_code == 400 and "Worst_pain must be a whole number" in r.text
    assert diary_client.get(f"{API}/episodes").json() == []


def test_insights_page_words_and_inline_chart(diary_client: TestClient) -> None:
    empty = diary_client.get("/diary/insights")
    assert empty.status_code == 200 and "No episode recorded yet" in empty.text
    diary_client.post(f"{API}/episodes", json={"started": day(10), "worst_pain": 8})
    for n in range(10, -1, -1):
        diary_client.post(f"{API}/checkins", json={"day": day(n), "pain": 3 if n > 2 else 7})
    r = diary_client.get("/diary/insights")
    assert r.status_code == 200
    text = main_text(r.text)
    insights = diary_client.get(f"{API}/insights").json()
    assert insights["recovery"]["summary"] in text
    assert text.index("Warnings") < text.index("How this episode is going")
    for alert in insights["alerts"]:
        assert alert["message"] in text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in r.text and 'role="img"' in r.text
    assert insights["trigger_note"] in text


def test_history_page_empty_and_with_episodes(diary_client: TestClient) -> None:
    assert "No check-ins yet" in diary_client.get("/diary/history").text
    diary_client.post(f"{API}/episodes", json={"started": day(20), "ended": day(15),
                                              "worst_pain": 6, "helped": ["walking"]})
    html = diary_client.get("/diary/history").text
    assert day(20) in html and day(15) in html and "walking" in html
