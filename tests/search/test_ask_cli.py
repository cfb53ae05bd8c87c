from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backspasm.cli import app
from backspasm.search.index import AskIndex

runner = CliRunner()


def test_json_answer_with_citations(ask_index: AskIndex, cache_dir: Path) -> None:
    result = runner.invoke(app, ["ask", "how long does a back spasm last", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["answered"] is True
    assert data["answer_from"] == ["how_long"]
    assert data["passages"][0]["citations"]
    assert data["triage"] is None


def test_red_flag_question_shows_triage_before_the_answer(
    ask_index: AskIndex, cache_dir: Path
) -> None:
    result = runner.invoke(app, ["ask", "my back hurts and I can't pee"])
    assert result.exit_code == 0, result.output
    assert "EMERGENCY" in result.output and "Answer" in result.output
    assert result.output.index("EMERGENCY") < result.output.index("Answer")
    data = json.loads(runner.invoke(app, ["ask", "my back hurts and I can't pee", "--json"]).output)
    assert data["triage"]["disposition"] == "emergency"


def test_out_of_scope_says_it_does_not_know(ask_index: AskIndex, cache_dir: Path) -> None:
    result = runner.invoke(app, ["ask", "recipe for chocolate cake"])
    assert result.exit_code == 0
    assert "I don't know" in result.output


def test_empty_or_huge_question_is_a_plain_error() -> None:
    empty = runner.invoke(app, ["ask", "   "])
    assert empty.exit_code == 2
    assert "the question is empty" in empty.output
    assert "Traceback" not in empty.output
    huge = runner.invoke(app, ["ask", "back " * 400])
    assert huge.exit_code == 2 and "longer than" in huge.output


def test_help_does_not_import_the_retrieval_libraries() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from backspasm.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0 and 'ask' in r.output\n"
        "heavy = ('onnxruntime', 'bm25s', 'tokenizers', 'numpy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_broken_triage_step_is_one_sentence(
    ask_index: AskIndex, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import ModuleType

    import backspasm.intake.prefilter as prefilter
    from backspasm.knowledge import KnowledgeError

    def assess_text(text: str, knowledge: object) -> None:
        raise KnowledgeError("language.yaml: cannot be read (No such file or directory).")

    fake = ModuleType("backspasm.intake")
    fake.assess_text = assess_text  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backspasm.intake", fake)
    # The pre-filter stays importable; the intake behind it is broken.
    monkeypatch.setitem(sys.modules, "backspasm.intake.prefilter", prefilter)
    # A question with a danger sign: the pre-filter sends it on to the (broken) intake.
    result = runner.invoke(app, ["ask", "my back hurts and I can't pee"])
    assert result.exit_code == 2
    assert "the knowledge base is broken: language.yaml" in result.output
    assert "Traceback" not in result.output


def test_json_puts_the_triage_first(ask_index: AskIndex, cache_dir: Path) -> None:
    result = runner.invoke(app, ["ask", "my back hurts and I can't pee", "--json"])
    assert next(iter(json.loads(result.output))) == "triage"


def test_a_missing_model_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from backspasm.search import embedder, index

    def missing() -> None:
        raise embedder.EmbedderUnavailable("the embedding model is not installed.")

    monkeypatch.setattr(index, "_DEFAULT", {})
    monkeypatch.setattr(embedder, "locate_model", missing)
    result = runner.invoke(app, ["ask", "how long does a back spasm last"])
    assert result.exit_code == 2
    assert "answers are unavailable because the embedding model is not installed" in result.output
    assert "Traceback" not in result.output
