"""Help with what is left to curate: the words around an uncurated number, and the metric or
exclusion reason they suggest.

`python -m reportlib check` prints uncurated_report for the numbers no row claims yet;
suggestion_agreement runs the same rules on the numbers already curated, to show how far a
suggestion can be trusted.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reportlib.curation.csvfile import read_rows
from reportlib.curation.errors import DataError
from reportlib.curation.load import Tables
from reportlib.curation.mentions import Mention, find_mentions
from reportlib.curation.paths import data_dir
from reportlib.curation.textmatch import LayoutText, occurrences_in, squeeze
from reportlib.text.segment import cut, has_han, normalise_with_offsets

CONTEXT_CHARS = 40  # characters of text segmented on each side of a mention: enough for a dozen tokens


def mention_context(report_text: str, mention: Mention, width: int = 3,
                    folder: Path | None = None) -> tuple[list[str], list[str]]:
    """The `width` jieba tokens before and after a number mention, within its line of text.

    The text is normalised first (layout whitespace removed; the mention's raw offsets are mapped
    through), and each side is segmented on its own so that no token straddles the mention.
    Punctuation tokens are kept (they show where a clause ends); whitespace is not.
    """
    text, offsets = normalise_with_offsets(report_text)
    start, end = bisect.bisect_left(offsets, mention.start), bisect.bisect_left(offsets, mention.end)
    chars = max(CONTEXT_CHARS, 6 * width)
    left_from = max(0, start - chars)
    left = text[left_from:start].rsplit("\n", 1)
    right = text[end:end + chars].split("\n", 1)
    before = cut(left[-1], folder=folder, normalised=True)
    after = cut(right[0], folder=folder, normalised=True)
    if len(left) == 1 and left_from > 0 and before:
        before = before[1:]  # the first token may be a word cut in half by the window
    if len(right) == 1 and end + chars < len(text) and after:
        after = after[:-1]
    return before[-width:] if width else [], after[:width]


@dataclass(frozen=True)
class Suggestion:
    """What the words around a number suggest: a metric id, or an exclusion reason, and why."""

    metric: str | None
    reason: str | None  # an exclusion reason of data/vocab/terms.csv (date, policy_code, name) when not a figure
    why: str

    def __str__(self) -> str:
        if self.metric:
            return f"metric {self.metric} ({self.why})"
        if self.reason:
            return f"exclusion, reason {self.reason} ({self.why})"
        return f"no suggestion ({self.why})"


CLAUSE_END = {"。", "；", ";", "！", "？", "：", ":"}
# Words that make a percentage a change: the metric is then a growth metric (family growth).
GROWTH_WORDS = ("增长", "下降", "提升", "提高", "减少", "降低", "下滑", "增加", "比增", "增速")
OPEN_QUOTES, CLOSE_QUOTES = set("“\"『「‘"), set("”\"』」’")
METRIC_WORDS = "metric_words.csv"
BEFORE_TOKENS, AFTER_TOKENS = 4, 3  # the words of the clause a metric word may stand in


@dataclass(frozen=True)
class MetricWords:
    """data/vocab/metric_words.csv with what the rules need of the vocabulary: which words name which
    metric (in file order, the tie-break), each metric's family and unit dimensions, each unit's dimension."""

    rows: tuple[tuple[str, str], ...]
    family: dict[str, str]
    dimensions: dict[str, tuple[str, ...]]
    unit_dimension: dict[str, str]

    def fits(self, metric: str, unit: str) -> bool:
        """Does the metric accept the unit (its dimension is one of the metric's)?"""
        allowed = self.dimensions.get(metric, ())
        return "any" in allowed or self.unit_dimension.get(unit) in allowed


def load_metric_words(folder: Path | None = None) -> MetricWords:
    """The metric words and the vocabulary facts the suggestion rules use, from `folder` (default data/)."""
    vocab = Path(folder or data_dir()) / "vocab"
    versions = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in
                     (vocab / METRIC_WORDS, vocab / "metrics.csv", vocab / "units.csv") if p.exists())
    return _metric_words(str(vocab), versions)


@functools.lru_cache(maxsize=8)
def _metric_words(vocab: str, versions: tuple) -> MetricWords:
    """Read once per version of the files (`versions`: their modification times and sizes)."""
    def table(name):
        header, rows = read_rows(Path(vocab) / name)
        return [dict(zip(header, (cell.strip() for cell in row))) for _, row in rows]

    metrics = table("metrics.csv")
    try:
        words = tuple((r["word"], r["metric"]) for r in table(METRIC_WORDS))
    except (DataError, KeyError):  # the check reports what is wrong with the file; suggest without it meanwhile
        words = ()
    return MetricWords(
        rows=words,
        family={r["metric"]: r["family"] for r in metrics},
        dimensions={r["metric"]: tuple(r["dimensions"].split()) for r in metrics},
        unit_dimension={r["unit"]: r["dimension"] for r in table("units.csv")},
    )


def _clause(before: list[str]) -> list[str]:
    """The tokens of `before` that belong to the mention's own sentence (after the last 。；：)."""
    for i in range(len(before) - 1, -1, -1):
        if before[i] in CLAUSE_END:
            return before[i + 1:]
    return before


def _named_metric(before: str, after: str, unit: str, words: MetricWords,
                  growth: bool | None = None) -> tuple[str, str] | None:
    """The metric word nearest the number, before it (in `before`) or after it (in `after`), whose metric
    fits the unit; at equal distance the longer word, then the earlier row of the file, wins.
    `growth` True or False keeps only growth metrics or only the others."""
    best = None
    for order, (word, metric) in enumerate(words.rows):
        if not words.fits(metric, unit):
            continue
        if growth is not None and (words.family.get(metric) == "growth") != growth:
            continue
        at = before.rfind(word)
        if at >= 0:
            distance = len(before) - at - len(word)
        else:
            at = after.find(word)
            if at < 0:
                continue
            distance = at + 0.5  # a word after the number counts a little less than one as near before it
        key = (distance, -len(word), order)
        if best is None or key < best[0]:
            best = (key, word, metric)
    return (best[1], best[2]) if best else None


def suggest(before: list[str], after: list[str], mention: Mention, words: MetricWords | None = None,
            learned: Learned | None = None) -> Suggestion:
    """Suggest what an uncurated number is, from the tokens around it (see mention_context).

    Rules, first match wins:
    - not a figure: a date or a time the finder recognised → reason 'date'; a document number →
      'identifier'; digits in a name (6号线, 12345热线, A-1, D9, 25H) → 'name'; a bare number in
      quotation marks (“1312”, “1+5”) → 'policy_code'; a Chinese numeral in quotation marks (“四个结合”)
      or with 大 (三大集群) → 'enumeration'; 一批, 一轮 → 'indefinite'; 一期, 二期 → 'name' (a phase);
      a year, a month or a day, a span of years (3年内) → 'date';
    - a percentage or percentage points with a growth word (增长, 下降, 提升…) → the growth metric of the
      nearest indicator word before it (data/vocab/metric_words.csv: 一般公共预算收入 →
      budget_revenue_growth, …), or other_change when none is named; a percentage after a word in 率 → rate;
    - 个 with 项目 just before or in the words after → project_count; 投资超…的项目 → investment_threshold;
    - otherwise the metric word of data/vocab/metric_words.csv nearest the number, among the few words of
      its clause, whose metric accepts the number's unit (总投资 before 亿元 → total_investment; 车位
      before 个 → facility_count).
    When no rule applies and `learned` is given, the words the curators' rows of other numbers stood
    next to decide (see learn). Otherwise no suggestion: the curator decides.
    """
    if mention.kind in ("date", "time"):
        return Suggestion(None, "date", f"a {mention.kind} ({mention.text})")
    if mention.kind == "identifier":
        return Suggestion(None, "identifier", "a document number or code")
    words = words or load_metric_words()
    q = mention.quantity
    unit, value = q.unit, q.value
    clause = _clause(before)
    tail = "".join(clause[-2:])
    nxt = after[0] if after else ""
    prev = clause[-1] if clause else ""
    chinese = not re.search(r"[0-9０-９]", mention.text)
    is_int = value is not None and float(value).is_integer()
    is_year = is_int and 1900 <= value <= 2100 and len(re.sub(r"\D", "", mention.text)) == 4
    ahead = []  # the words after the number, up to the end of its clause
    for token in after:
        if token in CLAUSE_END or token in ("，", ",", "、"):
            break
        ahead.append(token)

    if unit == "号" and nxt.startswith("线"):
        return Suggestion(None, "name", "a metro line (号线)")
    if not unit and nxt == "热线":
        return Suggestion(None, "name", "a hotline number")
    if not unit and (re.search(r"[A-Za-z]-?$", tail) or re.match(r"[A-Za-z]", nxt)):
        return Suggestion(None, "name", "digits inside a name with Latin letters (A-1, D9, 25H)")
    if not unit and prev in OPEN_QUOTES and (nxt[:1] in CLOSE_QUOTES or nxt == "+"):
        return Suggestion(None, "policy_code", "a bare number in quotation marks (“1312”, “1+5”)")
    if chinese and unit in ("批", "轮") and value == 1:
        return Suggestion(None, "indefinite", f"一{unit}: 'a number of', no count")
    if chinese and unit == "期":
        return Suggestion(None, "name", "a phase (一期, 二期) in a project's name")
    if chinese and (unit == "大" or prev in OPEN_QUOTES or prev.endswith(tuple(OPEN_QUOTES))):
        return Suggestion(None, "enumeration", "a Chinese numeral naming a set (三大…, “四个…”)")
    if unit == "年" and is_year or not unit and is_year:
        return Suggestion(None, "date", "a year")
    if unit == "年" and nxt[:1] in ("内", "来", "后"):
        return Suggestion(None, "date", "a span of years (年内, 年来)")
    if unit == "月" and is_int and 1 <= value <= 12 or unit in ("日", "号") and is_int and 1 <= value <= 31:
        return Suggestion(None, "date", f"a month or a day (…{unit})")
    if not unit and is_int and len(after) >= 2 and nxt in ("-", "—", "–", "至", "~") and after[1].isdigit():
        return Suggestion(None, "date", "the start of a span of months (1-11月)")

    if unit in ("%", "个百分点"):
        if any(word in t for t in clause[-4:] for word in GROWTH_WORDS):
            found = _named_metric("".join(clause), "", unit, words, growth=True)
            if found:
                return Suggestion(found[1], None, f"{found[0]} … growth in %")
            return Suggestion("other_change", None, "a change in % of no economic indicator")
        if any(t.endswith("率") for t in clause[-3:]):
            return Suggestion("rate", None, "a rate (…率) stated as a level")
    elif unit == "个" and (prev.endswith("项目") or any("项目" in t for t in ahead[:6])):
        return Suggestion("project_count", None, "个 with 项目")
    elif unit.endswith("元") and q.bound == "at_least" and len(after) >= 2 and after[0] == "的" and after[1].endswith("项目"):
        return Suggestion("investment_threshold", None, "投资超…的项目: a minimum per project")
    else:
        found = _named_metric("".join(clause[-BEFORE_TOKENS:]), "".join(ahead[:AFTER_TOKENS]), unit, words,
                              growth=False)
        if found:
            return Suggestion(found[1], None, f"{found[0]} near a number in {unit or 'no unit'}")
    if unit.endswith(("平方米", "亩")):
        return Suggestion("area", None, f"an area in {unit}")
    if unit.endswith(("公里", "米")):
        return Suggestion("length", None, f"a length in {unit}")
    if unit.endswith("人次"):
        return Suggestion("participant_count", None, "人次")
    if learned is not None:
        guess = learned.guess(before, after, mention, words)
        if guess:
            return guess
    return Suggestion(None, None, "the words around it do not settle it")


def _context_words(before: list[str], after: list[str]) -> list[str]:
    """The Chinese words of the mention's clause near it: what `learn` counts."""
    ahead = []
    for token in after:
        if token in CLAUSE_END:
            break
        ahead.append(token)
    near = _clause(before)[-BEFORE_TOKENS:] + ahead[:AFTER_TOKENS]
    return [t for t in near if len(t) >= 2 and has_han(t)]


@dataclass(frozen=True)
class Learned:
    """For each word, how often the curators' figures and exclusions that stood next to it had each
    metric or reason: the suggestion of last resort, learned from curated reports."""

    counts: dict[str, dict[str, int]]
    threshold: float = 0.75  # the share of the evidence one label must carry to be suggested
    evidence: int = 3  # the fewest curated numbers that must stand behind a suggestion

    def guess(self, before: list[str], after: list[str], mention: Mention, words: MetricWords) -> Suggestion | None:
        scores: dict[str, float] = {}
        for word in _context_words(before, after):
            seen = self.counts.get(word)
            if not seen:
                continue
            total = sum(seen.values())
            if total < self.evidence:
                continue
            for label, n in seen.items():
                if label in words.family and not words.fits(label, mention.quantity.unit if mention.quantity else ""):
                    continue
                scores[label] = scores.get(label, 0.0) + n / total
        if not scores:
            return None
        label, score = max(sorted(scores.items()), key=lambda item: item[1])
        if score / sum(scores.values()) < self.threshold:
            return None
        if label in words.family:
            return Suggestion(label, None, "curated figures next to the same words")
        return Suggestion(None, label, "curated exclusions next to the same words")


def suggest_metric(before: list[str], after: list[str], mention: Mention) -> str | None:
    """The metric id (data/vocab/metrics.csv) the words around a number point to, or None.

    None when no rule applies or when the number is not a figure (a date, a policy code, part of a
    name): `suggest` gives the reason in that case.
    """
    return suggest(before, after, mention).metric


SUGGEST_WIDTH = 8  # tokens each side the suggestion rules look at
SHOW_WIDTH = 5  # tokens each side a report line shows


def learn(contexts: pd.DataFrame) -> Learned:
    """Count, for each word near a curated number, the metrics and reasons the curators gave
    (`contexts` as curated_contexts returns it)."""
    counts: dict[str, dict[str, int]] = {}
    for row in contexts.itertuples():
        for word in set(_context_words(row.before, row.after)):
            seen = counts.setdefault(word, {})
            seen[row.curated] = seen.get(row.curated, 0) + 1
    return Learned(counts)


def uncurated_report(tables: Tables, result) -> str:
    """One line per number the check left uncurated (`result.unclaimed` of verify.check): where it is,
    the words around it, and what they suggest (the rules, then what the curated rows teach).
    An empty string when there is none."""
    if not result.unclaimed:
        return ""
    words = load_metric_words(tables.folder)
    learned = learn(curated_contexts(tables))
    lines = []
    for m in result.unclaimed:
        text = tables.texts[m.report]
        before, after = mention_context(text, m, width=SUGGEST_WIDTH, folder=tables.folder)
        suggestion = suggest(before, after, m, words, learned)
        shown = " ".join(before[-SHOW_WIDTH:]) + f" 【{m.text}】 " + " ".join(after[:SHOW_WIDTH])
        lines.append(f"{m.report} @{m.start} {m.text}: …{shown.strip()}… → {suggestion}")
    return "\n".join(lines)


def curated_mentions(tables: Tables) -> pd.DataFrame:
    """Each curated figure and exclusion with the finder mention it claims: table, id, report,
    metric or reason, and the Mention object. Rows whose mention cannot be located are left out."""
    rows = []
    for rid, text in tables.texts.items():
        layout = LayoutText.of(text)
        by_start = {m.start: m for m in find_mentions(rid, text, tables.folder)}
        for table, column in (("figures", "metric"), ("exclusions", "reason")):
            frame = getattr(tables, table)
            for row in frame[frame["report"] == rid].itertuples():
                starts, inside = layout.occurrences(row.quote), occurrences_in(row.quote, row.mention)
                if len(starts) != 1 or len(inside) != 1:
                    continue
                start, _ = layout.raw_span(starts[0] + inside[0], len(squeeze(row.mention)))
                mention = by_start.get(start) or next(
                    (m for s, m in by_start.items() if start <= s < start + len(row.mention)), None)
                if mention is not None:
                    rows.append((table, row.id, rid, str(getattr(row, column)), mention))
    return pd.DataFrame(rows, columns=["table", "id", "report", "curated", "mention"])


def curated_contexts(tables: Tables) -> pd.DataFrame:
    """curated_mentions with the tokens before and after each number (columns before, after)."""
    frame = curated_mentions(tables)
    contexts = [mention_context(tables.texts[row.report], row.mention, width=SUGGEST_WIDTH, folder=tables.folder)
                for row in frame.itertuples()]
    frame["before"] = [before for before, _ in contexts]
    frame["after"] = [after for _, after in contexts]
    return frame


def suggestion_agreement(tables: Tables, leave_one_report_out: bool = False) -> pd.DataFrame:
    """Try the suggestions on every number already curated and compare with the curator.

    Without `leave_one_report_out`, the rules alone (in sample: they were written from these texts).
    With it, each report is suggested as a new report would be: the rules, then what the curated rows
    of the other reports teach (learn), never its own rows.

    Columns: table, id, report, mention (as written), curated (metric or exclusion reason),
    suggested (metric or reason, empty when nothing is suggested), agrees (True/False, NA without a suggestion).
    """
    contexts = curated_contexts(tables)
    words = load_metric_words(tables.folder)
    learned_without = {rid: learn(contexts[contexts["report"] != rid]) for rid in contexts["report"].unique()} \
        if leave_one_report_out else {}
    rows = []
    for row in contexts.itertuples():
        s = suggest(row.before, row.after, row.mention, words, learned_without.get(row.report))
        suggested = s.metric or s.reason
        rows.append((row.table, row.id, row.report, row.mention.text, row.curated, suggested,
                     pd.NA if suggested is None else suggested == row.curated))
    frame = pd.DataFrame(rows, columns=["table", "id", "report", "mention", "curated", "suggested", "agrees"])
    frame["agrees"] = frame["agrees"].astype("boolean")
    return frame


def agreement_summary(agreement: pd.DataFrame) -> pd.DataFrame:
    """Per table (figures, exclusions): numbers, suggested, agreeing; precision = agreeing / suggested,
    accuracy = agreeing / numbers (a number with no suggestion counts as not right)."""
    summary = agreement.assign(suggestion=agreement["suggested"].notna(), right=agreement["agrees"].fillna(False)) \
        .groupby("table").agg(numbers=("id", "count"), suggested=("suggestion", "sum"), agree=("right", "sum"))
    summary["precision"] = summary["agree"] / summary["suggested"]
    summary["accuracy"] = summary["agree"] / summary["numbers"]
    return summary
