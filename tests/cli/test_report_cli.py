"""``backspasm report`` and ``backspasm score --save`` end to end on a SQLite file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from typer.testing import CliRunner

from backspasm.cli import app
from backspasm.core.diary import CheckIn
from backspasm.knowledge import Knowledge


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "diary.sqlite3")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def one_sentence(err: str) -> None:
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err


def seed(db: str, tmp_path: Path) -> None:
    assert run("log", "--db", db, "--start", "2026-01-01", "--worst", "8", "-t", "lifting")[0] == 0
    for i, pain in enumerate([8, 7, 7, 6, 5]):
        assert run("checkin", "--db", db, "--date", f"2026-01-0{i + 1}", "--pain", str(pain),
                   "--function", str(3 + i))[0] == 0
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"age": 40, "pain_score": 7, "duration_days": 1,
                                   "findings": {"saddle_numbness": False}}))
    assert run("assess", "--db", db, "--answers", str(answers), "--json", "--save")[0] == 0
    odi = tmp_path / "odi.json"
    odi.write_text(json.dumps({"sections": [3, 2, 1, 2, 3, 1, 2, 0, 1, 3]}))
    code, out, err = run("score", "odi", "--answers", str(odi), "--json", "--save", "--db", db)
    assert code == 0 and json.loads(out)["score"] == 36.0 and "Saved in your diary" in err


def test_an_unknown_person_is_one_sentence_and_is_not_added(db: str, tmp_path: Path) -> None:
    seed(db, tmp_path)
    code, out, err = run("report", "--db", db, "--person", "mee")
    assert code == 2 and out == ""
    one_sentence(err)
    assert "there is no diary for 'mee'" in err
    from backspasm.store import open_store, url_for

    store = open_store(url_for(db))
    try:
        assert store.find_diary("mee") is None and store.find_diary("me") is not None
    finally:
        store.close()


def test_an_empty_diary_is_one_sentence_and_exit_2(db: str, tmp_path: Path) -> None:
    from backspasm.store import open_store, url_for

    store = open_store(url_for(db))
    store.diary("me")  # the person exists, with nothing in the diary
    store.diary("someone").add_checkin(CheckIn(day=dt.date(2026, 1, 1), pain=3))
    store.close()
    target = tmp_path / "r.html"
    code, out, err = run("report", "--db", db, "--output", str(target))
    assert code == 2 and out == ""
    one_sentence(err)
    assert "nothing to report" in err and "backspasm checkin" in err
    assert not target.exists()


def test_html_report_to_a_file(db: str, tmp_path: Path, knowledge: Knowledge) -> None:
    seed(db, tmp_path)
    target = tmp_path / "r.html"
    code, out, _ = run("report", "--db", db, "--today", "2026-01-05", "-o", str(target))
    assert code == 0
    assert out.strip() == (f"Report written to {target} (html, 5 check-ins, 1 episode, "
                           "1 assessment, 1 score).")
    html = target.read_text(encoding="utf-8")
    for section in ('id="screening"', 'id="questionnaires"', 'id="course"', 'id="sources"'):
        assert section in html
    assert "Oswestry Disability Index" in html and "36%: moderate disability." in html
    assert knowledge.findings["saddle_numbness"].label in html
    assert "<script" not in html


def test_fhir_to_stdout_validates(db: str, tmp_path: Path) -> None:
    seed(db, tmp_path)
    code, out, _ = run("report", "--db", db, "--format", "fhir", "--today", "2026-01-05")
    assert code == 0
    bundle = Bundle.model_validate_json(out)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Patient") == 1 and kinds.count("RiskAssessment") == 1
    # five pain scores, five function scores, one Oswestry total, one red-flag screening
    assert kinds.count("Observation") == 12


def test_json_report(db: str, tmp_path: Path) -> None:
    seed(db, tmp_path)
    code, out, _ = run("report", "--db", db, "--format", "json", "--today", "2026-01-05",
                       "--person", "me")
    data = json.loads(out)
    assert code == 0 and data["person"] == "me"
    assert data["insights"]["recovery"]["status"] == "too_early"
    # the Oswestry score's own code, not the code of the questionnaire's panel (97908-8)
    assert data["questionnaires"][0]["loinc"] == "97909-6"
    assert data["questionnaires"][0]["loinc_panel"] == "97908-8"


@pytest.mark.parametrize("args, words", [
    (("--today", "05/01/2026"), "--today must be a date"),
    (("--output", "/nonexistent-folder/r.html"), "cannot write /nonexistent-folder/r.html"),
])
def test_bad_input_is_one_sentence(db: str, tmp_path: Path, args: tuple[str, ...],
                                   words: str) -> None:
    seed(db, tmp_path)
    code, _, err = run("report", "--db", db, *args)
    assert code == 2
    one_sentence(err)
    assert words in err


def test_an_unknown_format_is_refused(db: str) -> None:
    code, _, err = run("report", "--db", db, "--format", "pdf")
    assert code == 2 and "'pdf' is not one of" in err and "Traceback" not in err


def test_since_and_until_limit_the_report(db: str, tmp_path: Path) -> None:
    seed(db, tmp_path)  # check-ins 1-5 January 2026, the episode from 1 January
    target = tmp_path / "r.json"
    code, out, _ = run("report", "--db", db, "--format", "json", "--today", "2026-01-05",
                       "--since", "2026-01-02", "--until", "2026-01-03", "-o", str(target))
    assert code == 0
    assert out.strip().endswith("; from 2026-01-02 to 2026-01-03).")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["day"] for c in data["checkins"]] == ["2026-01-02", "2026-01-03"]
    assert [e["started"] for e in data["episodes"]] == ["2026-01-01"]  # overlaps: kept
    assert data["since"] == "2026-01-02" and data["until"] == "2026-01-03"
    assert data["covers"].startswith("From 2026-01-02 to 2026-01-03")
    code, out, _ = run("report", "--db", db, "--today", "2026-01-05", "--since", "2026-01-04")
    assert code == 0 and "From 2026-01-04 to 2026-01-05" in out  # the HTML says the window


@pytest.mark.parametrize("args, words", [
    (("--since", "last month"), "--since must be a date written as YYYY-MM-DD"),
    (("--until", "2026-02-30"), "--until must be a date written as YYYY-MM-DD"),
    (("--since", "2026-01-04", "--until", "2026-01-02"),
     "--since (2026-01-04) is after --until (2026-01-02)"),
    (("--since", "2025-01-01", "--until", "2025-02-01"), "holds nothing between 2025-01-01"),
])
def test_a_bad_window_is_one_sentence_and_exit_2(db: str, tmp_path: Path,
                                                 args: tuple[str, ...], words: str) -> None:
    seed(db, tmp_path)
    target = tmp_path / "r.html"
    code, out, err = run("report", "--db", db, "--today", "2026-01-05", "-o", str(target), *args)
    assert code == 2 and out == ""
    one_sentence(err)
    assert words in err
    assert not target.exists()
