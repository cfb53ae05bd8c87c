"""The loader refuses broken knowledge with an error naming file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from backspasm.knowledge import Knowledge, KnowledgeError, load_knowledge
from backspasm.knowledge.loader import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, fn) -> None:  # type: ignore[no-untyped-def]
    entries = yaml.safe_load(path.read_text())
    fn(entries)
    path.write_text(yaml.safe_dump(entries, sort_keys=False))


def _entry(entries: list[dict], ident: str) -> dict:  # type: ignore[type-arg]
    return next(e for e in entries if e["id"] == ident)


def test_shipped_knowledge_loads(knowledge: Knowledge) -> None:
    assert len(knowledge.findings) >= 46
    assert len(knowledge.version) == 12
    assert {d.value for d in knowledge.dispositions} == {
        "emergency",
        "urgent",
        "routine",
        "self_care",
    }


def test_bad_field_names_file_entry_and_field(data_copy: Path) -> None:
    _edit(data_copy / "conditions.yaml", lambda e: _entry(e, "kidney_stone").update(prior=1.5))
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(data_copy)
    message = str(err.value)
    assert "conditions.yaml" in message
    assert "kidney_stone" in message
    assert "prior" in message


def test_unknown_key_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "rules.yaml", lambda e: _entry(e, "chest_pain").update(dispositon="urgent"))
    with pytest.raises(
        KnowledgeError, match=r"rules\.yaml: entry 'chest_pain': field 'dispositon'"
    ):
        load_knowledge(data_copy)


def test_unknown_finding_in_rule_is_refused(data_copy: Path) -> None:
    _edit(
        data_copy / "rules.yaml",
        lambda e: _entry(e, "chest_pain")["when"].update(all=["chest_pian"]),
    )
    with pytest.raises(KnowledgeError, match="unknown finding 'chest_pian'"):
        load_knowledge(data_copy)


def test_unknown_source_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "conditions.yaml", lambda e: _entry(e, "doms").update(sources=["nowhere"]))
    with pytest.raises(
        KnowledgeError, match=r"conditions\.yaml: entry 'doms'.*unknown source 'nowhere'"
    ):
        load_knowledge(data_copy)


def test_rule_without_source_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "rules.yaml", lambda e: _entry(e, "collapse").update(sources=[]))
    with pytest.raises(KnowledgeError, match="entry 'collapse': field 'sources'"):
        load_knowledge(data_copy)


def test_duplicate_id_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "findings.yaml", lambda e: e.append(dict(e[0])))
    with pytest.raises(KnowledgeError, match="used twice"):
        load_knowledge(data_copy)


def test_invalid_yaml_names_the_line(data_copy: Path) -> None:
    (data_copy / "rules.yaml").write_text("- id: x\n  when: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"rules\.yaml: is not valid YAML at line"):
        load_knowledge(data_copy)


def test_source_needs_doi_or_url(data_copy: Path) -> None:
    def strip(entries: list[dict]) -> None:  # type: ignore[type-arg]
        entry = _entry(entries, "acp_2017")
        entry.pop("doi")

    _edit(data_copy / "sources.yaml", strip)
    with pytest.raises(KnowledgeError, match=r"entry 'acp_2017'.*doi or a url"):
        load_knowledge(data_copy)


def test_version_changes_with_content(data_copy: Path, knowledge: Knowledge) -> None:
    assert load_knowledge(data_copy).version == knowledge.version
    _edit(data_copy / "conditions.yaml", lambda e: _entry(e, "doms").update(prior=0.05))
    assert load_knowledge(data_copy).version != knowledge.version


def test_every_rule_and_condition_cites_a_known_source(knowledge: Knowledge) -> None:
    for rule in knowledge.rules:
        assert rule.sources and all(s in knowledge.sources for s in rule.sources)
    for condition in knowledge.conditions.values():
        assert condition.sources and all(s in knowledge.sources for s in condition.sources)


REQUIRED_FINDINGS = """saddle_numbness urinary_retention new_bladder_incontinence
new_bowel_incontinence both_legs_symptoms leg_weakness major_trauma minor_trauma chest_pain
short_of_breath sweating_clammy nausea_or_vomiting fainting pulsating_abdominal_mass
sudden_severe_tearing_pain confusion fever weight_loss cancer_history night_pain iv_drug_use
immunosuppressed recent_spinal_procedure osteoporosis long_term_steroids blood_in_urine
painful_urination pain_in_waves pain_to_groin jaundice right_upper_abdominal_pain
after_fatty_meal band_rash paracetamol_overuse pregnancy leg_pain_below_knee
worse_cough_sneeze morning_stiffness_long better_with_exercise walking_brings_leg_pain
locked_cannot_straighten lifting_or_bending_onset unaccustomed_exercise dehydration_or_heat
stress_related pain_with_breathing""".split()

REQUIRED_CONDITIONS = """muscle_strain facet_joint_lock muscle_cramp doms sciatica
spinal_stenosis degenerative_spine axial_spondyloarthritis cauda_equina_syndrome
spinal_cord_compression vertebral_fracture spinal_infection spinal_malignancy kidney_stone
kidney_infection gallbladder_disease heart_attack aortic_emergency""".split()


def test_required_ids_exist(knowledge: Knowledge) -> None:
    assert set(REQUIRED_FINDINGS) <= set(knowledge.findings)
    assert set(REQUIRED_CONDITIONS) <= set(knowledge.conditions)


def test_every_finding_used_somewhere(knowledge: Knowledge) -> None:
    """A finding nobody reads would be a question asked for nothing."""
    used: set[str] = set()
    for rule in knowledge.rules:
        used |= rule.when.finding_ids()
    for condition in knowledge.conditions.values():
        used |= set(condition.likelihood_ratios)
    unused = set(knowledge.findings) - used
    assert not unused, f"findings used by no rule or condition: {sorted(unused)}"


def test_red_flags_can_raise_urgency(knowledge: Knowledge) -> None:
    """Each red flag appears in the pattern of at least one urgent or emergency rule."""
    urgent_inputs: set[str] = set()
    for rule in knowledge.rules:
        if rule.disposition.rank >= 2:
            urgent_inputs |= rule.when.positive_finding_ids()
    lonely = [f.id for f in knowledge.red_flags if f.id not in urgent_inputs]
    assert not lonely, f"red flags that no urgent/emergency rule looks at: {lonely}"
