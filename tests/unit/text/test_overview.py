"""The text findings of notebook 05 follow the set of places: built on fewer places than the project has,
they name exactly those places and count them right."""

from __future__ import annotations

import re

import pytest

from conftest import restrict
from reportlib.analysis import views
from reportlib.text import overview


@pytest.fixture(scope="module")
def fewer(tables):
    """Every place but the last two of reports.csv."""
    return restrict(tables, views.place_order(tables)[:-2])


@pytest.fixture(scope="module")
def sentences(fewer):
    return overview.findings(fewer)


def test_the_findings_name_the_places_they_are_built_on_and_no_other(tables, fewer, sentences):
    text = " ".join(sentences)
    kept = views.places(fewer)["place"]
    dropped = set(views.places(tables)["place"]) - set(kept)
    assert dropped and all(place not in text for place in dropped)
    [tfidf] = [s for s in sentences if "TF-IDF" in s and ";" in s]
    assert [p for p in re.findall(r"(?:^|; )([A-Z][a-z]+):", tfidf.split(": ", 1)[1])] == list(kept)


def test_the_textrank_sentence_counts_the_places_it_has(fewer, sentences):
    [sentence] = [s for s in sentences if s.startswith("TextRank")]
    n = len(views.place_order(fewer))
    said = re.search(r"first in (every report|(\d+) of (\d+) reports)", sentence)
    assert said, sentence
    assert said[1] == "every report" or int(said[3]) == n


def test_theme_ranges_name_places_of_the_data(fewer, sentences):
    places = set(views.places(fewer)["place"])
    ranges = [s for s in sentences if re.match(r"^[A-Z].*: from \d+% of ", s)]
    assert ranges
    for sentence in ranges:
        named = re.findall(r"of (\w+)'s", sentence)
        assert len(named) == 2 and set(named) <= places, sentence
