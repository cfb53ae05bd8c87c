"""``backspasm assess --text``, ``--text -``, ``--batch`` with text lines, and laziness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backspasm.cli import app

runner = CliRunner()
SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_assess_text_json_adds_findings() -> None:
    result = runner.invoke(
        app, ["assess", "--json", "--text", "back locked lifting a box, no fever, 40 yo man"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"id": "fever", "status": "absent", "text": "no fever"}.items() <= out["findings"][
        [f["id"] for f in out["findings"]].index("fever")
    ].items()
    assert out["answers"]["age"] == 40 and out["answers"]["findings"]["fever"] is False
    assert out["disposition"] in {"self_care", "routine", "urgent", "emergency"}
    assert out["out_of_scope"] is False


def test_assess_text_from_stdin_shows_an_emergency_first() -> None:
    result = runner.invoke(
        app, ["assess", "--text", "-"], input="I can't feel the toilet paper and I wet myself\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.index("EMERGENCY") < result.output.index("What I understood")


def test_assess_text_report_for_a_non_emergency() -> None:
    result = runner.invoke(app, ["assess", "--text", "my back went when I bent down, no fever"])
    assert result.exit_code == 0, result.output
    assert "What I understood" in result.output
    assert "fever" in result.output


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "empty"), ("    ", "empty"), ("Me duele mucho la espalda", "English"), ("🙂🙂", "words")],
)
def test_unreadable_text_exits_2_with_one_sentence(text: str, words: str) -> None:
    result = runner.invoke(app, ["assess", "--text", text])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output


def test_a_megabyte_on_stdin_exits_2() -> None:
    result = runner.invoke(app, ["assess", "--text", "-"], input="back pain " * 100_000)
    assert result.exit_code == 2 and "too long" in result.output


def test_out_of_scope_text_says_so() -> None:
    result = runner.invoke(app, ["assess", "--text", "I have a sore throat"])
    assert result.exit_code == 0
    assert "does not seem to be about back pain" in " ".join(result.output.split())
    data = json.loads(
        runner.invoke(app, ["assess", "--json", "--text", "I have a sore throat"]).output
    )
    assert data["out_of_scope"] is True and data["findings"] == []


def test_only_one_input_option() -> None:
    result = runner.invoke(app, ["assess", "--text", "x", "--answers", "-"])
    assert result.exit_code == 2


def test_batch_accepts_text_and_answers_lines(tmp_path: Path) -> None:
    lines = [
        {"id": "t1", "text": "I can't pee and my bum is numb"},
        {"id": "a1", "answers": {"age": 30, "findings": {"fever": False}}},
        {"id": "t2", "text": ""},
        {"id": "t3", "text": 42},
        {"id": "t4", "text": "I have a sore throat"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    result = runner.invoke(app, ["assess", "--batch", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = {
        str(d.get("id") or d.get("line")): d
        for d in map(json.loads, result.output.split("\n")[:-1])
    }
    assert out["t1"]["disposition"] == "emergency"
    assert {f["id"] for f in out["t1"]["findings"]} >= {"urinary_retention", "saddle_numbness"}
    assert "findings" not in out["a1"] and out["a1"]["disposition"]
    assert "empty" in out["t2"]["error"]
    assert "string" in out["t3"]["error"]
    assert out["t4"]["out_of_scope"] is True
    assert "not valid JSON" in out["6"]["error"]


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_help_and_answers_do_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from backspasm.cli import app\n"
        "r = CliRunner()\n"
        "assert r.invoke(app, ['--help']).exit_code == 0\n"
        "assert r.invoke(app, ['assess', '--help']).exit_code == 0\n"
        "r.invoke(app, ['assess', '--answers', '-', '--json'], input='{\"age\": 30}')\n"
        "import backspasm.intake\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'medspacy'}))\n"
    )
    assert _run(code) == "[]"


def test_the_first_text_loads_spacy() -> None:
    code = (
        "import sys\n"
        "from backspasm.intake import extract\n"
        "from backspasm.knowledge import default_knowledge\n"
        "extract('no fever', default_knowledge())\n"
        "print('spacy' in sys.modules and 'medspacy' in sys.modules)\n"
    )
    assert _run(code) == "True"
