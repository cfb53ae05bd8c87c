"""Every worked example in rules.yaml, as one parametrized test (CertLogic style)."""

from __future__ import annotations

import pytest

from backspasm.core.answers import parse_answers
from backspasm.core.patterns import matches
from backspasm.core.triage import triage
from backspasm.knowledge import Knowledge, default_knowledge

CASES = [
    pytest.param(rule.id, index, id=f"{rule.id}-{index}")
    for rule in default_knowledge().rules
    for index in range(len(rule.examples))
]


@pytest.mark.parametrize(("rule_id", "index"), CASES)
def test_rule_example(knowledge: Knowledge, rule_id: str, index: int) -> None:
    rule = next(r for r in knowledge.rules if r.id == rule_id)
    example = rule.examples[index]
    answers = parse_answers(example.answers, knowledge)
    assert matches(rule.when, answers) is example.fires
    if example.fires:
        assert triage(knowledge, answers).rank >= rule.disposition.rank
