"""``backspasm import`` reads files through the same core step as the web import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backspasm.cli import app


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "text", "words"), [
    ("empty.json", "", "the file {path} is empty"),
    ("empty.csv", "\n \n", "the file {path} is empty"),
    ("words.txt", "just some words", "the file {path} is neither JSON nor a diary CSV file"),
    ("mislabelled.json", "record,date,pain\ncheckin,2026-01-01,3\n",
     "the file {path} is not valid JSON"),
    ("list.json", "[]", "{path}: a diary export must hold a JSON object"),
    ("bad.csv", "record,date,pain\ncheckin,2026-01-01,3\nmood,2026-01-02,4\n",
     "{path}: CSV line 3: record must be"),
])
def test_a_bad_file_is_one_sentence_and_stores_nothing(tmp_path: Path, name: str, text: str,
                                                       words: str) -> None:
    db = str(tmp_path / "diary.sqlite3")
    assert run("checkin", "--db", db, "--date", "2026-01-01", "--pain", "3")[0] == 0
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run("import", "--db", db, str(path))
    assert code == 2
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1
    assert words.format(path=path) in err
    assert "Traceback" not in out + err
    code, out, _ = run("export", "--db", db)
    assert [c["day"] for c in json.loads(out)["checkins"]] == ["2026-01-01"]


def test_stdin_and_a_byte_order_mark(tmp_path: Path) -> None:
    db = str(tmp_path / "diary.sqlite3")
    csv_text = "\ufeffrecord,date,pain\ncheckin,2026-01-01,3\n"
    code, out, err = run("import", "--db", db, "-", input=csv_text)
    assert code == 0, err
    assert "check-ins: 1 imported, 0 already in the diary" in out
    code, out, _ = run("import", "--db", db, "-",
                       input=json.dumps({"checkins": [{"day": "2026-01-01", "pain": 3}]}))
    assert code == 0 and "check-ins: 0 imported, 1 already in the diary" in out
