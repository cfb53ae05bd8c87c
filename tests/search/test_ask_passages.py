from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from backspasm.knowledge import Knowledge, KnowledgeError
from backspasm.search.passages import PASSAGES_DIR, Passage, Topic, load_passages

GOOD = """
- id: sample
  title: A sample passage
  topic: causes
  text: >-
    This is a passage long enough to pass validation; it explains one thing in plain
    words and cites a source that exists.
  evidence: {level: low, statement: "Only an example, with no evidence behind it."}
  questions:
    - What is this?
    - Why is it here?
  sources: [nice_ng59]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_passages_load_and_cover_every_topic(knowledge: Knowledge) -> None:
    passages = load_passages(knowledge)
    assert len(passages) >= 40
    covered = {p.topic for p in passages}
    assert covered == set(typing.get_args(Topic))


def test_every_passage_cites_known_sources_and_states_evidence(knowledge: Knowledge) -> None:
    for p in load_passages(knowledge):
        assert p.sources, p.id
        assert all(s in knowledge.sources for s in p.sources), p.id
        assert p.evidence.statement.strip(), p.id


def test_issue_topics_have_a_passage(knowledge: Knowledge) -> None:
    """Each subject the issue lists is named in at least one passage title or text."""
    text = " ".join(f"{p.title} {p.text}".lower() for p in load_passages(knowledge))
    subjects = [
        "upper back", "middle back", "lower back", "x-ray", "heat", "ice", "rest",
        "position", "physiotherap", "massage", "manipulation", "dry needling", "injection",
        "surgery", "stretch", "core", "posture", "sitting", "lifting", "weight", "stress",
        "sleep", "magnesium", "emergency", "kidney", "how long", "comes back",
    ]
    missing = [s for s in subjects if s not in text]
    assert missing == []


def test_a_broken_passage_names_file_entry_and_field(knowledge: Knowledge, tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", GOOD.replace("topic: causes", "topic: astrology"))
    with pytest.raises(KnowledgeError, match=r"broken\.yaml: entry 'sample': field 'topic'"):
        load_passages(knowledge, tmp_path)


def test_an_unknown_source_is_refused(knowledge: Knowledge, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace("[nice_ng59]", "[nobody_2099]"))
    expected = r"a\.yaml: entry 'sample': field 'sources': unknown source 'nobody_2099'"
    with pytest.raises(KnowledgeError, match=expected):
        load_passages(knowledge, tmp_path)


def test_an_id_used_in_two_files_is_refused(knowledge: Knowledge, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    expected = r"b\.yaml: entry 'sample': another passage \(in a\.yaml\)"
    with pytest.raises(KnowledgeError, match=expected):
        load_passages(knowledge, tmp_path)


def test_missing_folder_and_bad_yaml_are_plain_errors(knowledge: Knowledge, tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="does not exist"):
        load_passages(knowledge, tmp_path / "nowhere")
    write(tmp_path, "bad.yaml", "- id: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"bad\.yaml: is not valid YAML"):
        load_passages(knowledge, tmp_path)


def test_a_valid_file_loads(knowledge: Knowledge, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    (passage,) = load_passages(knowledge, tmp_path)
    assert isinstance(passage, Passage)
    assert passage.questions == ["What is this?", "Why is it here?"]


def _seed_dir() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
        candidate = parent.parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def _shingles(text: str, n: int = 7) -> set[tuple[str, ...]]:
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def test_passages_do_not_copy_the_seed_pages(knowledge: Knowledge) -> None:
    seeds = _seed_dir()
    if seeds is None:
        pytest.skip("the seed pages are not beside this checkout")
    seed_shingles: set[tuple[str, ...]] = set()
    for path in seeds.glob("*.txt"):
        seed_shingles |= _shingles(path.read_text(encoding="utf-8", errors="replace"))
    copied = {
        p.id: sorted(" ".join(s) for s in _shingles(p.text) & seed_shingles)
        for p in load_passages(knowledge)
    }
    assert {k: v for k, v in copied.items() if v} == {}


def test_shipped_folder_is_inside_the_package() -> None:
    assert PASSAGES_DIR.is_dir()
    assert "knowledge" in PASSAGES_DIR.parts
