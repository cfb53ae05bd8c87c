"""Every LOINC code comes from one table (``care/instruments.yaml``), and every place that
names a questionnaire's total uses the code of the total score, never the panel code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import backspasm
from backspasm.care.instruments import parse_score
from backspasm.care.models import CareKnowledge
from backspasm.cli import app

SRC = Path(backspasm.__file__).parent
#: A LOINC code (nnnnn-n) or LOINC answer code (LAnnnn-n), as it would appear in source.
CODE = re.compile(r"(?<![\w.-])(?:LA)?\d{4,7}-\d(?![\w-])")

EXAMPLES = {
    "startback": {"items": ["agree"] * 4 + ["disagree"] * 4 + ["slightly"]},
    "odi": {"sections": [1, 2, 1, 2, 1, 2, 1, 2, 1, 2]},
    "rmdq": {"ticked": [1, 2, 3]},
    "pain": {"score": 6},
}


def test_no_loinc_code_is_written_anywhere_but_the_instrument_table() -> None:
    table = SRC / "knowledge" / "data" / "care" / "instruments.yaml"
    found = []
    for path in SRC.rglob("*"):
        if path.suffix not in {".py", ".html", ".yaml", ".yml", ".css"} or path == table:
            continue
        if path.name.startswith("sources"):  # citations: page ranges and ISBNs look alike
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            # dates like 2026-03-01 do not match: the pattern wants 4-7 digits, a dash, 1 digit
            found += [f"{path.relative_to(SRC)}:{n}: {m}" for m in CODE.findall(line)]
    assert found == []
    assert CODE.findall(table.read_text(encoding="utf-8"))  # the table itself has them


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_a_score_carries_the_code_of_its_total(care: CareKnowledge, kind: str) -> None:
    ins = care.instruments[kind]
    result = parse_score(kind, EXAMPLES[kind], care)
    assert result.loinc == ins.loinc_score
    assert result.loinc_panel == ins.loinc_panel
    if ins.loinc_panel is not None:
        assert result.loinc != ins.loinc_panel


@pytest.mark.parametrize("kind", ["startback", "odi"])
def test_backspasm_score_prints_the_total_score_code(tmp_path: Path, care: CareKnowledge,
                                                     kind: str) -> None:
    ins = care.instruments[kind]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(EXAMPLES[kind]), encoding="utf-8")
    result = CliRunner().invoke(app, ["score", kind, "--answers", str(f)])
    assert result.exit_code == 0, result.output
    assert f"LOINC {ins.loinc_score}" in result.stdout
    assert str(ins.loinc_panel) not in result.stdout
    result = CliRunner().invoke(app, ["score", kind, "--answers", str(f), "--json"])
    assert json.loads(result.stdout)["loinc"] == ins.loinc_score
