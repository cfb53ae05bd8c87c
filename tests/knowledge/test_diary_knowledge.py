"""The diary knowledge loads, cites known sources, and rejects broken files plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from backspasm.knowledge import Knowledge, KnowledgeError
from backspasm.knowledge.diary import COURSE_FILE, load_diary_knowledge


def test_shipped_diary_knowledge_cites_known_sources(knowledge: Knowledge) -> None:
    dk = load_diary_knowledge(knowledge=knowledge)
    assert dk.source_ids() <= set(knowledge.sources)
    for sid in ("henschke_2008", "pengel_2003", "morris_gardner_1988"):
        assert knowledge.sources[sid].doi
    points = dk.expected_course.points
    assert [(p.day, p.mean) for p in points] == [(0, 52), (42, 23), (182, 12), (364, 6)]
    assert all(p.low <= p.mean <= p.high for p in points)


def test_unknown_source_is_named(tmp_path: Path, knowledge: Knowledge) -> None:
    bad = tmp_path / "course.yaml"
    bad.write_text(COURSE_FILE.read_text().replace("source: costa_2012", "source: nobody_1999"))
    with pytest.raises(KnowledgeError, match="unknown source 'nobody_1999'"):
        load_diary_knowledge(bad, knowledge)


def test_a_factor_needs_one_test(tmp_path: Path, knowledge: Knowledge) -> None:
    bad = tmp_path / "course.yaml"
    bad.write_text(COURSE_FILE.read_text().replace("      below: 6\n", ""))
    with pytest.raises(KnowledgeError, match=r"field 'triggers\.factors\.0'"):
        load_diary_knowledge(bad, knowledge)
