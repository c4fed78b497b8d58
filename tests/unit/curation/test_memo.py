"""Results kept per fingerprint of the tables are never stale: any edit, in memory or on disk, is seen."""

from __future__ import annotations

import dataclasses

from conftest import edit_row, read_csv
from reportlib import load_all
from reportlib.analysis import claims
from reportlib.curation.memo import per_fingerprint


def test_two_loads_of_one_data_folder_have_one_fingerprint(data_copy):
    assert load_all(data_copy).fingerprint() == load_all(data_copy).fingerprint()


def test_an_edit_in_memory_changes_the_fingerprint(data_copy):
    tables = load_all(data_copy)
    before = tables.fingerprint()
    edited = tables.figures.copy()
    edited.loc[0, "value_norm"] = edited.loc[0, "value_norm"] + 1
    assert dataclasses.replace(tables, figures=edited).fingerprint() != before
    tables.figures.loc[0, "quote"] = "改"  # in place, on the very frame the tables hold
    assert tables.fingerprint() != before


def test_an_edit_of_a_file_the_loader_does_not_read_changes_the_fingerprint(data_copy):
    tables = load_all(data_copy)
    before = tables.fingerprint()
    with open(data_copy / "vocab" / "palette.csv", "a", encoding="utf-8") as f:
        f.write("#123456\n")
    assert tables.fingerprint() != before


def test_a_kept_result_is_computed_once_and_each_caller_gets_a_copy(data_copy):
    calls = []

    @per_fingerprint(keep=2, copy=list)
    def ids(tables, first=1):
        calls.append(first)
        return list(tables.figures["id"].astype(str))[:first]

    tables = load_all(data_copy)
    mine = ids(tables)
    mine.append("mine")
    assert ids(load_all(data_copy), first=1) == ids(tables, 1) == [read_csv(data_copy / "figures.csv")[0]["id"]]
    assert calls == [1]  # by position, by name or by default: one argument, one computation
    ids(tables, 2)
    assert calls == [1, 2]


def test_claims_follow_an_edited_judgement_call(data_copy):
    """The claims read data/judgement_calls.csv when built: a new wording there must reach what
    the claims that name the call say."""
    tables = load_all(data_copy)
    calls = read_csv(data_copy / "judgement_calls.csv")
    index = next(i for i, c in enumerate(calls) if [o["words"] for o in calls].count(c["words"]) == 1)
    call = calls[index]  # a call worded like no other
    naming = [c.key for c in claims.build(tables) if call["id"] in c.judgement_calls]
    assert naming and all(call["words"] in c.said for c in claims.build(tables) if c.key in naming)
    edit_row(data_copy / "judgement_calls.csv", index, words="A reworded judgement call")
    after = {c.key: c.said for c in claims.build(load_all(data_copy))}
    assert all("A reworded judgement call" in after[key] and call["words"] not in after[key] for key in naming)
