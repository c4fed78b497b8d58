"""Places are data: names, levels, order and colours follow data/reports.csv and the vocabularies."""

from __future__ import annotations


import matplotlib.colors
import pytest

from conftest import read_csv, write_csv
from reportlib import load_all
from reportlib.curation import places
from reportlib.report.charts.style import NOT_REPORTED


@pytest.fixture(scope="module")
def tables():
    return load_all()


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour, from the published formulas: a yardstick independent of the code."""
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in matplotlib.colors.to_rgb(hex_colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _distance(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def _with_reports(data_copy, n_extra: int, colour: str = ""):
    """Add n_extra copies of the first report under new ids (data only), with no colour of their own."""
    rows = read_csv(data_copy / "reports.csv")
    first = rows[0]
    for i in range(n_extra):
        rows.append({**first, "id": f"extra{i}", "name_en": f"Extra{i} Subdistrict", "name_zh": f"新{i}街道",
                     "colour": colour if i == 0 else ""})
    write_csv(data_copy / "reports.csv", rows)
    return load_all(data_copy)


def test_names_lose_their_level_word_from_the_vocabulary(tables):
    frame = places.places(tables)
    terms = tables.vocab.terms
    level_words = terms.loc[terms["vocabulary"] == "level", "label_en"].tolist()
    for row, report in zip(frame.itertuples(), tables.reports.itertuples()):
        ends_in_level = any(report.name_en.endswith(f" {word}") for word in level_words)
        if ends_in_level:
            assert report.name_en.startswith(row.place) and report.name_en != row.place
            assert report.name_en[len(row.place):].strip() in level_words
        else:  # a name given without its level word stays whole
            assert row.place == report.name_en
        assert row.label == f"{row.place} {row.place_zh}"
    assert any(any(r.endswith(f" {w}") for w in level_words) for r in tables.reports["name_en"]), \
        "the project's names carry their level word"


def test_explicit_colours_are_kept_and_the_rest_come_from_the_palette_in_order(data_copy):
    tables = _with_reports(data_copy, 3)
    given = {r["id"]: r["colour"] for r in read_csv(data_copy / "reports.csv") if r["colour"]}
    palette = [r["colour"].upper() for r in read_csv(data_copy / "vocab" / "palette.csv")]
    colours = places.colours(tables)
    for report, colour in given.items():
        assert colours[report] == colour.upper()
    free = [c for c in palette if c not in {c.upper() for c in given.values()}]
    uncoloured = [r["id"] for r in read_csv(data_copy / "reports.csv") if not r["colour"]]  # in report order
    assert [colours[r] for r in uncoloured] == free[:len(uncoloured)]
    assert {f"extra{i}" for i in range(3)} <= set(uncoloured)


def test_a_place_keeps_its_colour_when_reports_are_added_after_it(data_copy):
    before = places.colours(_with_reports(data_copy, 1))
    rows = read_csv(data_copy / "reports.csv")
    rows.append({**rows[0], "id": "later", "name_en": "Later Subdistrict", "name_zh": "后街道", "colour": ""})
    write_csv(data_copy / "reports.csv", rows)
    after = places.colours(load_all(data_copy))
    assert len(after) == len(before) + 1
    assert all(after[r] == c for r, c in before.items())
    assert after["later"] not in before.values()


def test_twelve_places_get_twelve_distinct_colours_none_of_them_the_not_reported_grey(data_copy):
    tables = load_all(data_copy)
    tables = _with_reports(data_copy, 12 - len(tables.reports))
    colours = list(places.colours(tables).values())
    assert len(colours) == 12 and len(set(colours)) == 12
    for i, a in enumerate(colours):
        assert _distance(a, NOT_REPORTED) > 25, a
        for b in colours[i + 1:]:
            assert _distance(a, b) > 15, (a, b)


def test_a_palette_too_short_is_an_error_not_a_repeated_colour():
    with pytest.raises(ValueError, match="too few"):
        places.assign_colours([None, None, None], ["#000000", "#FFFFFF"])
    assert places.assign_colours(["#112233", None], ["#112233", "#445566"]) == ["#112233", "#445566"]


def test_levels_group_places_in_vocabulary_order(tables):
    groups = places.by_level(tables)
    terms = tables.vocab.terms
    vocabulary_order = terms.loc[terms["vocabulary"] == "level", "term"].tolist()
    assert [level for level, _ in groups] == [v for v in vocabulary_order if v in set(tables.reports["level"].astype(str))]
    assert sorted(r for _, members in groups for r in members) == sorted(map(str, tables.reports["id"]))
    level_of = dict(zip(tables.reports["id"].astype(str), tables.reports["level"].astype(str)))
    assert all(level_of[r] == level for level, members in groups for r in members)


def test_a_colour_that_is_not_a_colour_is_named(data_copy):
    from reportlib.curation.errors import DataError

    rows = read_csv(data_copy / "reports.csv")
    rows[0]["colour"] = "blue"
    write_csv(data_copy / "reports.csv", rows)
    with pytest.raises(DataError, match=r"reports.csv, row 2, column colour: not a colour"):
        load_all(data_copy)


def test_a_district_and_a_subdistrict_of_one_name_stay_apart(data_copy):
    rows = read_csv(data_copy / "reports.csv")
    rows.append({**rows[0], "id": "same-sub", "name_en": "Samename Subdistrict", "name_zh": "同名街道", "level": "subdistrict",
                 "colour": ""})
    rows.append({**rows[0], "id": "same-dis", "name_en": "Samename District", "name_zh": "同名区", "level": "district",
                 "colour": ""})
    write_csv(data_copy / "reports.csv", rows)
    frame = places.places(load_all(data_copy)).set_index("report")
    assert frame.loc["same-sub", "label"] == "Samename Subdistrict 同名街道"
    assert frame.loc["same-dis", "label"] == "Samename District 同名区"
    assert frame["label"].is_unique
    assert frame.loc[str(rows[0]["id"]), "label"] != rows[0]["name_en"]  # names of their own still lose the level word
