"""The rule files: validated as data, with errors that name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from backspasm.intake.pipeline import compile_phrase
from backspasm.intake.rules import INTAKE_DIR, check_against, load_rules
from backspasm.knowledge import Knowledge, KnowledgeError


def test_the_shipped_rules_name_only_known_findings(knowledge: Knowledge) -> None:
    rules = load_rules()
    assert check_against(rules, set(knowledge.findings)) == []
    assert len(rules.context.modifiers) >= 10
    assert sum(len(v) for v in rules.targets.findings.values()) >= 300


def test_every_finding_has_lay_vocabulary(knowledge: Knowledge) -> None:
    rules = load_rules()
    for fid, finding in knowledge.findings.items():
        assert finding.lay_phrases or rules.targets.findings.get(fid), fid


def _copy(tmp_path: Path, targets: str | None = None, context: str | None = None) -> Path:
    for name, text in (("targets.yaml", targets), ("context.yaml", context)):
        source = (INTAKE_DIR / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text if text is not None else source, encoding="utf-8")
    return tmp_path


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=r"targets.yaml: field 'colour'"):
        load_rules(_copy(tmp_path, targets="back_words: [back]\ncolour: red\n"))


def test_an_unknown_modifier_category_is_named(tmp_path: Path) -> None:
    bad = "modifiers:\n  - {category: MAYBE, direction: FORWARD, phrases: [perhaps]}\n"
    with pytest.raises(KnowledgeError, match="unknown modifier category 'MAYBE'"):
        load_rules(_copy(tmp_path, context=bad))


def test_a_broken_yaml_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=r"context\.yaml"):
        load_rules(_copy(tmp_path, context="modifiers: [\n"))


def test_unknown_finding_ids_are_listed(knowledge: Knowledge, tmp_path: Path) -> None:
    rules = load_rules(_copy(tmp_path, targets="back_words: [back]\nfindings: {nosuch: [x]}\n"))
    assert check_against(rules, set(knowledge.findings)) == ["nosuch"]


class _Tok:
    def __init__(self, text: str) -> None:
        self.norm_ = text.lower()


def _tokenizer(text: str) -> list[_Tok]:
    return [_Tok(w) for w in text.split()]


def test_pattern_language() -> None:
    assert compile_phrase("numb|tingly bum", _tokenizer) == [
        [{"NORM": {"IN": ["numb", "tingly"]}}, {"NORM": "bum"}]
    ]
    assert compile_phrase("my? back", _tokenizer) == [[{"NORM": "my", "OP": "?"}, {"NORM": "back"}]]
    star = compile_phrase("pain *2 leg", _tokenizer)[0][1]
    assert star["OP"] == "{0,2}" and "not" in star["NORM"]["NOT_IN"]
    assert compile_phrase("(can not|unable to) pee", _tokenizer) == [
        [{"NORM": "can"}, {"NORM": "not"}, {"NORM": "pee"}],
        [{"NORM": "unable"}, {"NORM": "to"}, {"NORM": "pee"}],
    ]
    assert compile_phrase("(a|b) c", _tokenizer) == [[{"NORM": {"IN": ["a", "b"]}}, {"NORM": "c"}]]
    assert compile_phrase("numb~", _tokenizer) == [[{"NORM": {"REGEX": "^numb"}}]]
    assert compile_phrase("^he|she", _tokenizer) == [
        [{"NORM": {"IN": ["he", "she"]}, "IS_SENT_START": True}]
    ]
    assert compile_phrase("# degrees", _tokenizer)[0][0] == {"LIKE_NUM": True}


def test_every_compiled_pattern_passes_spacys_schema(knowledge: Knowledge) -> None:
    """The pipeline skips spaCy's pattern check for speed, so it is done here instead."""
    from backspasm.intake.pipeline import all_patterns, get_pipeline

    nlp = get_pipeline(knowledge).nlp  # imports spaCy quietly first
    from spacy.schemas import validate_token_pattern

    patterns = all_patterns(knowledge, load_rules(), nlp.tokenizer)
    assert len(patterns) > 1000
    problems = [(p, e) for p in patterns if (e := validate_token_pattern(p))]
    assert problems == []
