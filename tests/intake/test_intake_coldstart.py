"""The intake's faster cold start must not change what it reads.

Three ways to build the pipeline are compared in fresh processes on every labelled
complaint, team vignette and ask question: the plain way (spaCy and medspaCy imported in
full first, rules compiled, no disk cache), the fast way with an empty cache (imports
without spaCy's CLI and QuickUMLS, rules compiled and written to the cache) and the fast
way reading the cache (compiling is made to fail, so the cache must be used). All three
must give identical extractions and dispositions.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from backspasm.intake import cache
from backspasm.intake.pipeline import (
    CompiledRules,
    compile_rules,
    compiled_key,
    compiled_rules,
    get_pipeline,
)
from backspasm.intake.rules import IntakeRules, default_rules
from backspasm.knowledge import Knowledge

TESTS = Path(__file__).resolve().parents[1]
SRC = TESTS.parent / "src"

RUN = """
import json, sys
from pathlib import Path

mode, texts_file, cache_dir = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == "plain":
    import medspacy, spacy  # the ordinary imports, before the intake's own

from backspasm.intake import assess_text
from backspasm.intake import pipeline
from backspasm.knowledge import default_knowledge

if mode == "cached":
    def refuse(*args, **kwargs):
        raise AssertionError("compiled although the cache holds the rules")
    pipeline.compile_rules = refuse

knowledge = default_knowledge()
pipeline.get_pipeline(knowledge, use_cache=mode != "plain")
out = []
for text in json.loads(Path(texts_file).read_text(encoding="utf-8")):
    assessment, extraction = assess_text(text, knowledge)
    out.append([extraction.model_dump(mode="json"), assessment.disposition.value])
heavy = [m for m in ("nltk", "quickumls", "spacy.cli", "requests", "loguru", "PyRuSH")
         if m in sys.modules]
placeholders = [n for n, m in sys.modules.items() if m is not None
                and (m.__doc__ or "").startswith("Placeholder")]
print(json.dumps({"results": out, "heavy": heavy, "placeholders": placeholders}))
"""


def _texts(knowledge: Knowledge) -> list[str]:
    """The labelled texts, then every plain lay phrase in a denial and in family history."""
    texts = []
    for path in sorted((TESTS / "intake" / "data").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    vignettes = TESTS / "vignettes" / "team_vignettes.jsonl"
    texts += [json.loads(line)["text"] for line in vignettes.read_text().splitlines() if line]
    for name in ("questions.yaml", "questions_holdout.yaml"):
        data = yaml.safe_load((TESTS / "search" / name).read_text(encoding="utf-8"))
        texts += [q for q in _strings(data) if len(q.split()) > 2]
    for finding in knowledge.findings.values():
        for phrase in finding.lay_phrases:
            if re.fullmatch(r"[A-Za-z' ]+", phrase):
                texts += [f"No {phrase}. My back hurts", f"my dad had {phrase} but I haven't"]
    return list(dict.fromkeys(texts))


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def _start(mode: str, texts_file: Path, cache_dir: Path) -> subprocess.Popen[str]:
    strict = [] if mode == "plain" else ["-W", "error"]  # the fast path warns about nothing
    return subprocess.Popen(
        [sys.executable, *strict, "-c", RUN, mode, str(texts_file), str(cache_dir)],
        env={"PYTHONPATH": str(SRC), "BACKSPASM_CACHE_DIR": str(cache_dir), "PATH": ""},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(process: subprocess.Popen[str]) -> dict[str, list[object]]:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    result: dict[str, list[object]] = json.loads(out)
    return result


@pytest.mark.slow
def test_fast_and_cached_builds_read_every_text_like_the_plain_build(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    texts = _texts(knowledge)
    assert len(texts) > 1500
    texts_file = tmp_path / "texts.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    cache_dir = tmp_path / "cache"

    plain_cache = tmp_path / "plain-cache"
    plain_run = _start("plain", texts_file, plain_cache)  # side by side: 2 CPUs
    fresh = _result(_start("fresh", texts_file, cache_dir))
    assert len(list(cache_dir.glob("intake-*.json"))) == 1
    cached = _result(_start("cached", texts_file, cache_dir))
    plain = _result(plain_run)
    assert not plain_cache.exists()  # the plain build neither reads nor writes a cache

    assert {"nltk", "spacy.cli", "loguru"} <= set(plain["heavy"])  # the shortcut is real
    for run in (fresh, cached):
        assert run["heavy"] == [] and run["placeholders"] == []
        assert len(run["results"]) == len(texts)
        differ = [
            t for t, a, b in zip(texts, plain["results"], run["results"], strict=True) if a != b
        ]
        assert differ == []
    found = sum(bool(extraction["findings"]) for extraction, _ in plain["results"])  # type: ignore[index]
    assert found > 800  # the texts exercise the matchers, not just the checks


def _fresh_python(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a new interpreter that sees only this source tree."""
    return subprocess.run([sys.executable, "-c", script], env={"PYTHONPATH": str(SRC), "PATH": ""},
                          capture_output=True, text=True, check=False)


def test_spacy_and_quickumls_import_normally_after_the_shortcut() -> None:
    probe = """
import sys
from backspasm.intake.libraries import import_spacy
spacy = import_spacy()
for name in ("nltk", "quickumls", "spacy.cli", "PyRuSH", "loguru", "medspacy.components"):
    assert name not in sys.modules, name
assert spacy.Language.has_factory("medspacy_context")
assert not spacy.Language.has_factory("medspacy_quickumls")
import medspacy  # the whole package on first use
assert callable(medspacy.load) and medspacy.__version__
assert medspacy.context.ConText and "medspacy.components" in sys.modules
assert spacy.Language.has_factory("medspacy_quickumls")
import quickumls
assert hasattr(quickumls, "QuickUMLS")
assert callable(spacy.cli.download)  # read without importing it, as after `import spacy`
assert "spacy.cli" in sys.modules and spacy.cli is sys.modules["spacy.cli"]
assert spacy.info()["spacy_version"] == spacy.__version__
print("ok")
"""
    done = _fresh_python(probe)
    assert done.stdout.strip() == "ok", done.stderr[-3000:]


def test_when_the_short_way_fails_the_libraries_load_the_ordinary_way() -> None:
    """A later spaCy or medspaCy could break the shortcut: the intake must still work."""
    probe = """
import warnings
warnings.simplefilter("ignore")
from backspasm.intake import libraries
def broken():
    raise RuntimeError("medspaCy arranged differently")
libraries._bare_medspacy = broken
from backspasm.intake import extract
from backspasm.knowledge import default_knowledge
found = extract("I can't feel anything when I wipe and my back hurts", default_knowledge())
print(sorted(f.id for f in found.findings if f.status == "present"))
"""
    done = _fresh_python(probe)
    assert "saddle_numbness" in done.stdout, done.stderr[-3000:]


@pytest.fixture(scope="module")
def compiled(knowledge: Knowledge) -> CompiledRules:
    nlp = get_pipeline(knowledge).nlp
    return compile_rules(knowledge, default_rules(), nlp.tokenizer)


def test_compiled_rules_survive_the_json_round_trip(
    compiled: CompiledRules, tmp_path: Path
) -> None:
    assert compiled.targets and compiled.literals and compiled.modifiers
    assert cache.write(tmp_path, "k1", compiled.to_json())
    back = CompiledRules.from_json(
        cache.read(tmp_path, "k1"), len(default_rules().context.modifiers)
    )
    assert back == compiled


def test_a_damaged_or_foreign_cache_file_reads_as_nothing(
    compiled: CompiledRules, tmp_path: Path
) -> None:
    assert cache.write(tmp_path, "k1", compiled.to_json())
    path = cache.cache_path(tmp_path, "k1")
    good = path.read_bytes()
    assert cache.read(tmp_path, "k2") is None  # another key: no such file
    path.write_bytes(good[: len(good) // 2])  # cut short
    assert cache.read(tmp_path, "k1") is None
    path.write_bytes(good.replace(b'"NORM"', b'"LOWER"', 1))  # changed after writing
    assert cache.read(tmp_path, "k1") is None
    path.write_bytes(b"\xff\xfe not json\n{}")
    assert cache.read(tmp_path, "k1") is None
    head, _, body = good.partition(b"\n")
    path.write_bytes(head.replace(b'"k1"', b'"k0"') + b"\n" + body)  # renamed file
    assert cache.read(tmp_path, "k1") is None
    path.write_bytes(good)
    assert cache.read(tmp_path, "k1") == json.loads(good.partition(b"\n")[2])


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"targets": [], "literals": {}},
        {"targets": [["n", "fever"]], "literals": {}, "modifiers": []},
        {"targets": [], "literals": {"fever": [[]]}, "modifiers": []},
        {"targets": [], "literals": {"fever": [["hot", 3]]}, "modifiers": []},
        {"targets": [], "literals": {}, "modifiers": [["n", 999, []]]},
        {"targets": [], "literals": {}, "modifiers": [["n", "0", []]]},
        {"targets": [["n", "fever", ["NORM"]]], "literals": {}, "modifiers": []},
    ],
)
def test_compiled_rules_of_the_wrong_shape_are_refused(data: object) -> None:
    assert CompiledRules.from_json(data, modifiers=3) is None


def test_a_corrupt_cache_is_compiled_again_and_replaced(
    knowledge: Knowledge, compiled: CompiledRules, tmp_path: Path
) -> None:
    from spacy.about import __version__

    nlp = get_pipeline(knowledge).nlp
    rules = default_rules()
    key = compiled_key(knowledge, rules, __version__)
    path = cache.cache_path(tmp_path, key)
    tmp_path.joinpath("intake-oldversion.json").write_text("{}")
    assert compiled_rules(knowledge, rules, nlp, tmp_path) == compiled  # empty: compiles
    assert path.is_file() and not tmp_path.joinpath("intake-oldversion.json").exists()
    path.write_bytes(path.read_bytes()[:-10])
    assert compiled_rules(knowledge, rules, nlp, tmp_path) == compiled
    assert CompiledRules.from_json(cache.read(tmp_path, key), len(rules.context.modifiers))


def test_an_unusable_cache_folder_still_builds(
    knowledge: Knowledge, compiled: CompiledRules, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    nlp = get_pipeline(knowledge).nlp
    assert compiled_rules(knowledge, default_rules(), nlp, blocker / "sub") == compiled
    assert not cache.write(blocker / "sub", "k", {"a": 1})


def test_the_key_follows_every_input(knowledge: Knowledge) -> None:
    rules = default_rules()
    base = compiled_key(knowledge, rules, "3.7.5")
    assert compiled_key(knowledge, rules, "3.7.5") == base
    assert compiled_key(knowledge, rules, "3.8.0") != base
    spellings = {**rules.targets.spellings, "bakc": "back"}
    changed = IntakeRules(
        targets=rules.targets.model_copy(update={"spellings": spellings}), context=rules.context
    )
    assert compiled_key(knowledge, changed, "3.7.5") != base
    fid, finding = next((k, f) for k, f in knowledge.findings.items() if f.lay_phrases)
    other = finding.model_copy(update={"lay_phrases": [*finding.lay_phrases, "new words"]})
    findings = {**knowledge.findings, fid: other}
    assert compiled_key(dataclasses.replace(knowledge, findings=findings), rules, "3.7.5") != base
