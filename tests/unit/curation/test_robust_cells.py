"""The check refuses exactly the text the outputs cannot carry, so `check` passing means `export` cannot fail.

The expectation is independent of the check: each candidate string is written by openpyxl (the
workbook) and python-pptx (the deck) and read back; a string that raises or comes back changed is
one an exporter rejects. The check must refuse those and, beyond them, only the characters its
docstring refuses on purpose (C1 controls and DEL, invisible in every viewer).
"""

from __future__ import annotations

import gc
import io
import sys
from contextlib import contextmanager

import openpyxl
import pytest
from pptx import Presentation

from conftest import edit_row, read_csv, write_csv
from reportlib.curation.cells import MAX_CELL_CHARS, cell_problem
from reportlib.curation.errors import DataError
from reportlib.curation.load import load_all

# Every control character, the surrogates' edges, the non-characters, and ordinary text for contrast.
CANDIDATES = ([chr(c) for c in range(0x00, 0xA1)]
              + ["\ud800", "\udbff", "\udc00", "\udfff", "\ufffd", "\ufffe", "\uffff", "\u2028", "\u200b",
                 "\ufeff", "亿", "😀", "_x000B_"])
ON_PURPOSE = {chr(c) for c in range(0x7F, 0xA0)}


def workbook_round_trip(texts: list[str]) -> list[str | None]:
    """Each text through an openpyxl cell, saved and read back: None where the cell refuses it; raises if
    the workbook cannot be saved."""
    book = openpyxl.Workbook()
    taken = []
    for text in texts:
        try:
            book.active.cell(row=len(taken) + 1, column=1, value=text)
        except Exception:
            taken.append(None)
            continue
        taken.append(len(taken) + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    return [None if row is None else sheet.cell(row=row, column=1).value for row in taken]


def deck_round_trip(texts: list[str]) -> list[str | None]:
    """Each text as a slide title and its notes through python-pptx, saved and read back: None where
    python-pptx refuses it or title and notes come back different; raises if the deck cannot be saved."""
    deck = Presentation()
    slides = []
    for text in texts:
        slide = deck.slides.add_slide(deck.slide_layouts[0])
        try:
            slide.shapes.title.text = text
            slide.notes_slide.notes_text_frame.text = text
        except Exception:
            slides.append(None)
            slide.shapes.title.text = slide.notes_slide.notes_text_frame.text = ""
            continue
        slides.append(deck.slides.index(slide))
    buffer = io.BytesIO()
    deck.save(buffer)
    back = Presentation(io.BytesIO(buffer.getvalue())).slides
    texts_back = []
    for index in slides:
        if index is None:
            texts_back.append(None)
            continue
        title, notes = back[index].shapes.title.text, back[index].notes_slide.notes_text_frame.text
        texts_back.append(title if title == notes else None)
    return texts_back


def kept(texts: list[str], round_trip) -> set[str]:
    """The texts that come back unchanged; a batch that cannot be written is split until the culprits are alone."""
    try:
        return {t for t, back in zip(texts, round_trip(texts)) if back == t}
    except Exception:
        pass
    if len(texts) == 1:
        return set()
    half = len(texts) // 2
    return kept(texts[:half], round_trip) | kept(texts[half:], round_trip)


@contextmanager
def quiet_failed_saves():
    """A failed save leaves a zip archive whose buffer is gone; collect those at the end, without their complaint."""
    gc.disable()
    try:
        yield
    finally:
        hook, sys.unraisablehook = sys.unraisablehook, lambda unraisable: None
        try:
            gc.collect()
        finally:
            sys.unraisablehook = hook
            gc.enable()


def exporters_keep(text: str) -> bool:
    with quiet_failed_saves():
        return bool(kept([text], workbook_round_trip) and kept([text], deck_round_trip))


def test_check_refuses_exactly_what_an_exporter_rejects():
    texts = [f"a{c}b" for c in CANDIDATES]
    with quiet_failed_saves():
        survive = kept(texts, workbook_round_trip) & kept(texts, deck_round_trip)
    rejected = {c for c, text in zip(CANDIDATES, texts) if text not in survive}
    refused = {c for c in CANDIDATES if cell_problem(f"a{c}b") is not None}
    assert rejected <= refused, f"the check lets through what an exporter rejects: {sorted(map(repr, rejected - refused))}"
    assert refused - rejected <= ON_PURPOSE, f"refused without need: {sorted(map(repr, refused - rejected - ON_PURPOSE))}"
    assert "\x0b" in rejected and "\t" not in refused and "\n" not in refused  # the sweep saw both sides


def test_the_length_limit_is_excels():
    longest = "亿" * MAX_CELL_CHARS
    assert exporters_keep(longest) and cell_problem(longest) is None
    with quiet_failed_saves():
        assert not kept([longest + "元"], workbook_round_trip)  # openpyxl silently cuts it
    assert "32,767" in cell_problem(longest + "元")


def test_a_control_character_in_a_cell_is_named_by_the_check(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    edit_row(data_copy / "figures.csv", 3, subject_en=rows[3]["subject_en"] + "\x0b")
    with pytest.raises(DataError) as info:
        load_all(data_copy)
    [problem] = info.value.problems
    assert (problem.file.endswith("figures.csv"), problem.row, problem.column) == (True, 5, "subject_en")
    assert "U+000B (a control character)" in problem.message and problem.value.endswith("\x0b")


def test_every_string_of_the_real_outputs_passes_and_survives(tables_for_export):
    from reportlib.report import workbook

    strings = {str(v) for sheet in workbook.sheets(tables_for_export) for v in sheet.frame.to_numpy().ravel()
               if isinstance(v, str)}
    assert strings and all(cell_problem(s) is None for s in strings)
    sample = sorted(strings, key=len)[-20:]  # the longest, quotes mostly
    with quiet_failed_saves():
        assert kept(sample, workbook_round_trip) == kept(sample, deck_round_trip) == set(sample)


@pytest.fixture(scope="module")
def tables_for_export():
    return load_all()


def test_text_the_check_accepts_goes_through_both_exporters(data_copy):
    """Tab, newline, emoji, a line separator and a cell of exactly Excel's limit: the check takes them,
    and the workbook and the deck are built with them, unchanged."""
    from reportlib.report import deck, workbook

    tricky = "tab\there\nnew line 😀 \u2028 \ufeff 亿元"
    rows = read_csv(data_copy / "figures.csv")
    rows[0]["subject_en"] = tricky
    rows[1]["note"] = "长" * MAX_CELL_CHARS
    write_csv(data_copy / "figures.csv", rows)
    tables = load_all(data_copy)
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.workbook_bytes(tables)))["figures"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("subject_en") + 1).value == tricky
    assert sheet.cell(row=3, column=header.index("note") + 1).value == "长" * MAX_CELL_CHARS
    slides = Presentation(io.BytesIO(deck.deck_bytes(tricky, tricky, tricky, []))).slides
    assert slides[0].notes_slide.notes_text_frame.text == tricky
