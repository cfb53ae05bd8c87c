"""HTTP tests for every HTML page: the interview lives in the address, never in a session."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm.core.answers import parse_answers
from backspasm.core.interview import next_question
from backspasm.knowledge import Knowledge
from backspasm.web.intake import load_intake


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def location(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text[:300]
    return str(response.headers["location"])


def asked(html: str) -> str:
    match = re.search(r'name="q" value="([a-z0-9_]+)"', html)
    assert match, "no question on the page"
    return match.group(1)


def test_start_page_has_landmarks_and_describe_box(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert '<html lang="en">' in html
    assert 'name="viewport"' in html
    assert "<main" in html and "<header" in html and "<footer" in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html  # skip link
    assert "http://" not in html.replace('href="http', "")  # nothing loaded from elsewhere
    assert "<script" not in html
    if load_intake() is None:
        assert "Free-text understanding is not installed" in html
        assert 'href="/about"' in html
    else:
        assert '<label for="text">' in html and 'id="text"' in html


def test_describe_without_intake_goes_to_the_questions(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when spaCy cannot be imported in a broken install: straight to the questions.
    monkeypatch.setattr("backspasm.web.pages.routes.load_intake", lambda: None)
    r = client.post("/describe", data={"text": "my back locked"}, follow_redirects=False)
    assert location(r) == "/about"


def test_about_page_labels_every_field(client: TestClient) -> None:
    html = client.get("/about").text
    for key in ["age", "duration_days", "pain_score"]:
        assert f'<label for="{key}">' in html and f'id="{key}"' in html
    assert html.count("<legend>") == 2
    assert 'action="/interview"' in html and 'method="get"' in html


def test_first_question_is_the_most_serious_red_flag(
    client: TestClient, knowledge: Knowledge
) -> None:
    r = client.get("/interview", params={"age": "40", "location": "lower"})
    assert r.status_code == 200
    expected = next_question(knowledge, parse_answers({"age": 40, "location": "lower"}, knowledge))
    assert expected is not None
    assert asked(r.text) == expected.finding.id
    assert "Warning sign" in r.text
    for label in ["Yes", "No", "Not sure", "Back"]:
        assert f">{label}<" in r.text


def test_answering_puts_the_answer_in_the_address(client: TestClient) -> None:
    r = client.get("/interview", params={"age": "40"})
    q = asked(r.text)
    r = client.get("/interview", params={"age": "40", "q": q, "a": "n"}, follow_redirects=False)
    target = location(r)
    assert dict(parse_qsl(urlsplit(target).query))["f"] == f"{q}:n"
    second = client.get(target)
    assert asked(second.text) != q


def test_emergency_answer_goes_straight_to_the_result(client: TestClient) -> None:
    r = client.get("/interview", params={"age": "40", "q": "saddle_numbness", "a": "y"},
                   follow_redirects=False)
    nxt = client.get(location(r), follow_redirects=False)
    assert urlsplit(location(nxt)).path == "/result"
    page = client.get(location(nxt)).text
    body = text_of(page.split("<main", 1)[1].split(">", 1)[1])
    # the banner with its action comes before anything else in the page body
    assert page.index('class="banner banner-emergency"') < page.index("<h2")
    assert "<header" not in page
    assert body.strip().startswith("Emergency Call emergency services")


def test_back_keeps_every_answer(client: TestClient, knowledge: Knowledge) -> None:
    state = [("age", "40")]
    answered = []
    for _ in range(3):
        q = asked(client.get("/interview", params=state).text)
        r = client.get("/interview", params=[*state, ("q", q), ("a", "n")],
                       follow_redirects=False)
        state = parse_qsl(urlsplit(location(r)).query)
        answered.append(q)
    page = client.get("/interview", params=state).text
    back = re.search(r'class="button secondary back" href="([^"]+)"', page)
    assert back
    back_url = back.group(1).replace("&amp;", "&")
    back_page = client.get(back_url).text
    # the previous question is shown with its answer marked, and all answers are still there
    assert asked(back_page) == answered[-1]
    assert "chosen" in back_page
    for fid in answered:
        assert f'value="{fid}:n"' in back_page
    # changing the answer there keeps the other answers
    params = [*parse_qsl(urlsplit(back_url).query), ("q", answered[-1]), ("a", "u")]
    r = client.get("/interview", params=params, follow_redirects=False)
    query = dict(parse_qsl(urlsplit(location(r)).query, keep_blank_values=True))
    tokens = [v for k, v in parse_qsl(urlsplit(location(r)).query) if k == "f"]
    assert tokens == [f"{answered[0]}:n", f"{answered[1]}:n", f"{answered[2]}:u"]
    assert query["age"] == "40"


def test_back_from_the_first_question_returns_to_about_with_values(client: TestClient) -> None:
    page = client.get("/interview", params={"age": "40", "sex": "female"}).text
    back = re.search(r'class="button secondary back" href="([^"]+)"', page)
    assert back and back.group(1).startswith("/about?")
    about = client.get(back.group(1).replace("&amp;", "&")).text
    assert 'value="40"' in about
    assert 'value="female" checked' in about


def test_self_care_result_page_order(client: TestClient, knowledge: Knowledge) -> None:
    params = [("age", "35"), ("location", "lower"), ("duration_days", "1")]
    params += [("f", f"{f.id}:n") for f in knowledge.findings.values()]
    page = client.get("/result", params=params).text.split("<body", 1)[1]
    order = [page.index(marker) for marker in [
        'banner banner-self_care', "Look after it at home", ">Why<", ">Likely causes<",
        ">Get help sooner if things change<", "Not a diagnosis."]]
    assert order == sorted(order)
    assert "Estimated chance" in page


def test_unanswered_red_flags_make_the_result_provisional(client: TestClient) -> None:
    # stopped before any question: every red flag is still open
    page = client.get("/result", params=[("age", "35")]).text
    banner = page.split('class="banner', 1)[1].split("</section>", 1)[0]
    assert "Provisional" in banner and "could make this more urgent" in banner
    assert "Answer the remaining questions" in page
    assert "bottom, genitals or inner thighs" in page


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"age": "abc"}, "age as a whole number of years"),
        ({"pain_score": "14"}, "pain as a whole number from 0"),
        ({"f": "fever"}, "not understood"),
        ({"f": "unicorn:y"}, "not a known finding"),
        ({"f": "fever:n", "at": "7"}, "was not asked"),
        ({"f": "fever:n", "at": "²"}, "was not asked"),
        ({"duration_days": "nan"}, "number of days since it started"),
        ({"q": "fever", "a": "maybe"}, "was not understood"),
    ],
)
def test_bad_addresses_get_a_plain_html_error(
    client: TestClient, params: dict[str, str], words: str
) -> None:
    r = client.get("/interview", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert words in text_of(r.text)
    r = client.get("/result", params=params)
    assert r.status_code in (200, 400)


def test_bad_basics_keep_the_other_answers(client: TestClient) -> None:
    r = client.get("/interview", params=[("age", "200"), ("sex", "male"), ("f", "fever:n")])
    assert r.status_code == 400
    assert 'aria-invalid="true"' in r.text
    assert 'value="male" checked' in r.text
    assert 'value="fever:n"' in r.text


def test_sources_page_has_full_bibliography_and_disclaimer(
    client: TestClient, knowledge: Knowledge
) -> None:
    page = client.get("/sources").text
    for source in knowledge.sources.values():
        assert f'id="{source.id}"' in page
        assert source.link in page
    assert "Disclaimer" in page and "not a diagnosis" in page


def test_knowledge_page_lists_red_flags_and_conditions(
    client: TestClient, knowledge: Knowledge
) -> None:
    page = client.get("/knowledge").text
    for condition in knowledge.conditions.values():
        assert f'id="c-{condition.id}"' in page
    assert len(knowledge.red_flags) == page.split("Warning signs it always asks about")[1].split(
        "</ul>")[0].count("<li>")


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert "Page not found" in r.text


def test_stylesheet_is_served_from_the_package(client: TestClient) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200
    assert "@import" not in r.text and "url(" not in r.text


def test_causes_to_rule_out_are_marked(client: TestClient) -> None:
    page = client.get("/result", params=[("age", "40"), ("f", "saddle_numbness:y")]).text
    causes = page.split('class="causes"')[1]
    assert "must be ruled out" in causes.split("</li>")[0]


def test_wrong_method_on_a_page_is_an_html_405(client: TestClient) -> None:
    r = client.post("/result")
    assert r.status_code == 405
    assert r.headers["content-type"].startswith("text/html")


def test_internal_error_on_a_page_is_an_html_page_without_traceback() -> None:
    from backspasm.web import create_app

    app = create_app()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("broken on purpose")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("text/html")
    assert "Something went wrong" in r.text and "broken on purpose" not in r.text


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_param = st.tuples(
    st.sampled_from(["age", "sex", "location", "duration_days", "pain_score", "f", "at", "q",
                     "a", "from_text"]),
    st.one_of(_text, st.sampled_from(["nan", "inf", "-1", "1e400", "²", "fever:y", "fever:",
                                      ":y", "saddle_numbness:u", "0", "120", "lower"])),
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.lists(_param, max_size=6),
       path=st.sampled_from(["/interview", "/result", "/about"]))
def test_no_address_makes_a_page_fail(
    client: TestClient, params: list[tuple[str, str]], path: str
) -> None:
    r = client.get(path, params=params, follow_redirects=False)
    assert r.status_code in (200, 303, 400), r.text[:500]
    if r.status_code == 400:
        assert "<h1>" in r.text


def test_intake_without_its_language_libraries_says_not_installed(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An intake whose spaCy is missing fails at first use; the person is told plainly."""

    class IntakeWithoutSpacy:
        @staticmethod
        def extract(text: str, knowledge: Knowledge) -> None:
            raise ImportError("No module named 'spacy'")

        assess_text = extract

    monkeypatch.setattr("backspasm.web.pages.routes.load_intake", lambda: IntakeWithoutSpacy)
    monkeypatch.setattr("backspasm.web.api.assessments.load_intake", lambda: IntakeWithoutSpacy)
    r = client.post("/describe", data={"text": "my back locked"})
    assert r.status_code == 200
    assert "Free-text understanding is not installed" in r.text
    assert 'href="/about"' in r.text
    r = client.post("/api/v1/assessments", json={"text": "my back locked"})
    assert r.status_code == 422
    assert "not installed" in r.json()["detail"]


def test_pages_load_nothing_from_elsewhere_and_leak_no_address(client: TestClient) -> None:
    r = client.get("/result", params=[("age", "40"), ("f", "fever:n")])
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_missing_basics_that_matter_link_back_to_about_you(
    client: TestClient, knowledge: Knowledge
) -> None:
    params = [("f", f"{f.id}:n") for f in knowledge.red_flags]
    page = client.get("/result", params=params).text
    link = re.search(r'href="(/about\?[^"]+)"[^>]*>Add your age', page)
    assert link
    about = client.get(link.group(1).replace("&amp;", "&")).text
    assert about.count('value="saddle_numbness:n"') == 1  # answers kept


def test_changing_an_earlier_answer_to_an_emergency_sign_shows_the_advice_at_once(
    client: TestClient,
) -> None:
    params = [("age", "40"), ("f", "saddle_numbness:n"), ("f", "urinary_retention:n"),
              ("f", "new_bladder_incontinence:n"), ("at", "0"), ("q", "saddle_numbness"),
              ("a", "y")]
    r = client.get("/interview", params=params, follow_redirects=False)
    nxt = client.get(location(r), follow_redirects=False)
    assert urlsplit(location(nxt)).path == "/result"
    # changing a harmless answer while reviewing goes on to the next answer
    params[-1] = ("a", "n")
    r = client.get("/interview", params=params, follow_redirects=False)
    assert dict(parse_qsl(urlsplit(location(r)).query))["at"] == "1"


def test_describe_by_get_goes_back_to_the_start(client: TestClient) -> None:
    r = client.get("/describe", follow_redirects=False)
    assert location(r) == "/"


def test_page_title_says_error_when_answers_need_fixing(client: TestClient) -> None:
    r = client.get("/interview", params={"age": "old"})
    assert "<title>Error: About you" in r.text
