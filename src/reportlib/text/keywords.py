"""Each report's keywords by two methods: what sets it apart (TF-IDF), what is central in it (TextRank).

TF-IDF is computed against the reports themselves, with no outside corpus; TextRank is jieba's,
run on our tokenizer under our content rule, so both methods rank the same kind of word.
"""

from __future__ import annotations

import collections
import math

import pandas as pd

from reportlib.text import segment
from reportlib.analysis import views
from reportlib.text.corpus import report_tokens
from reportlib.curation.load import Tables
from reportlib.curation.memo import per_fingerprint
from reportlib.text.segment import normalise, stopwords

# TextRank keeps nouns, place names, organisations, other proper names, verbal nouns and verbs.
TEXTRANK_POS = ("n", "ns", "nt", "nz", "vn", "v")


def tfidf_scores(tables: Tables) -> pd.DataFrame:
    """TF-IDF of every content token of every report, against the corpus of the reports themselves.

    tf(t, d) = count of t in d / number of content tokens in d (so long and short reports compare);
    idf(t) = ln((1 + N) / (1 + df(t))), with N the number of reports and df(t) the reports that use t. This is
    add-one smoothing on document counts, as if one more report used every term, without scikit-learn's
    extra "+1": a term found in every report gets idf 0 and is never distinctive; one found in a
    single report gets ln((1 + N) / 2) (ln 3 ≈ 1.10 for five reports). Returns report, term, count, tf, df, idf, score.
    """
    docs = report_tokens(tables)
    n = len(docs)
    df = collections.Counter(t for tokens in docs.values() for t in set(tokens))
    rows = []
    for rid, tokens in docs.items():
        counts = collections.Counter(tokens)
        for term, count in counts.items():
            tf = count / len(tokens)
            idf = math.log((1 + n) / (1 + df[term]))
            rows.append((rid, term, count, tf, df[term], idf, tf * idf))
    return pd.DataFrame(rows, columns=["report", "term", "count", "tf", "df", "idf", "score"])


def _top(frame: pd.DataFrame, top: int, method: str) -> pd.DataFrame:
    frame = frame[frame["score"] > 0].sort_values(["report", "score", "term"], ascending=[True, False, True],
                                                  kind="stable")
    frame = frame.groupby("report", sort=False).head(top).copy()
    frame["rank"] = frame.groupby("report", sort=False).cumcount() + 1
    frame["method"] = method
    return frame[["report", "term", "score", "method", "rank"]]


class _TextRank(segment.jieba.analyse.TextRank):  # jieba is imported, quietly, by segment
    """jieba's TextRank on our tokenizer, with our content rule on top of its part-of-speech filter."""

    def __init__(self, pos_tokenizer, stop: frozenset[str]):
        super().__init__()
        self.tokenizer = self.postokenizer = pos_tokenizer
        self.stop_words = set(stop) | set(self.STOP_WORDS)
        self._stop = stop

    def pairfilter(self, wp) -> bool:
        return super().pairfilter(wp) and segment.is_content(wp.word, self._stop)


GENERIC_WORDS = "generic_words.txt"


def generic_words(folder) -> frozenset[str]:
    """Words every work report leans on (项目, 工作, 建设; data/text/generic_words.txt, optional): TextRank
    would rank them first in every report alike, so it leaves them out."""
    from pathlib import Path

    path = Path(folder) / "text" / GENERIC_WORDS
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def textrank_scores(tables: Tables, top: int | None = None) -> pd.DataFrame:
    """jieba's TextRank per report (window 5, nouns, names and verbs, our stopwords and generic words);
    report, term, score.

    Scores are jieba's, scaled so that each report's best term has 1.0.
    """
    stop = stopwords(tables.folder) | generic_words(tables.folder)
    ranker = _TextRank(segment.pos_tokenizer(folder=tables.folder), stop)
    rows = []
    for rid in views.place_order(tables):
        text = normalise(tables.texts[rid])
        for term, score in ranker.textrank(text, topK=top, withWeight=True, allowPOS=TEXTRANK_POS):
            rows.append((rid, term, score))
    return pd.DataFrame(rows, columns=["report", "term", "score"])


# a notebook asks twice (the table, then the chart), every chart export once more; TextRank's tagger costs
# seconds each time. The result depends on the texts, the dictionary and the stopwords: the fingerprint holds them.
@per_fingerprint(keep=4, copy=pd.DataFrame.copy)
def keywords(tables: Tables, top: int = 10) -> pd.DataFrame:
    """The `top` keywords of each report by two methods: columns report, term, score, method, rank.

    method 'tfidf': distinctive terms by TF-IDF against all the reports (see tfidf_scores);
    method 'textrank': central terms by jieba's TextRank (see textrank_scores). Scores are not
    comparable across methods; rank is 1 for the best term of a report and method.
    """
    frames = [_top(tfidf_scores(tables), top, "tfidf"), _top(textrank_scores(tables), top, "textrank")]
    result = pd.concat(frames, ignore_index=True)
    result["report"] = pd.Categorical(result["report"], categories=views.place_order(tables))
    return result.sort_values(["method", "report", "rank"], kind="stable").reset_index(drop=True)
