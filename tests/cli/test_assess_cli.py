"""The command line: JSON output, batch, knowledge inspection, evaluation and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backspasm.cli import app

runner = CliRunner()


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_assess_answers_json(tmp_path: Path) -> None:
    f = write(tmp_path, "a.json", json.dumps({"age": 51, "findings": {"saddle_numbness": True}}))
    result = runner.invoke(app, ["assess", "--answers", str(f), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["disposition"] == "emergency"
    assert out["conditions"][0]["id"] == "cauda_equina_syndrome"
    assert {"id", "name", "probability"} <= set(out["conditions"][0])
    assert "fever" in out["unanswered_red_flags"]
    assert len(out["knowledge_version"]) == 12
    assert out["reasons"][0]["because"]


def test_assess_answers_report_shows_emergency_first(tmp_path: Path) -> None:
    f = write(tmp_path, "a.json", json.dumps({"findings": {"chest_pain": True}}))
    result = runner.invoke(app, ["assess", "--answers", str(f)])
    assert result.exit_code == 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert "EMERGENCY" in lines[0]
    assert "Call emergency services" in lines[1]


def test_assess_answers_from_stdin() -> None:
    result = runner.invoke(
        app, ["assess", "--answers", "-", "--json"], input='{"findings": {"fever": true}}'
    )
    assert result.exit_code == 0
    assert json.loads(result.output)["disposition"] == "urgent"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "is not valid JSON"),
        ('{"age": -3}', "age must be a whole number"),
        ('{"pain_score": 14}', "pain_score must be a whole number from 0 to 10"),
        ('{"findings": {"toothache": true}}', "'toothache' is not a known finding id"),
        ("[]", "must be a JSON object"),
    ],
)
def test_bad_answers_exit_2_with_one_sentence(tmp_path: Path, content: str, words: str) -> None:
    f = write(tmp_path, "bad.json", content)
    result = runner.invoke(app, ["assess", "--answers", str(f)])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_file_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--answers", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_batch_keeps_going_after_a_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "answers": {"findings": {"major_trauma": True}}}),
        "{broken",
        json.dumps({"id": "c", "answers": {"age": 400}}),
        "",
        json.dumps(
            {"id": 4, "answers": {"age": 30, "findings": {"lifting_or_bending_onset": True}}}
        ),
    ]
    f = write(tmp_path, "b.jsonl", "\n".join(lines))
    result = runner.invoke(app, ["assess", "--batch", str(f), "--json"])
    assert result.exit_code == 0
    out = [json.loads(x) for x in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "c", 4]
    assert out[0]["disposition"] == "emergency"
    assert "not valid JSON" in out[1]["error"] and out[1]["line"] == 2
    assert "age" in out[2]["error"]
    assert out[3]["disposition"] == "self_care"


def test_knowledge_commands() -> None:
    check = runner.invoke(app, ["knowledge", "check"])
    assert check.exit_code == 0 and "0 failing examples" in check.output
    findings = json.loads(runner.invoke(app, ["knowledge", "findings", "--json"]).output)
    assert any(f["id"] == "saddle_numbness" and f["red_flag"] for f in findings)
    sources = runner.invoke(app, ["knowledge", "sources"]).output
    assert "https://doi.org/10.1136/bmj.f7095" in sources
    rules = runner.invoke(app, ["knowledge", "rules"]).output.splitlines()
    assert rules[0].startswith("emergency")
    conditions = runner.invoke(app, ["knowledge", "conditions"]).output
    assert "G83.4" in conditions
    shown = runner.invoke(app, ["knowledge", "show", "kidney_stone"])
    assert json.loads(shown.output)["icd10"] == "N20.0"
    missing = runner.invoke(app, ["knowledge", "show", "unicorn"])
    assert missing.exit_code == 2


def test_evaluate_reports_and_fails_on_unsafe(tmp_path: Path) -> None:
    good = json.dumps(
        {
            "id": "g",
            "answers": {"findings": {"chest_pain": True}},
            "accept": ["emergency"],
            "condition": "heart_attack",
        }
    )
    unsafe = json.dumps(
        {
            "id": "u",
            "answers": {"findings": {"lifting_or_bending_onset": True}},
            "accept": ["emergency"],
            "condition": None,
        }
    )
    f = write(tmp_path, "v.jsonl", good + "\n")
    ok = runner.invoke(app, ["evaluate", str(f)])
    assert ok.exit_code == 0, ok.output
    assert "correct 100.0%" in ok.output and "emergency sensitivity 100.0%" in ok.output
    f2 = write(tmp_path, "v2.jsonl", good + "\n" + unsafe + "\n")
    bad = runner.invoke(app, ["evaluate", str(f2)])
    assert bad.exit_code == 1
    assert "u [UNSAFE]" in bad.output
    assert "unsafe 50.0%" in bad.output


def test_interactive_interview_emergency(tmp_path: Path) -> None:
    # no description; basics: age, sex, location, duration, pain; the first red flag: yes.
    result = runner.invoke(app, ["assess"], input="\n51\nfemale\nlower\n2\n7\ny\n")
    assert result.exit_code == 0, result.output
    assert "EMERGENCY" in result.output


def test_interactive_interview_back_and_skip(tmp_path: Path) -> None:
    # Basics (one skipped), then 's' (skip) to the first question, 'b' to go back, 'n' to
    # the rest. ('?' would end it: not sure about an emergency sign counts as a yes.)
    answers = "\n35\n\nlower\n3\n5\n" + "s\nb\n" + "n\n" * 80
    result = runner.invoke(app, ["assess", "--json"], input=answers)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output[result.output.index("{\n") :])
    assert out["disposition"] == "self_care"
    # every red flag that could still change the advice was asked
    assert out["would_change_advice"] == []
    assert not out["provisional"]


def test_assess_save_keeps_the_assessment_in_the_diary(tmp_path: Path) -> None:
    db = str(tmp_path / "diary.sqlite3")
    f = write(tmp_path, "a.json", json.dumps({"age": 40, "findings": {"fever": True}}))
    result = runner.invoke(app, ["assess", "--answers", str(f), "--json", "--save", "--db", db])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(app, ["export", "--format", "json", "--db", db])
    assert exported.exit_code == 0, exported.output
    bundle = json.loads(exported.output)
    assert [a["disposition"] for a in bundle["assessments"]] == ["urgent"]


def test_assess_save_refuses_batch(tmp_path: Path) -> None:
    f = write(tmp_path, "b.jsonl", "")
    result = runner.invoke(app, ["assess", "--batch", str(f), "--save"])
    assert result.exit_code == 2
    assert "--save" in result.output
