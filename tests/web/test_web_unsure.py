"""The web interview's "not sure": counted as a yes, named in the result, never re-asked,
changeable with Back; and question numbers that count only the questions asked on screen.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient

from backspasm.web.intake import load_intake

Params = list[tuple[str, str]]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))


def query_of(url: str) -> Params:
    return parse_qsl(urlsplit(url).query)


def asked(html: str) -> str:
    match = re.search(r'name="q" value="([a-z0-9_]+)"', html)
    assert match, "no question on the page"
    return match.group(1)


def step_label(html: str) -> str:
    match = re.search(r'<p class="step">(.*?)</p>', html, re.S)
    assert match
    return text_of(match.group(1)).strip()


def answer(client: TestClient, url: str, value: str) -> str:
    """Answer the question shown at ``url`` (as its form does); the redirect target."""
    page = client.get(url)
    assert page.status_code == 200, page.text[:300]
    fields = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', page.text)
    params = [(k, htmllib.unescape(v)) for k, v in fields] + [("a", value)]
    r = client.get("/interview", params=params, follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    return str(r.headers["location"])


def walk(
    client: TestClient, start: Params, reply: Callable[[str], str]
) -> tuple[str, list[str], list[str]]:
    """Answer every question with ``reply(finding)`` until the result.

    Returns the result address, the findings asked in order and the step labels shown.
    """
    url = f"/interview?{urlencode(start)}"
    seen: list[str] = []
    labels: list[str] = []
    for _ in range(200):
        r = client.get(url, follow_redirects=False)
        if r.status_code == 303:
            url = str(r.headers["location"])
            if urlsplit(url).path == "/result":
                return url, seen, labels
            continue
        assert r.status_code == 200, r.text[:300]
        fid = asked(r.text)
        seen.append(fid)
        labels.append(step_label(r.text))
        url = answer(client, url, reply(fid))
    raise AssertionError("the interview did not end")


def only(target: str, value: str) -> Callable[[str], str]:
    return lambda fid: value if fid == target else "n"


BASICS: Params = [("age", "40"), ("location", "lower"), ("duration_days", "2"), ("pain_score", "5")]


def banner(page: str) -> str:
    match = re.search(r'class="banner banner-([a-z_]+)"', page)
    assert match
    return match.group(1)


def test_not_sure_to_a_red_flag_escalates_exactly_as_yes(client: TestClient) -> None:
    yes_url, _, _ = walk(client, BASICS, only("fever", "y"))
    unsure_url, seen, labels = walk(client, BASICS, only("fever", "u"))
    no_url, _, _ = walk(client, BASICS, only("fever", "n"))
    yes, unsure, no = (client.get(u).text for u in (yes_url, unsure_url, no_url))
    assert banner(no) == "self_care"
    assert banner(yes) == banner(unsure) == "urgent"
    assert ("fever", "u") in [tuple(v.split(":")) for k, v in query_of(unsure_url) if k == "f"]
    # asked once, never again; the questions went on after it
    assert seen.count("fever") == 1 and seen[-1] != "fever"
    assert labels == [label for label in labels if label.startswith("Question")]
    assert [int(label.split()[1]) for label in labels] == list(range(1, len(labels) + 1))
    words = text_of(unsure)
    assert "You were not sure about: fever" in words
    assert "counted as yes, to be safe" in words
    assert "You were not sure about 1 answer, so it counts as yes, to be safe." in words
    # kept in the list of what could change the advice, with a way to change it
    changes = words.split("Questions that could change this advice", 1)[1]
    assert "(you were not sure)" in changes and "change this answer" in changes
    assert "You said yes to: fever" in text_of(yes)


def test_not_sure_to_an_emergency_sign_goes_straight_to_the_emergency_result(
    client: TestClient,
) -> None:
    url, seen, _ = walk(client, BASICS, lambda fid: "u")
    assert len(seen) == 1
    page = client.get(url).text
    assert banner(page) == "emergency"
    assert page.index("banner-emergency") < page.index("<h2")
    assert "(you were not sure)" in text_of(page)


def test_changing_not_sure_to_no_from_the_result_removes_the_escalation(
    client: TestClient,
) -> None:
    url, _, _ = walk(client, BASICS, only("fever", "u"))
    page = client.get(url).text
    link = re.search(r'<a href="([^"]+)">change this answer</a>', page)
    assert link
    change = htmllib.unescape(link.group(1))
    question = client.get(change).text
    assert asked(question) == "fever"
    assert re.search(r'value="u" class="[^"]*chosen', question)
    # one answer changed: the interview goes on from there (a "no" can make questions
    # matter that the escalation had made moot), never asking fever again
    target = answer(client, change, "n")
    assert "at=" not in target
    result_url, seen, _ = walk(client, query_of(target), lambda fid: "n")
    assert "fever" not in seen
    result = client.get(result_url).text
    assert banner(result) == "self_care"
    assert "(you were not sure)" not in text_of(result)
    # every earlier answer is still there, fever now a no
    before = [v for k, v in query_of(url) if k == "f"]
    after = [v for k, v in query_of(result_url) if k == "f"]
    assert after[: len(before)] == [("fever:n" if v == "fever:u" else v) for v in before]


def test_back_button_changes_not_sure_to_no(client: TestClient) -> None:
    # answer no until fever, "not sure" to fever, then Back from the next question
    url = f"/interview?{urlencode(BASICS)}"
    while True:
        page = client.get(url, follow_redirects=True)
        fid = asked(page.text)
        url = answer(client, str(page.url), "u" if fid == "fever" else "n")
        if fid == "fever":
            break
    nxt = client.get(url).text
    assert asked(nxt) != "fever"
    back = re.search(r'class="button secondary back" href="([^"]+)"', nxt)
    assert back
    back_url = htmllib.unescape(back.group(1))
    fever = client.get(back_url).text
    assert asked(fever) == "fever" and step_label(fever).startswith("Question")
    # the result so far, from the Back page's address, counts "not sure" as a yes
    state = [(k, v) for k, v in query_of(back_url) if k != "at"]
    assert banner(client.get("/result", params=state).text) == "urgent"
    # change to no, then finish the interview with no
    url = answer(client, back_url, "n")
    result, seen, _ = walk(client, query_of(url), lambda fid: "n")
    assert "fever" not in seen
    assert banner(client.get(result).text) == "self_care"


def test_question_numbers_count_only_questions_asked_on_screen(client: TestClient) -> None:
    # two answers from the description (d marks them), then the first question on screen
    state: Params = [*BASICS, ("f", "fever:n"), ("f", "saddle_numbness:n"),
                     ("d", "fever"), ("d", "saddle_numbness")]
    page = client.get("/interview", params=state).text
    assert step_label(page).startswith("Question 1")
    first = asked(page)
    url = answer(client, f"/interview?{urlencode(state)}", "n")
    second = client.get(url).text
    assert step_label(second).startswith("Question 2")
    # Back walks through the asked question, then the answers from the description
    back = htmllib.unescape(re.findall(r'class="button secondary back" href="([^"]+)"', second)[0])
    review = client.get(back).text
    assert asked(review) == first and step_label(review).startswith("Question 1")
    back = htmllib.unescape(re.findall(r'class="button secondary back" href="([^"]+)"', review)[0])
    described = client.get(back).text
    assert asked(described) == "saddle_numbness"
    assert step_label(described).startswith("From your description")


def test_the_answer_is_a_choice_not_a_maybe(client: TestClient) -> None:
    r = client.get("/interview", params=[*BASICS, ("q", "fever"), ("a", "m")])
    assert r.status_code == 400
    assert "not understood" in text_of(r.text)


needs_intake = pytest.mark.skipif(load_intake() is None, reason="free-text intake not installed")


@needs_intake
def test_a_maybe_in_the_description_counts_as_yes_and_is_asked_once(client: TestClient) -> None:
    text = "My lower back went yesterday. I might have a fever."
    r = client.post("/describe", data={"text": text}, follow_redirects=False)
    target = str(r.headers["location"])
    params = query_of(target)
    assert ("f", "fever:m") in params and ("d", "fever") in params
    about = text_of(client.get(target).text)
    assert "Fever or shivering: not sure" in about
    # the advice so far already counts it
    state = [(k, v) for k, v in params if k != "from_text"]
    early = client.get("/result", params=state).text
    assert banner(early) == "urgent" and "(you were not sure)" in text_of(early)
    # it is asked once, numbered as a question on screen, and "no" replaces it
    _, seen, labels = walk(client, state, only("fever", "n"))
    assert seen.count("fever") == 1
    assert labels[0] == "Question 1 · Warning sign"
    assert [int(label.split()[1]) for label in labels] == list(range(1, len(labels) + 1))
    result_url, _, _ = walk(client, state, only("fever", "n"))
    tokens = [v for k, v in query_of(result_url) if k == "f"]
    assert "fever:n" in tokens and "fever:m" not in tokens
    # answered on screen now: no longer marked as read from the description
    assert ("d", "fever") not in query_of(result_url)
    assert banner(client.get(result_url).text) == "self_care"


def test_back_from_a_maybe_being_asked_skips_itself(client: TestClient) -> None:
    # answer no until fever is next, then put fever in as a "maybe" from the description,
    # last in the address: Back from its question goes to the question before, not itself
    state: Params = list(BASICS)
    while True:
        fid = asked(client.get("/interview", params=state).text)
        if fid == "fever":
            break
        state = query_of(answer(client, f"/interview?{urlencode(state)}", "n"))
    before = [v for k, v in state if k == "f"][-1].split(":")[0]
    state += [("f", "fever:m"), ("d", "fever")]
    page = client.get("/interview", params=state).text
    assert asked(page) == "fever"
    assert "You wrote that you might have this" in text_of(page)
    back = htmllib.unescape(re.findall(r'class="button secondary back" href="([^"]+)"', page)[0])
    assert asked(client.get(back).text) == before
