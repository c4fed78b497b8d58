"""How well the segmenter finds word boundaries, scored against a hand-segmented gold sample.

Every count of the text analysis starts from jieba's word boundaries, so the sample
(data/text/gold_segmentation.txt) measures them with and without the project dictionary.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reportlib.curation.paths import data_dir
from reportlib.text.segment import cut

def read_gold(path: Path | str | None = None) -> list[str]:
    """The gold segmentation sample (data/text/gold_segmentation.txt): its lines, comments included."""
    return Path(path or data_dir() / "text" / "gold_segmentation.txt").read_text(encoding="utf-8").splitlines()


def gold_sentences(gold_lines: list[str]) -> list[tuple[str, list[str]]]:
    """(report, tokens) for each data line of a gold file: `report<TAB>token token …`; the report part
    is optional; blank lines and lines starting with # are skipped."""
    out = []
    for line in gold_lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        report, _, tokens = line.rpartition("\t")
        out.append((report.strip(), tokens.split()))
    return out


def _word_char(ch: str) -> bool:
    return ch.isalnum()  # Han characters, Latin letters and digits; not punctuation


def _boundaries(tokens: list[str]) -> set[int]:
    """Offsets between two tokens where the characters on both sides are word characters."""
    sentence = "".join(tokens)
    found, offset = set(), 0
    for token in tokens[:-1]:
        offset += len(token)
        if _word_char(sentence[offset - 1]) and _word_char(sentence[offset]):
            found.add(offset)
    return found


def boundary_scores(gold_lines: list[str], dictionary: bool = True, folder: Path | None = None) -> dict:
    """Precision, recall and F1 of jieba's word boundaries against the gold segmentation.

    A boundary is a position between two characters; only positions between two word characters
    (Chinese, Latin, digits) count, since a boundary next to punctuation is given to any segmenter.
    Precision: share of jieba's boundaries that the gold has; recall: share of the gold's boundaries
    that jieba finds. `dictionary=False` scores plain jieba, without the project dictionary.
    Returns precision, recall, f1, sentences, gold_boundaries, predicted_boundaries, matched.
    """
    tp = n_gold = n_pred = 0
    sentences = gold_sentences(gold_lines)
    for _, gold in sentences:
        predicted = cut("".join(gold), dictionary=dictionary, folder=folder, normalised=True)
        g, p = _boundaries(gold), _boundaries(predicted)
        tp, n_gold, n_pred = tp + len(g & p), n_gold + len(g), n_pred + len(p)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "sentences": len(sentences),
            "gold_boundaries": n_gold, "predicted_boundaries": n_pred, "matched": tp}


def compare_segmentations(gold_lines: list[str], folder: Path | None = None) -> pd.DataFrame:
    """Gold sentences that plain jieba and jieba with the project dictionary cut differently: report,
    gold, dictionary, plain (tokens joined by spaces), and for plain jieba the gold boundaries it
    misses (`glued`: words run together) and the boundaries it adds (`split`: words cut apart).
    Sentences where plain jieba glues words come first."""
    rows = []
    for report, gold in gold_sentences(gold_lines):
        sentence = "".join(gold)
        with_dictionary = cut(sentence, folder=folder, normalised=True)
        plain = cut(sentence, dictionary=False, folder=folder, normalised=True)
        if with_dictionary != plain:
            g, p = _boundaries(gold), _boundaries(plain)
            rows.append((report, " ".join(gold), " ".join(with_dictionary), " ".join(plain),
                         len(g - p), len(p - g)))
    frame = pd.DataFrame(rows, columns=["report", "gold", "dictionary", "plain", "glued", "split"])
    return frame.sort_values(["glued", "split"], ascending=False, kind="stable").reset_index(drop=True)


def segmentation_quality(gold_lines: list[str], folder: Path | None = None) -> pd.DataFrame:
    """boundary_scores with and without the project dictionary, one row each (index: segmenter)."""
    rows = {"jieba + project dictionary": boundary_scores(gold_lines, True, folder),
            "plain jieba": boundary_scores(gold_lines, False, folder)}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "segmenter"
    return frame[["precision", "recall", "f1", "matched", "predicted_boundaries", "gold_boundaries", "sentences"]]
