"""The diary commands end to end on a SQLite file: happy paths and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backspasm.cli import app


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "diary.sqlite3")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_log_checkin_history_insights_export(db: str, tmp_path: Path) -> None:
    assert run("log", "--db", db, "--start", "2026-01-01", "--worst", "8", "-t", "lifting")[0] == 0
    for i, pain in enumerate([8, 7, 7, 6, 5]):
        code, out, _ = run("checkin", "--db", db, "--date", f"2026-01-0{i + 1}", "--pain",
                           str(pain), "--function", str(3 + i), "--sleep", "6.5")
        assert code == 0 and "added" in out
    code, out, _ = run("history", "--db", db, "--days", "100000", "--json")
    data = json.loads(out)
    assert [c["pain"] for c in data["checkins"]] == [8, 7, 7, 6, 5]
    assert data["episodes"][0]["triggers"] == ["lifting"]
    chart = tmp_path / "c.svg"
    code, out, _ = run("insights", "--db", db, "--today", "2026-01-05", "--chart", str(chart),
                       "--json")
    assert code == 0
    assert json.loads(out)["recovery"]["status"] == "too_early"
    assert chart.read_text().startswith("<svg")
    code, out, _ = run("insights", "--db", db, "--today", "2026-01-05")
    assert "Current course" in out and "Not enough data" in out
    code, out, _ = run("export", "--db", db, "--format", "csv")
    assert out.splitlines()[0].startswith("record,date,end")
    assert len(out.splitlines()) == 1 + 1 + 5
    assert run("log", "--db", db, "--end", "2026-01-09")[0] == 0


def test_red_flag_checkin_shows_the_emergency_first_and_stores_the_assessment(db: str) -> None:
    code, out, _ = run("checkin", "--db", db, "--pain", "6", "--red-flag", "saddle_numbness")
    assert code == 0
    assert out.lstrip().splitlines()[0].count("EMERGENCY") == 1
    assert out.index("EMERGENCY") < out.index("Check-in for")
    code, out, _ = run("export", "--db", db)
    [saved] = json.loads(out)["assessments"]
    assert saved["disposition"] == "emergency" and saved["knowledge_version"]


def test_interactive_checkin(db: str) -> None:
    code, out, _ = run("checkin", "--db", db, "--date", "2026-01-02",
                       input="4\n6\n\n3\nn\n")
    assert code == 0, out
    code, out, _ = run("history", "--db", db, "--days", "100000", "--json")
    [c] = json.loads(out)["checkins"]
    assert (c["pain"], c["function"], c["sleep_hours"], c["stress"]) == (4, 6, None, 3)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["checkin", "--pain", "11"], "pain must be a whole number from 0 to 10"),
        (["checkin", "--pain", "3", "--date", "2026-02-30"], "--date must be a date"),
        (["checkin", "--pain", "3", "--red-flag", "nope"], "'nope' is not a known danger sign"),
        (["log", "--worst", "12"], "worst_pain must be a whole number"),
        (["log", "--end", "2026-01-01"], "no open episode"),
        (["import", "/does/not/exist.json"], "does not exist"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(db: str, args: list[str], words: str) -> None:
    code, out, err = run(*args[:1], "--db", db, *args[1:])
    assert code == 2
    assert words in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_bad_database_url_is_a_plain_error() -> None:
    code, _, err = run("history", "--db", "mysql://u@h/x")
    assert code == 2 and "SQLite or PostgreSQL" in err


def test_nothing_is_lost_by_a_refused_checkin(db: str) -> None:
    run("checkin", "--db", db, "--date", "2026-01-01", "--pain", "5", "--notes", "keep me")
    code, _, err = run("checkin", "--db", db, "--date", "2026-01-01", "--pain", "2")
    assert code == 2 and "--replace" in err
    code, out, _ = run("export", "--db", db)
    assert json.loads(out)["checkins"][0]["notes"] == "keep me"
    assert run("checkin", "--db", db, "--date", "2026-01-01", "--pain", "2", "--replace")[0] == 0


def test_import_round_trip_all_or_nothing_and_duplicates(db: str, tmp_path: Path) -> None:
    run("log", "--db", db, "--start", "2026-01-01", "--end", "2026-01-04", "--worst", "7")
    for i in range(1, 5):
        run("checkin", "--db", db, "--date", f"2026-01-0{i}", "--pain", str(8 - i))
    for fmt in ("json", "csv"):
        out_file = tmp_path / f"e.{fmt}"
        assert run("export", "--db", db, "--format", fmt, "-o", str(out_file))[0] == 0
        other = str(tmp_path / f"other-{fmt}.sqlite3")
        code, out, _ = run("import", "--db", other, str(out_file))
        assert code == 0
        assert "check-ins: 4 imported, 0 already in the diary" in out
        code, out, _ = run("import", "--db", other, str(out_file))
        assert "check-ins: 0 imported, 4 already in the diary" in out
    # a file with one bad entry among good ones changes nothing
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"checkins": [
        {"day": "2026-03-01", "pain": 3}, {"day": "2026-03-02", "pain": 99}]}))
    code, _, err = run("import", "--db", db, str(bad))
    assert code == 2 and "checkins entry 2: pain must be" in err
    # a conflicting record (same day, other values) also changes nothing
    clash = tmp_path / "clash.json"
    clash.write_text(json.dumps({"checkins": [
        {"day": "2026-03-01", "pain": 3}, {"day": "2026-01-02", "pain": 0}]}))
    code, _, err = run("import", "--db", db, str(clash))
    assert code == 2 and "nothing was imported" in err
    code, out, _ = run("export", "--db", db)
    assert [c["day"] for c in json.loads(out)["checkins"]] == [
        "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]
    notjson = tmp_path / "x.json"
    notjson.write_text("{nope")
    code, _, err = run("import", "--db", db, str(notjson))
    assert code == 2 and "not valid JSON" in err


def test_env_var_points_at_the_database(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKSPASM_DATABASE_URL", db)
    assert run("checkin", "--pain", "3", "--date", "2026-01-01")[0] == 0
    assert Path(db).exists()


def test_checkin_without_pain_and_without_a_person_to_ask(db: str) -> None:
    code, _, err = run("checkin", "--db", db, input="")
    assert code == 2 and "--pain" in err


def test_interactive_red_flag_choice(db: str) -> None:
    from backspasm.knowledge import default_knowledge

    flags = [f.id for f in default_knowledge().red_flags]
    number = flags.index("fever") + 1
    code, out, _ = run("checkin", "--db", db, input=f"5\n\n\n\ny\n{number}\n")
    assert code == 0, out
    assert "fever" in run("history", "--db", db, "--json")[1]


def test_a_database_that_is_not_one_is_a_plain_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    code, out, err = run("checkin", "--db", str(junk), "--pain", "3")
    assert code == 2 and "cannot open the diary database" in err
    assert "Traceback" not in out + err
    assert junk.read_bytes() == b"this is not a database" * 100


def test_insights_show_relative_risks_once_there_is_enough_data(db: str, tmp_path: Path) -> None:
    import datetime as dt

    start = dt.date(2025, 1, 1)
    checkins, episodes = [], []
    i = 0
    while i < 240:
        poor = i % 3 == 0
        checkins.append({"day": str(start + dt.timedelta(days=i)), "pain": 1,
                         "sleep_hours": 5 if poor else 8})
        if poor and i % 27 == 0:
            episodes.append({"started": str(start + dt.timedelta(days=i + 1)),
                             "ended": str(start + dt.timedelta(days=i + 3)), "worst_pain": 6})
            i += 4
            continue
        i += 1
    data = tmp_path / "long.json"
    data.write_text(json.dumps({"episodes": episodes, "checkins": checkins}))
    assert run("import", "--db", db, str(data))[0] == 0
    code, out, _ = run("insights", "--db", db, "--today", "2025-09-01")
    assert code == 0
    assert "relative risk" in out and "95% CI" in out
    assert "Not enough data yet for 'sat 8 hours or more'" in out
    code, out, _ = run("insights", "--db", db, "--today", "2025-09-01", "--json")
    sleep = next(t for t in json.loads(out)["triggers"] if t["factor"] == "poor_sleep")
    assert sleep["enough"] and sleep["ci_low"] > 1
