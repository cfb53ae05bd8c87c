"""The care knowledge files: completeness, licences, and errors that name file/entry/field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backspasm.care.models import CareKnowledge, Phase
from backspasm.knowledge import Knowledge, KnowledgeError
from backspasm.knowledge.care import CARE_DIR, load_care_knowledge


def test_exercise_library(care: CareKnowledge) -> None:
    assert len(care.exercises) >= 15
    assert {"seated_twist", "childs_pose"} <= set(care.exercises)
    twist = care.exercises["seated_twist"]
    assert 20 <= twist.hold_seconds <= 30 and twist.each_side
    for ex in care.exercises.values():
        assert len(ex.steps) >= 2 and ex.feel and ex.stop_if and ex.regions and ex.phases
    covered = {p for ex in care.exercises.values() for p in ex.phases}
    assert covered == set(Phase)
    for routine in care.routines.values():
        for eid in routine.exercises:
            assert set(routine.phases) & set(care.exercises[eid].phases), (routine.id, eid)


def test_instruments_codes_and_licences(care: CareKnowledge) -> None:
    ins = care.instruments
    # panels (the questionnaire as a whole) and total scores have different LOINC codes
    assert (ins["startback"].loinc_panel, ins["startback"].loinc_score) == ("91349-1", "91351-7")
    assert (ins["odi"].loinc_panel, ins["odi"].loinc_score) == ("97908-8", "97909-6")
    # the pain rating is a single observation code, not a panel
    assert (ins["pain"].loinc_panel, ins["pain"].loinc_score) == (None, "72514-3")
    # not confirmed: left empty rather than invented
    assert (ins["rmdq"].loinc_panel, ins["rmdq"].loinc_score) == (None, None)
    assert ins["startback"].loinc_answers == {
        "risk": {"low": "LA9194-7", "medium": "LA8982-6", "high": "LA9193-9"}}
    # STarT Back wording ships with its notice; Oswestry and Roland-Morris wording does not.
    assert all(i.text for i in ins["startback"].items)
    assert ins["startback"].copyright and "Keele" in ins["startback"].copyright
    for kind in ("odi", "rmdq"):
        assert not ins[kind].wording_shipped
        assert all(i.text is None for i in ins[kind].items)
    assert [i.number for i in ins["startback"].items if i.distress] == [5, 6, 7, 8, 9]
    assert {k: v.mic.points for k, v in ins.items() if v.mic} == {"odi": 10, "rmdq": 5, "pain": 2}


def copy_care(tmp_path: Path) -> Path:
    target = tmp_path / "care"
    shutil.copytree(CARE_DIR, target)
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "medicines.yaml",
            "- {when: pregnancy, effect: avoid",
            "- {when: pregnant, effect: avoid",
            "medicines.yaml: entry 'ibuprofen': field 'rules.0.when': "
            "unknown context item 'pregnant'",
        ),
        (
            "recommendations.yaml",
            "sources: [dahm_2010_bed_rest, nice_ng59]",
            "sources: [dahm_2010_bed_rest, no_such_source]",
            "recommendations.yaml: entry 'stay_active': field 'sources': unknown source",
        ),
        (
            "routines.yaml",
            "exercises: [rest_position,",
            "exercises: [rest_pose,",
            "routines.yaml: entry 'early': field 'exercises': unknown exercise 'rest_pose'",
        ),
        (
            "recommendations.yaml",
            "  evidence: moderate\n  sources: [dahm_2010_bed_rest, nice_ng59]",
            "  evidence: strong\n  sources: [dahm_2010_bed_rest, nice_ng59]",
            "recommendations.yaml: entry 'stay_active': field 'evidence'",
        ),
    ],
)
def test_broken_files_name_file_entry_and_field(
    knowledge: Knowledge, tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = copy_care(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_care_knowledge(knowledge.sources, folder, knowledge.findings)
    assert message in str(err.value)


def test_shipped_wording_needs_a_notice(knowledge: Knowledge, tmp_path: Path) -> None:
    folder = copy_care(tmp_path)
    path = folder / "instruments.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'copyright: "© Keele University 01/08/07. Funded by Arthritis Research UK."',
            "copyright: null",
        ),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match=r"instruments\.yaml: entry 'startback'"):
        load_care_knowledge(knowledge.sources, folder, knowledge.findings)
