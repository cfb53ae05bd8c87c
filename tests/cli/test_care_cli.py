"""`backspasm score`, `plan` and `stretch` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backspasm.cli import app
from backspasm.cli import care as care_cli

runner = CliRunner()

PLAN: dict[str, Any] = {
    "age": 45,
    "sex": "female",
    "location": "lower",
    "duration_days": 4,
    "pain_score": 6,
    "findings": {"lifting_or_bending_onset": True},
    "context": {"stomach_ulcer_or_bleeding": True, "current_medicines": ["warfarin"]},
    "questionnaires": {"startback": {"items": [1, 1, 1, 1, 1, 1, 1, 0, "very much"]}},
}


def write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def one_error_line(output: str) -> str:
    lines = [x for x in output.strip().splitlines() if x.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


# ------------------------------------------------------------------------------- score


def test_score_startback_json(tmp_path: Path) -> None:
    f = write(tmp_path, "s.json", {"items": [0, 0, 0, 0, 1, 1, 1, 0, "extremely"]})
    result = runner.invoke(app, ["score", "startback", "--answers", str(f), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["total"], out["distress"], out["risk"]) == (4, 4, "high")
    assert (out["loinc"], out["loinc_panel"]) == ("91351-7", "91349-1")


def test_score_odi_report_with_change(tmp_path: Path) -> None:
    f = write(tmp_path, "o.json", {"sections": [2, 2, 2, 2, 2, 2, 2, None, 2, 2]})
    result = runner.invoke(app, ["score", "odi", "--answers", str(f), "--previous", "60"])
    assert result.exit_code == 0, result.output
    assert "40%: moderate disability" in result.output
    assert "meaningful improvement" in result.output
    assert "Section 8 was not answered" in result.output


def test_score_startback_interactive_shows_notice() -> None:
    answers = "\n".join(["agree", "d", "a", "n", "agree", "y", "disagree", "no", "4"]) + "\n"
    result = runner.invoke(app, ["score", "startback", "--json"], input=answers)
    assert result.exit_code == 0, result.output
    assert "© Keele University" in result.output
    out = json.loads(result.stdout)  # the questions went to stderr
    assert out["item_scores"] == [1, 0, 1, 0, 1, 1, 0, 0, 1]
    assert out["risk"] == "medium"


def test_score_interactive_input_ending_early_exits_2() -> None:
    result = runner.invoke(app, ["score", "startback"], input="agree\n")
    assert result.exit_code == 2
    assert "ended before the questionnaire was finished" in result.output
    assert "Traceback" not in result.output


def test_score_pain_interactive_retries_bad_value() -> None:
    result = runner.invoke(app, ["score", "pain", "--previous", "8"], input="12\n5\n")
    assert result.exit_code == 0, result.output
    assert "5/10" in result.output and "meaningful improvement" in result.output


def test_score_odi_interactive_uses_clinic_wording(tmp_path: Path) -> None:
    wording = {
        "items": [
            {
                "number": n,
                "text": f"Licensed section {n}",
                "statements": [f"s{i}" for i in range(6)],
            }
            for n in range(1, 11)
        ]
    }
    w = write(tmp_path, "w.json", wording)
    replies = "\n".join(["1", "2", "3,4", "", "0", "1", "1", "1", "1", "1"]) + "\n"
    result = runner.invoke(app, ["score", "odi", "--wording", str(w), "--json"], input=replies)
    assert result.exit_code == 0, result.output
    assert "Licensed section 3" in result.output and "s5" in result.output
    out = json.loads(result.output[result.output.rindex('{\n  "instrument"') :])
    assert out["raw"] == 1 + 2 + 4 + 0 + 1 * 5
    assert out["double_marked_sections"] == [3] and out["missing_sections"] == [4]


def test_score_rmdq_interactive_shows_topics_only() -> None:
    result = runner.invoke(app, ["score", "rmdq", "--json"], input="y\n" * 3 + "n\n" * 21)
    assert result.exit_code == 0, result.output
    assert "exact wording is licensed" in result.output
    assert json.loads(result.output[result.output.index("{") :])["score"] == 3


@pytest.mark.parametrize(
    ("kind", "content", "words"),
    [
        ("odi", {"sections": [1, None, None, 1, 1, 1, 1, 1, 1, 1]}, "more than one section"),
        ("pain", {"score": 11}, "0 to 10"),
        ("rmdq", "{not json", "not valid JSON"),
        ("startback", {"items": [1, 2]}, "9 answers"),
    ],
)
def test_score_bad_input_exits_2(tmp_path: Path, kind: str, content: Any, words: str) -> None:
    f = write(tmp_path, "bad.json", content)
    result = runner.invoke(app, ["score", kind, "--answers", str(f)])
    assert result.exit_code == 2
    assert words in one_error_line(result.output)


def test_score_unknown_questionnaire_exits_2() -> None:
    assert runner.invoke(app, ["score", "sf36"]).exit_code == 2


# -------------------------------------------------------------------------------- plan


def test_plan_json(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["plan", "--answers", str(write(tmp_path, "p.json", PLAN)), "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["self_care"] is True and out["pathway"] == "high"
    assert out["current_phase"] == "days_3_to_14"
    recommended = {i["medicine"] for p in out["phases"] for i in p["items"] if i["medicine"]}
    assert "ibuprofen" not in recommended
    assert {"ibuprofen", "naproxen"} <= {x["id"] for x in out["not_for_you"]}


def test_plan_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "--answers", str(write(tmp_path, "p.json", PLAN))])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "psychologically informed physiotherapy" in text
    assert "Not for you" in text and "When to get help" in text
    assert "Days 3 to 14 ← you are here" in text


def test_plan_emergency_shows_only_the_action(tmp_path: Path) -> None:
    raw = {**PLAN, "findings": {"saddle_numbness": True}}
    result = runner.invoke(app, ["plan", "--answers", str(write(tmp_path, "e.json", raw))])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "No self-care plan is shown" in text
    assert "Keep moving" not in text and "Heat" not in text and "Ibuprofen" not in text
    first_lines = result.output.splitlines()[:4]
    assert any("EMERGENCY" in line.upper() or "999" in line for line in first_lines)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ({**PLAN, "context": {"kidneys": True}}, "'kidneys'"),
        ([1, 2, 3], "JSON object"),
        ("nope", "not valid JSON"),
    ],
)
def test_plan_bad_input_exits_2(tmp_path: Path, content: Any, words: str) -> None:
    f = write(tmp_path, "bad.json", content)
    result = runner.invoke(app, ["plan", "--answers", str(f)])
    assert result.exit_code == 2
    assert words in one_error_line(result.output)


def test_plan_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "--answers", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "does not exist" in one_error_line(result.output)


# ----------------------------------------------------------------------------- stretch


def test_stretch_lists_library_and_routines() -> None:
    result = runner.invoke(app, ["stretch"])
    assert result.exit_code == 0, result.output
    assert "Seated twist" in result.output and "Child's pose" in result.output
    assert "recovery" in result.output


class FakeClock:
    """Counts the seconds the player waits; can raise Ctrl-C after a number of them."""

    def __init__(self, interrupt_after: int | None = None) -> None:
        self.waited = 0.0
        self.interrupt_after = interrupt_after

    def __call__(self, seconds: float) -> None:
        if self.interrupt_after is not None and self.waited >= self.interrupt_after:
            raise KeyboardInterrupt
        self.waited += seconds


def test_stretch_runs_a_whole_session(monkeypatch: pytest.MonkeyPatch) -> None:
    from backspasm.care.session import plan_session, total_seconds
    from backspasm.knowledge.care import default_care_knowledge

    clock = FakeClock()
    monkeypatch.setattr(care_cli, "SLEEP", clock)
    result = runner.invoke(app, ["stretch", "Child's pose"])
    assert result.exit_code == 0, result.output
    assert "Session complete" in result.output
    assert "HOLD" in result.output and "Child's pose" in result.output
    expected = total_seconds(plan_session([default_care_knowledge().exercises["childs_pose"]]))
    assert clock.waited == expected


def test_stretch_ctrl_c_ends_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(interrupt_after=7)
    monkeypatch.setattr(care_cli, "SLEEP", clock)
    result = runner.invoke(app, ["stretch", "recovery"])
    assert result.exit_code == care_cli.INTERRUPTED == 130
    assert "Session stopped" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert clock.waited == 7


def test_stretch_dry_run_lists_steps() -> None:
    result = runner.invoke(app, ["stretch", "seated-twist", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.count("hold") == 4 and "2:05" in result.output


def test_stretch_unknown_name_exits_2() -> None:
    result = runner.invoke(app, ["stretch", "handstand"])
    assert result.exit_code == 2
    assert "'handstand' is not an exercise or routine" in one_error_line(result.output)
