"""An export file's text to the raw bundle: JSON or CSV, and one sentence when it cannot be."""

from __future__ import annotations

import json

import pytest

from backspasm.core.diary import CheckIn, DiaryError, Episode, parse_bundle
from backspasm.core.diary_csv import to_csv
from backspasm.core.diary_file import (
    DiaryFileError,
    DiaryFileTooLarge,
    file_format,
    megabytes,
    raw_bundle,
    raw_bundle_bytes,
    read_bundle,
    read_bundle_bytes,
)
from backspasm.knowledge import Knowledge

EPISODES = [Episode.model_validate({"started": "2026-01-01", "ended": "2026-01-05",
                                    "worst_pain": 7, "triggers": ["lifting"]})]
CHECKINS = [CheckIn.model_validate({"day": "2026-01-02", "pain": 6, "sleep_hours": 5.5,
                                    "medicines": ["ibuprofen"], "red_flags": ["fever"]}),
            CheckIn.model_validate({"day": "2026-01-03", "pain": 4, "notes": "a, b; c"})]
DOCUMENT = {"format": "backspasm-diary", "version": 1,
            "episodes": [e.model_dump(mode="json") for e in EPISODES],
            "checkins": [c.model_dump(mode="json") for c in CHECKINS]}


@pytest.mark.parametrize(("text", "filename", "expected"), [
    ('{"checkins": []}', "", "json"),
    ("  \n[1, 2]", "", "json"),
    ("\ufeff{}", "", "json"),
    ("record,date,pain\n", "", "csv"),
    ("record,date,pain\n", "diary.CSV", "csv"),
    ('{"checkins": []}', "diary.csv", "csv"),
    ("record,date,pain\n", "diary.json", "json"),
    ("anything", "notes.txt", "csv"),
])
def test_format_by_extension_then_by_the_first_character(text: str, filename: str,
                                                         expected: str) -> None:
    assert file_format(text, filename) == expected


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_both_exports_read_back_to_the_same_records(knowledge: Knowledge, fmt: str) -> None:
    text = json.dumps(DOCUMENT) if fmt == "json" else to_csv(EPISODES, CHECKINS)
    for data in (text, "\ufeff" + text):  # a byte-order mark (spreadsheet programs) is fine
        bundle = parse_bundle(raw_bundle(data, filename=f"x.{fmt}"), knowledge)
        assert list(bundle.episodes) == EPISODES
        assert list(bundle.checkins) == CHECKINS
        again = parse_bundle(raw_bundle_bytes(data.encode(), limit=10_000), knowledge)
        assert again == bundle


@pytest.mark.parametrize(("text", "filename", "fmt", "words"), [
    ("", "", None, "the file is empty"),
    (" \n\t", "x.json", None, "the file is empty"),
    ("{nope", "", None, "the file is not valid JSON (Expecting property name"),
    ("record,date,pain\n", "", "json", "the file is not valid JSON (Expecting value at line 1)"),
    ("hello world", "", None, "neither JSON nor a diary CSV file (the CSV file has no 'record'"),
    ("record,date,pain,notes\ncheckin,2026-01-01,3," + "x" * 200_000, "x.csv", None,
     "is not a diary CSV file (field larger than field limit"),
    ("[" * 100_000 + "]" * 100_000, "", None, "nested too deeply"),
])
def test_an_unreadable_file_is_one_sentence(text: str, filename: str, fmt: str | None,
                                            words: str) -> None:
    with pytest.raises(DiaryFileError) as caught:
        raw_bundle(text, filename=filename, fmt=fmt)  # type: ignore[arg-type]
    message = str(caught.value)
    assert words in message
    assert message.endswith(".") and "\n" not in message


def test_an_entry_problem_in_a_csv_file_is_named_and_not_a_file_error() -> None:
    with pytest.raises(DiaryError) as caught:
        raw_bundle("record,date,pain\nmood,2026-01-01,3\n", filename="x.csv")
    assert not isinstance(caught.value, DiaryFileError)
    assert str(caught.value).startswith("CSV line 2: record must be")


def test_the_source_names_the_input() -> None:
    with pytest.raises(DiaryFileError, match=r"^the request body is not valid JSON"):
        raw_bundle("{", source="the request body")


def test_bytes_are_checked_for_size_and_utf8_first() -> None:
    with pytest.raises(DiaryFileTooLarge, match="larger than 2 kB, the most the diary imports"):
        raw_bundle_bytes(b"{" * 2001, limit=2000)
    assert raw_bundle_bytes(b'{"checkins": []}', limit=16) == {"checkins": []}
    with pytest.raises(DiaryFileError, match="is not UTF-8 text"):
        raw_bundle_bytes(b"\x89PNG\r\n\x1a\n\xff", filename="x.png")


@pytest.mark.parametrize(("size", "words"), [
    (5_000_000, "5 MB"), (2_500_000, "2.5 MB"), (1_000_000, "1 MB"), (2000, "2 kB"),
    (10, "1 kB"),
])
def test_megabytes(size: int, words: str) -> None:
    assert megabytes(size) == words


CSV_BAD = "record,date,pain,red_flags,triggers\n" \
    "episode,2026-01-01,7,,lifting\n" \
    "checkin,2026-01-02,6,,\n" \
    "episode,2026-02-01,5,,\n" \
    "checkin,2026-01-03,{pain},{flag},\n"


@pytest.mark.parametrize(("pain", "flag", "words"), [
    ("11", "", "CSV line 5: pain must be a whole number from 0 to 10, not '11'."),
    ("4", "green_toes", "CSV line 5: 'green_toes' is not a known danger sign"),
])
def test_a_csv_entry_problem_names_its_line(knowledge: Knowledge, pain: str, flag: str,
                                            words: str) -> None:
    with pytest.raises(DiaryError) as caught:
        read_bundle(CSV_BAD.format(pain=pain, flag=flag), knowledge, filename="d.csv")
    assert str(caught.value).startswith(words)


def test_a_csv_episode_problem_names_its_line(knowledge: Knowledge) -> None:
    text = CSV_BAD.format(pain="4", flag="").replace("2026-02-01,5", "2026-02-01,55")
    with pytest.raises(DiaryError, match=r"^CSV line 4: worst_pain must be"):
        read_bundle(text, knowledge, filename="d.csv")


def test_a_json_entry_problem_keeps_its_place_in_the_list(knowledge: Knowledge) -> None:
    bad = {"checkins": [{"day": "2026-01-02", "pain": 3}, {"day": "2026-01-03", "pain": 11}]}
    with pytest.raises(DiaryError, match=r"^checkins entry 2: pain must be"):
        read_bundle_bytes(json.dumps(bad).encode(), knowledge, limit=1000)
    good = read_bundle_bytes(CSV_BAD.format(pain="4", flag="fever").encode(), knowledge,
                             filename="d.csv")
    assert [c.red_flags for c in good.checkins] == [(), ("fever",)]
    assert len(good.episodes) == 2
