"""End to end in a real headless Chromium (Debian's ``chromium`` driven by Playwright).

A uvicorn server runs the app on a free loopback port; a phone-sized browser walks an
emergency case and a self-care case from the start page to the result and checks what a
person sees. Screenshots go to ``test-artifacts/`` (gitignored). No browser is downloaded:
Playwright drives ``/usr/bin/chromium``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backspasm.web import Settings, create_app
from backspasm.web.intake import load_intake

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
    if os.environ.get("BACKSPASM_REQUIRE_BROWSER") == "1":
        raise RuntimeError("Debian's chromium is missing; scripts/test installs it")
    pytest.skip("Debian's chromium is not installed (scripts/test installs it)",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    port = free_port()
    db = tmp_path_factory.mktemp("diary") / "diary.sqlite3"
    app = create_app(Settings(port=port, database_url=f"sqlite:///{db}"))
    config = uvicorn.Config(app, host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.set_default_timeout(30_000)  # the CI machine may be busy
    yield pg
    outside = [u for u in requests if not u.startswith(base_url)]
    context.close()
    assert outside == [], f"the pages loaded something from elsewhere: {outside}"


def shot(page: Any, name: str) -> None:
    """A full-page screenshot of what the page's address shows.

    Taken in a second tab: in headless Chromium a full-page screenshot can leave the tab
    ignoring the next mouse click. Every page is a GET whose address holds its state.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    other = page.context.new_page()
    try:
        other.goto(page.url)
        other.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        other.screenshot(path=str(ARTIFACTS / f"{name}-first-screen.png"))
    finally:
        other.close()


def go(page: Any, action: Any) -> None:
    """Do something that loads a new page, and wait until the new page has loaded."""
    with page.expect_navigation():
        action()


def luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (a + 0.05) / (b + 0.05)


def start(page: Any, base_url: str, description: str, name: str) -> None:
    """From the start page to the first question, through the describe box."""
    page.goto(base_url + "/")
    shot(page, f"{name}-1-start")
    if load_intake() is not None:
        page.get_by_label("Describe what is happening").fill(description)
        go(page, lambda: page.get_by_role("button", name="Continue").click())
    else:
        assert page.get_by_text("Free-text understanding is not installed").is_visible()
        go(page, lambda: page.get_by_role("link", name="Start the questions").click())



def fill_about(page: Any, age: str, name: str) -> None:
    shot(page, f"{name}-2-about")
    page.get_by_label("Age in years").fill(age)
    page.get_by_label("Lower back").check()
    page.get_by_label("How many days since it started?").fill("1")
    page.get_by_label("How bad is the pain now, from 0 to 10?").fill("7")
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input:not([type=hidden]), textarea')]"
        ".filter(e => e.labels.length === 0).map(e => e.name)"
    )
    assert unlabelled == []
    go(page, lambda: page.get_by_role("button", name="Continue to the questions").click())


def check_banner_first(page: Any, label: str, action_words: str) -> None:
    banner = page.locator(".banner")
    assert banner.get_by_role("heading", level=1).inner_text() == label
    assert action_words in banner.locator(".action").inner_text()
    # Nothing visible sits above the banner: it is the first thing on the screen.
    top = banner.bounding_box()["y"]
    above = page.evaluate(
        """top => [...document.body.querySelectorAll('*')]
             .filter(e => e.offsetParent !== null && e.children.length === 0
                     && e.innerText && e.innerText.trim()
                     && e.getBoundingClientRect().bottom <= top + 1)
             .map(e => e.innerText)""",
        top,
    )
    assert above == []
    assert banner.bounding_box()["y"] + banner.bounding_box()["height"] < PHONE["height"]
    style = banner.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert style[1].startswith("rgb("), f"the banner has no background colour: {style[1]}"
    assert contrast(*style) >= 4.5
    headings = page.evaluate("[...document.querySelectorAll('h1')].length")
    assert headings == 1
    assert page.locator("main").count() == 1


def test_emergency_case_from_start_to_banner(page: Any, base_url: str) -> None:
    start(page, base_url, "My back locked up and now I cannot feel the toilet paper when I "
          "wipe and I can't pee.", "emergency")
    if load_intake() is None:
        fill_about(page, "58", "emergency")
    # with the free-text intake, the emergency sign in the words goes straight to the advice
    steps = 0
    while "/interview" in page.url and steps < 10:
        heading = page.get_by_role("heading", level=1).inner_text()
        if steps == 0:
            shot(page, "emergency-3-question")
        if "saddle" in heading or "bottom, genitals" in heading:
            go(page, lambda: page.get_by_role("button", name="Yes", exact=True).click())
        else:
            go(page, lambda: page.get_by_role("button", name="No", exact=True).click())
        steps += 1
    assert "/result" in page.url
    check_banner_first(page, "Emergency", "Call emergency services")
    shot(page, "emergency-4-result")
    assert page.get_by_role("heading", name="Why").is_visible()
    assert "numbness" in page.locator(".reasons").inner_text()


def test_self_care_case_with_back_and_keyboard(page: Any, base_url: str) -> None:
    start(page, base_url, "My lower back went into spasm when I lifted a box yesterday.",
          "selfcare")
    assert page.get_by_role("heading", level=1).inner_text() == "About you"
    fill_about(page, "35", "selfcare")
    # three answers, then Back: the last question comes back with its answer marked
    first_questions = []
    for _ in range(3):
        first_questions.append(page.get_by_role("heading", level=1).inner_text())
        go(page, lambda: page.get_by_role("button", name="No", exact=True).click())
    go(page, lambda: page.get_by_role("link", name="Back", exact=True).click())
    assert page.get_by_role("heading", level=1).inner_text() == first_questions[-1]
    # the earlier answer is marked for sight (border) and in its accessible name
    marked = page.get_by_role("button", name="No (your answer)", exact=True)
    assert "chosen" in (marked.get_attribute("class") or "")
    shot(page, "selfcare-3-back")
    # answer with the keyboard only: Tab to "No" and press Enter
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText") == "No":
            break
    assert page.evaluate("document.activeElement.innerText") == "No"
    go(page, lambda: page.keyboard.press("Enter"))
    assert page.get_by_role("heading", level=1).inner_text() not in first_questions
    steps = 0
    while "/interview" in page.url and steps < 100:
        if steps == 5:
            shot(page, "selfcare-4-question")
        go(page, lambda: page.get_by_role("button", name="No", exact=True).click())
        steps += 1
    assert "/result" in page.url
    check_banner_first(page, "Look after it at home", "Keep as active as you can")
    shot(page, "selfcare-5-result")
    causes = page.locator(".causes > li")
    assert causes.count() >= 3
    assert "Estimated chance" in causes.first.inner_text()
    assert page.get_by_role("heading", name="Get help sooner if things change").is_visible()
    assert "Not a diagnosis" in page.locator("footer").inner_text()
    go(page, lambda: page.get_by_role("link", name="All sources").click())
    assert page.get_by_role("heading", name="Bibliography", exact=False).is_visible()
    shot(page, "sources")


def test_not_sure_counts_as_yes_and_can_be_changed(page: Any, base_url: str) -> None:
    """"Not sure" to the fever question: counted as yes, shown as not sure, changeable."""
    fever = "Have you had a fever"
    page.goto(base_url + "/interview?age=40&location=lower&duration_days=1&pain_score=6")
    steps = 0
    while not page.get_by_role("heading", level=1).inner_text().startswith(fever):
        assert page.locator(".step").inner_text().startswith(f"Question {steps + 1}")
        go(page, lambda: page.get_by_role("button", name="No", exact=True).click())
        steps += 1
        assert steps < 60
    go(page, lambda: page.get_by_role("button", name="Not sure", exact=True).click())
    assert not page.get_by_role("heading", level=1).inner_text().startswith(fever)
    # Back: the fever question with "Not sure" marked; keep it
    go(page, lambda: page.get_by_role("link", name="Back", exact=True).click())
    assert page.get_by_role("heading", level=1).inner_text().startswith(fever)
    assert page.get_by_role("button", name="Not sure (your answer)", exact=True).is_visible()
    go(page, lambda: page.get_by_role("button", name="Not sure (your answer)",
                                      exact=True).click())
    while "/interview" in page.url and steps < 100:
        assert not page.get_by_role("heading", level=1).inner_text().startswith(fever)
        go(page, lambda: page.get_by_role("button", name="No", exact=True).click())
        steps += 1
    check_banner_first(page, "See a doctor today", "Speak to a doctor today")
    assert "You were not sure about: fever" in page.locator(".reasons").inner_text()
    shot(page, "unsure-1-result")
    # change it to no from the result: the advice comes down
    go(page, lambda: page.get_by_role("link", name="change this answer").click())
    assert page.get_by_role("heading", level=1).inner_text().startswith(fever)
    go(page, lambda: page.get_by_role("button", name="No", exact=True).click())
    while "/interview" in page.url and steps < 150:
        go(page, lambda: page.get_by_role("button", name="No", exact=True).click())
        steps += 1
    check_banner_first(page, "Look after it at home", "Keep as active as you can")
    assert "not sure" not in page.locator("main").inner_text().lower()


AUDITED = [
    "/",
    "/about",
    "/about?age=abc",
    "/interview?age=40",
    "/interview?age=40&f=saddle_numbness:n&f=urinary_retention:n&at=1",
    "/result?age=40&f=saddle_numbness:y",
    "/result?age=35&f=saddle_numbness:u",
    "/result?age=40&f=saddle_numbness:n&f=fever:u",
    "/interview?age=40&f=fever:m&d=fever&f=saddle_numbness:n&d=saddle_numbness&at=0",
    "/sources",
    "/knowledge",
    "/exercises",
    "/questionnaires",
    "/questionnaires/startback",
    "/questionnaires/odi?submitted=1&score=40&previous=60",
    "/ask?q=how+long+does+a+back+spasm+last",
    "/ask?q=I+cannot+feel+the+toilet+paper+when+I+wipe",
    "/no-such-page",
    "/diary",
    "/diary/history",
    "/diary/insights",
    "/diary/import",
    "/report",
]


@pytest.fixture(scope="module")
def diary_filled(base_url: str) -> None:
    """A diary with an episode, a fortnight of check-ins and one ticked warning sign, so the
    audited diary pages show their tables, warnings and chart."""
    import httpx

    today = dt.date.today()
    with httpx.Client(base_url=base_url + "/api/v1/diary") as c:
        c.post("/episodes", json={"started": str(today - dt.timedelta(days=14)),
                                  "worst_pain": 8, "triggers": ["lifting"]})
        for n in range(14, 0, -1):
            r = c.post("/checkins", json={
                "day": str(today - dt.timedelta(days=n)), "pain": 6 if n > 3 else 8,
                "function": 4, "sleep_hours": 6, "stress": 5, "medicines": ["ibuprofen"],
                "red_flags": ["fever"] if n == 2 else []})
            assert r.status_code in (200, 201), r.text


@pytest.fixture(scope="module")
def axe_page(browser: Any, diary_filled: None) -> Iterator[Any]:
    """A tab with JavaScript on, only so that axe-core can run; the pages have no scripts."""
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", AUDITED)
def test_pages_pass_an_automated_accessibility_audit(axe_page: Any, base_url: str,
                                                     path: str) -> None:
    """axe-core (bundled with axe-playwright-python, nothing downloaded): WCAG 2.1 A and
    AA rules and best practices, including colour contrast, labels and landmarks."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe_page.goto(base_url + path)
    results = axe.Axe().run(axe_page, options={
        "runOnly": {"type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    })
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert problems == []


def test_exercise_timer_counts_down_with_javascript(browser: Any, base_url: str) -> None:
    """The one piece of JavaScript: an optional timer per exercise (CSP allows 'self')."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(base_url + "/exercises")
        section = page.locator("section.exercise").first
        hold = int(section.get_attribute("data-hold") or "0")
        start = section.get_by_role("button", name=re.compile("^Start the timer for "))
        start.click()
        status = section.locator(".timer-status")
        assert status.inner_text().startswith("Hold 1 of")
        clock = section.locator(".clock")
        page.wait_for_function(
            "([el, hold]) => el.textContent && parseInt(el.textContent) < hold",
            arg=[clock.element_handle(), hold], timeout=5000,
        )
        shot_page = ARTIFACTS / "exercise-timer.png"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(shot_page))
        section.get_by_role("button", name="Stop the timer").click()
        assert status.inner_text() == "Stopped."
    finally:
        context.close()
    assert errors == []


def test_diary_checkin_on_a_phone_and_a_warning_sign_first(page: Any, base_url: str) -> None:
    """Pain, save: two taps. Then a warning sign ticked: the triage banner comes first."""
    page.goto(base_url + "/")
    go(page, lambda: page.get_by_role("navigation", name="Site")
       .get_by_role("link", name="Diary").click())
    shot(page, "diary-1-form")
    page.locator(".scale-point", has_text="5").first.click()
    go(page, lambda: page.get_by_role("button", name="Save").first.click())
    assert page.get_by_role("heading", name="Check-in saved").is_visible()
    assert "pain 5 out of 10" in page.locator("main").inner_text()
    page.locator(".scale-point", has_text="6").first.click()
    page.get_by_text("Any warning signs today?").click()
    page.get_by_label("New loss of bowel control").check()
    go(page, lambda: page.get_by_role("button", name="Save").last.click())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "diary-2-warning-sign.png"), full_page=True)
    check_banner_first(page, "Emergency", "Call emergency services")
    go(page, lambda: page.get_by_role("link", name="See the full advice").click())
    assert page.locator(".banner h1").inner_text() == "Emergency"


def test_diary_import_form_without_javascript(page: Any, base_url: str) -> None:
    """Choose a file, press Import: a bad file says why and stores nothing; a good one shows
    what was added. A plain multipart form, so it works with JavaScript off."""
    page.goto(base_url + "/diary")
    go(page, lambda: page.get_by_role("link", name="Import a diary file").click())
    field = page.get_by_label("Diary file (.json or .csv)")
    field.set_input_files({"name": "diary.json", "mimeType": "application/json",
                           "buffer": b'{"checkins": [{"day": "2001-01-01", "pain": 12}]}'})
    go(page, lambda: page.get_by_role("button", name="Import").click())
    alert = page.get_by_role("alert")
    assert "pain must be a whole number from 0 to 10" in alert.inner_text()
    assert "Nothing was imported" in alert.inner_text()
    page.get_by_label("Diary file (.json or .csv)").set_input_files({
        "name": "diary.csv", "mimeType": "text/csv",
        "buffer": b"record,date,pain\ncheckin,2001-01-01,2\n"})
    go(page, lambda: page.get_by_role("button", name="Import").click())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "diary-import-done.png"), full_page=True)
    assert page.get_by_role("heading", name="Diary imported").is_visible()
    row = page.get_by_role("row", name=re.compile("^Check-ins"))
    assert row.inner_text().split() == ["Check-ins", "1", "0"]
    go(page, lambda: page.get_by_role("link", name="Back to the diary").click())
    assert page.url == base_url + "/diary"


def test_questionnaire_score_saved_to_the_diary_reaches_the_report(page: Any,
                                                                   base_url: str) -> None:
    """Answer STarT Back, press "Score it", then "Save to my diary" (a plain POST form, with
    JavaScript off); the score is then in the report, in a window that includes today."""
    page.goto(base_url + "/questionnaires/startback")
    answers = ["Agree", "Disagree", "Disagree", "Disagree", "Agree", "Agree", "Disagree",
               "Disagree", "Slightly"]
    for n, answer in enumerate(answers, start=1):
        page.locator(f'input[name="i{n}"][value="{answer.lower()}"]').check()
    go(page, lambda: page.get_by_role("button", name="Score it").click())
    assert "Total 3/9" in page.locator("#score-heading + p").inner_text()
    go(page, lambda: page.get_by_role("button", name="Save to my diary").click())
    assert "Saved in your diary" in page.get_by_role("status").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "questionnaire-saved.png"), full_page=True)
    go(page, lambda: page.get_by_role("link", name=re.compile("the report")).click())
    today = dt.date.today().isoformat()
    page.get_by_label("From").fill(today)
    go(page, lambda: page.get_by_role("button", name="Show these days").click())
    assert page.url.startswith(base_url + f"/report?since={today}")
    assert f"From {today} to {today}" in page.locator("#covers").inner_text()
    scores = page.locator("#questionnaires").inner_text()
    assert "Keele STarT Back" in scores and "91351-7" in scores
