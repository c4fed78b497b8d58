"""What the reports talk about, in their own words: keywords, themes, and help with what is left to curate.

Segmentation (jieba with the project dictionary, stopwords, layout normalisation) lives in
`reportlib.segment`; this module analyses its tokens:

- `keywords`: distinctive terms per report, by TF-IDF against the five reports and by jieba's TextRank;
- `theme_shares` and `lexicon_coverage`: how each report's content tokens fall on six themes of a
  curated lexicon (data/text/themes.csv), and how much of the text the lexicon classifies at all;
- `mention_context`, `suggest_metric`, `uncurated_report`: the words around a number the check
  found uncurated, and the metric (or exclusion reason) they point to;
- `boundary_scores`: precision and recall of word boundaries against a hand-segmented gold sample.
"""

from __future__ import annotations

import bisect
import collections
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import segment, views
from .csvfile import read_rows
from .errors import DataError, Problem
from .load import Tables
from .mentions import Mention
from .paths import PROJECT_ROOT, data_dir, display_path
from .segment import content_tokens, cut, normalise, normalise_with_offsets, stopwords

__all__ = [
    "THEMES", "GOLD_PATH", "normalise", "cut", "report_tokens", "tfidf_scores", "textrank_scores", "keywords",
    "load_themes", "theme_shares", "lexicon_coverage", "mention_context", "Suggestion", "suggest", "suggest_metric",
    "uncurated_report", "curated_mentions", "suggestion_agreement", "read_gold", "gold_sentences", "boundary_scores",
    "compare_segmentations", "segmentation_quality", "resources", "glosses", "keyword_table", "theme_table", "findings",
]

THEMES = {
    "projects_investment": "Projects and investment",
    "industry_enterprises": "Industry and enterprises",
    "urban_construction": "Urban construction and renewal",
    "livelihood": "People's livelihood",
    "safety_environment": "Safety and environment",
    "party_governance": "Party building and governance",
}
THEMES_FILE = "themes.csv"
GOLD_PATH = PROJECT_ROOT / "tests" / "gold_segmentation.txt"

# TextRank keeps nouns, place names, organisations, other proper names, verbal nouns and verbs.
TEXTRANK_POS = ("n", "ns", "nt", "nz", "vn", "v")


def _order(tables: Tables) -> list[str]:
    return list(tables.reports["id"].astype(str))


def report_tokens(tables: Tables) -> dict[str, list[str]]:
    """The content tokens of each report, in report order (see segment.is_content for what counts)."""
    return {rid: content_tokens(tables.texts[rid], folder=tables.folder) for rid in _order(tables)}


# --- keywords -----------------------------------------------------------------------------------

def tfidf_scores(tables: Tables) -> pd.DataFrame:
    """TF-IDF of every content token of every report, against the five-report corpus itself.

    tf(t, d) = count of t in d / number of content tokens in d (so long and short reports compare);
    idf(t) = ln((1 + N) / (1 + df(t))), with N = 5 reports and df(t) the reports that use t. This is
    add-one smoothing on document counts, as if a sixth report used every term, without scikit-learn's
    extra "+1": a term found in all five reports gets idf 0 and is never distinctive; one found in a
    single report gets ln 3 ≈ 1.10. Returns report, term, count, tf, df, idf, score.
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


def textrank_scores(tables: Tables, top: int | None = None) -> pd.DataFrame:
    """jieba's TextRank per report (window 5, nouns, names and verbs, our stopwords); report, term, score.

    Scores are jieba's, scaled so that each report's best term has 1.0.
    """
    ranker = _TextRank(segment.pos_tokenizer(folder=tables.folder), stopwords(tables.folder))
    rows = []
    for rid in _order(tables):
        text = normalise(tables.texts[rid])
        for term, score in ranker.textrank(text, topK=top, withWeight=True, allowPOS=TEXTRANK_POS):
            rows.append((rid, term, score))
    return pd.DataFrame(rows, columns=["report", "term", "score"])


def keywords(tables: Tables, top: int = 10) -> pd.DataFrame:
    """The `top` keywords of each report by two methods: columns report, term, score, method, rank.

    method 'tfidf': distinctive terms by TF-IDF against the five reports (see tfidf_scores);
    method 'textrank': central terms by jieba's TextRank (see textrank_scores). Scores are not
    comparable across methods; rank is 1 for the best term of a report and method.
    """
    key = (tuple((rid, tables.texts[rid]) for rid in _order(tables)), str(tables.folder), top)
    if key not in _KEYWORDS:
        # A notebook asks twice (the table, then the chart); TextRank's tagger costs seconds each time.
        frames = [_top(tfidf_scores(tables), top, "tfidf"), _top(textrank_scores(tables), top, "textrank")]
        result = pd.concat(frames, ignore_index=True)
        result["report"] = pd.Categorical(result["report"], categories=_order(tables))
        _KEYWORDS.clear()
        _KEYWORDS[key] = result.sort_values(["method", "report", "rank"], kind="stable").reset_index(drop=True)
    return _KEYWORDS[key].copy()


_KEYWORDS: dict[tuple, pd.DataFrame] = {}


# --- themes -------------------------------------------------------------------------------------

def load_themes(folder: Path | str | None = None) -> pd.DataFrame:
    """The theme lexicon (data/text/themes.csv): term, theme, note; raise DataError on a bad row."""
    path = Path(folder or data_dir()) / "text" / THEMES_FILE
    name = display_path(path)
    header, rows = read_rows(path)
    expected = ["term", "theme", "note"]
    if header != expected:
        raise DataError([Problem(name, f"header must be {','.join(expected)}", row=1, value=",".join(header))])
    problems, seen, data = [], {}, []
    for number, (term, theme, note) in rows:
        term, theme = term.strip(), theme.strip()
        if not term:
            problems.append(Problem(name, "missing value", row=number, column="term"))
        elif term in seen:
            problems.append(Problem(name, f"duplicate term (first at row {seen[term]})", row=number, column="term",
                                    value=term))
        seen.setdefault(term, number)
        if theme not in THEMES:
            problems.append(Problem(name, f"unknown theme (known: {', '.join(THEMES)})", row=number, column="theme",
                                    value=theme))
        data.append((number, term, theme, note.strip()))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(data, columns=["row", "term", "theme", "note"])
    frame["theme"] = pd.Categorical(frame["theme"], categories=list(THEMES))
    return frame


def theme_shares(tables: Tables) -> pd.DataFrame:
    """For each report and theme, the share of the report's content tokens that are terms of that theme.

    Content tokens are jieba tokens after the stopwords (and without numbers, units, numeral words and
    single characters: see segment.is_content). A token counts for a theme when it is exactly a term
    of the lexicon. Columns: report, theme, share, tokens (the count on the theme); every report has a
    row for every theme, zeros included. Shares of a report add up to its classified_share.
    """
    lexicon = load_themes(tables.folder).set_index("term")["theme"].astype(str)
    rows = []
    for rid, tokens in report_tokens(tables).items():
        counts = collections.Counter(lexicon.get(t) for t in tokens)
        for theme in THEMES:
            rows.append((rid, theme, counts[theme] / len(tokens), counts[theme]))
    frame = pd.DataFrame(rows, columns=["report", "theme", "share", "tokens"])
    frame["report"] = pd.Categorical(frame["report"], categories=_order(tables))
    frame["theme"] = pd.Categorical(frame["theme"], categories=list(THEMES))
    return frame


def lexicon_coverage(tables: Tables) -> pd.DataFrame:
    """How much of each report the lexicon classifies: report, classified_share, content_tokens."""
    terms = set(load_themes(tables.folder)["term"])
    rows = [(rid, sum(t in terms for t in tokens) / len(tokens), len(tokens))
            for rid, tokens in report_tokens(tables).items()]
    frame = pd.DataFrame(rows, columns=["report", "classified_share", "content_tokens"])
    frame["report"] = pd.Categorical(frame["report"], categories=_order(tables))
    return frame


# --- what is left to curate ---------------------------------------------------------------------

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
GROWTH_WORDS = ("增长", "下降", "提升", "提高", "减少", "降低", "下滑", "增加")
# Indicator words that name the growth metric of a percentage (nearest one before the number wins).
GROWTH_INDICATORS = {
    "一般公共预算收入": "budget_revenue_growth",
    "工业总产值": "industrial_output_growth",
    "地区生产总值": "gdp_growth",
    "固定资产投资": "fixed_asset_investment_growth",
    "工业增加值": "industrial_value_added_growth",
    "社会消费品零售总额": "retail_sales_growth",
    "营业收入": "services_revenue_growth",
    "进出口总额": "import_export_growth",
    "可支配收入": "disposable_income_growth",
}
# Words that name the money metric of an amount, most specific first: the first one found among
# the few tokens before the number wins (救助资金 is welfare, not a grant).
MONEY_INDICATORS = (
    ("专项债", "special_bond_funding"),
    ("外资", "foreign_investment"),
    ("一般公共预算收入", "budget_revenue"),
    ("工业总产值", "industrial_output"),
    ("地区生产总值", "gdp"),
    ("经济总量", "gdp"),
    ("社会消费品零售总额", "retail_sales"),
    ("救助", "welfare_payments"),
    ("救助金", "welfare_payments"),
    ("补贴", "welfare_payments"),
    ("资助金", "welfare_payments"),
    ("照护", "welfare_payments"),
    ("总投资", "total_investment"),
    ("总投资额", "total_investment"),
    ("投资额", "total_investment"),
    ("投资", "total_investment"),
    ("产值", "expected_output"),
    ("创产值", "expected_output"),
    ("资金", "grant_funding"),
)
OPEN_QUOTES, CLOSE_QUOTES = set("“\"『「‘"), set("”\"』」’")


def _clause(before: list[str]) -> list[str]:
    """The tokens of `before` that belong to the mention's own sentence (after the last 。；：)."""
    for i in range(len(before) - 1, -1, -1):
        if before[i] in CLAUSE_END:
            return before[i + 1:]
    return before


def _nearest(tokens: list[str], table: dict[str, str]) -> tuple[str, str] | None:
    for token in reversed(tokens):
        if token in table:
            return token, table[token]
    return None


def suggest(before: list[str], after: list[str], mention: Mention) -> Suggestion:
    """Suggest what an uncurated number is, from the tokens around it (see mention_context).

    Rules, first match wins:
    - not a figure: digits in a name (6号线, 12345热线, A-1, D9, 25H) → reason 'name'; a bare number in
      quotation marks (“1312”, “1+5”) → 'policy_code'; a year (4 digits, 年 or bare), a month or a day,
      a span of years (3年内) or of months (1-11月) → 'date';
    - a percentage or percentage points with a growth word (增长, 下降, 提升…) → the growth metric of the
      nearest indicator word before it (一般公共预算收入 → budget_revenue_growth, 工业总产值 →
      industrial_output_growth, 地区生产总值 → gdp_growth, …), or other_change when none is named;
      a percentage after a word in 率 → rate; 增速 … 倍 → growth_multiple;
    - 个 with 项目 just before or in the words after → project_count;
    - money: 投资超…的项目 → investment_threshold; else the most specific money word among the four
      tokens before (专项债, 外资, 一般公共预算收入, …, 救助, 总投资/投资, 产值, 资金);
    - 家 with 平台 → platform_count, with 企业 → enterprise_count; 套 with 设施 → facility_count, with
      房/交付/安置 → housing_units; 学位 → school_places; 道路 … 条 → road_count; 人次 →
      participant_count; 人 with 就业 → employment; 人/名/户 of 群众, 居民, 人口 or after 涉及 →
      people_covered; a fraction after 占比 → output_share; 吨 with 处理能力 → capacity; 平方米 or 亩
      → area; 公里 or 米 → length.
    Otherwise no suggestion: the curator decides.
    """
    q = mention.quantity
    unit, value = q.unit, q.value
    clause = _clause(before)
    tail = "".join(clause[-2:])
    nxt = after[0] if after else ""
    prev = clause[-1] if clause else ""
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
            found = _nearest(clause, GROWTH_INDICATORS)
            if found:
                return Suggestion(found[1], None, f"{found[0]} … growth in %")
            return Suggestion("other_change", None, "a change in % of no economic indicator")
        if any(t.endswith("率") for t in clause[-3:]):
            return Suggestion("rate", None, "a rate (…率) stated as a level")
        return Suggestion(None, None, "a percentage without a growth word or 率")
    if unit == "倍" and any("增速" in t for t in clause):
        return Suggestion("growth_multiple", None, "增速 … 倍")
    if unit == "个" and (prev.endswith("项目") or any("项目" in t for t in ahead[:6])):
        return Suggestion("project_count", None, "个 with 项目")
    if unit.endswith("元"):
        if q.bound == "at_least" and len(after) >= 2 and after[0] == "的" and after[1].endswith("项目"):
            return Suggestion("investment_threshold", None, "投资超…的项目: a minimum per project")
        near = clause[-4:]
        for word, metric in MONEY_INDICATORS:
            if word in near:
                return Suggestion(metric, None, f"{word} before a money amount")
        return Suggestion(None, None, "a money amount with no money word just before it")
    near = clause[-3:] + ahead[:3]
    if unit == "家" and any("平台" in t for t in near):
        return Suggestion("platform_count", None, "家 with 平台")
    if unit == "家" and any("企业" in t for t in near):
        return Suggestion("enterprise_count", None, "家 with 企业")
    if unit == "套":
        if any("设施" in t for t in ahead[:3]):
            return Suggestion("facility_count", None, "套 of 设施")
        if any(w in t for t in ahead[:3] + clause[-6:] for w in ("房", "交付", "安置")):
            return Suggestion("housing_units", None, "套 of homes")
    if unit == "个" and any("学位" in t for t in clause[-2:] + ahead[:2]):
        return Suggestion("school_places", None, "学位")
    if unit == "条" and any("道路" in t for t in clause[-2:] + ahead[:2]):
        return Suggestion("road_count", None, "道路 … 条")
    if unit == "人次":
        return Suggestion("participant_count", None, "人次")
    if unit.endswith("人") and any("就业" in t for t in clause[-3:]):
        return Suggestion("employment", None, "就业 … 人")
    residents = any(w in t for t in ahead[:1] for w in ("群众", "居民"))
    if unit.endswith(("人", "名", "户")) and (residents or any(w in t for t in clause[-2:] for w in ("人口", "涉及"))):
        return Suggestion("people_covered", None, "residents covered (群众, 人口, 涉及)")
    if unit == "ratio" and "占" in "".join(clause[-4:]):
        return Suggestion("output_share", None, "占比 … a fraction")
    if unit == "吨" and any("处理能力" in t for t in clause[-3:]):
        return Suggestion("capacity", None, "处理能力 … 吨")
    if unit.endswith(("平方米", "亩")):
        return Suggestion("area", None, f"an area in {unit}")
    if unit.endswith(("公里", "米")):
        return Suggestion("length", None, f"a length in {unit}")
    return Suggestion(None, None, "the words around it do not settle it")


def suggest_metric(before: list[str], after: list[str], mention: Mention) -> str | None:
    """The metric id (data/vocab/metrics.csv) the words around a number point to, or None.

    None when no rule applies or when the number is not a figure (a date, a policy code, part of a
    name): `suggest` gives the reason in that case.
    """
    return suggest(before, after, mention).metric


SUGGEST_WIDTH = 8  # tokens each side the suggestion rules look at
SHOW_WIDTH = 5  # tokens each side a report line shows


def uncurated_report(tables: Tables, result) -> str:
    """One line per number the check left uncurated (`result.unclaimed` of verify.check): where it is,
    the words around it, and what they suggest. An empty string when there is none."""
    lines = []
    for m in result.unclaimed:
        text = tables.texts[m.report]
        before, after = mention_context(text, m, width=SUGGEST_WIDTH, folder=tables.folder)
        suggestion = suggest(before, after, m)
        shown = " ".join(before[-SHOW_WIDTH:]) + f" 【{m.text}】 " + " ".join(after[:SHOW_WIDTH])
        lines.append(f"{m.report} @{m.start} {m.text}: …{shown.strip()}… → {suggestion}")
    return "\n".join(lines)


def curated_mentions(tables: Tables) -> pd.DataFrame:
    """Each curated figure and exclusion with the finder mention it claims: table, id, report,
    metric or reason, and the Mention object. Rows whose mention cannot be located are left out."""
    from .mentions import find_mentions
    from .textmatch import LayoutText, occurrences_in, squeeze

    rows = []
    for rid, text in tables.texts.items():
        layout = LayoutText.of(text)
        by_start = {m.start: m for m in find_mentions(rid, text)}
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


def suggestion_agreement(tables: Tables) -> pd.DataFrame:
    """Try the suggestion rules on every number already curated and compare with the curator.

    Columns: table, id, report, mention (as written), curated (metric or exclusion reason),
    suggested (metric or reason, empty when no rule applies), agrees (True/False, NA without a suggestion).
    """
    rows = []
    for row in curated_mentions(tables).itertuples():
        before, after = mention_context(tables.texts[row.report], row.mention, width=SUGGEST_WIDTH,
                                        folder=tables.folder)
        s = suggest(before, after, row.mention)
        suggested = s.metric or s.reason
        rows.append((row.table, row.id, row.report, row.mention.text, row.curated, suggested,
                     pd.NA if suggested is None else suggested == row.curated))
    frame = pd.DataFrame(rows, columns=["table", "id", "report", "mention", "curated", "suggested", "agrees"])
    frame["agrees"] = frame["agrees"].astype("boolean")
    return frame


# --- segmentation quality -----------------------------------------------------------------------

def read_gold(path: Path | str | None = None) -> list[str]:
    """The gold segmentation sample (tests/gold_segmentation.txt): its lines, comments included."""
    return Path(path or GOLD_PATH).read_text(encoding="utf-8").splitlines()


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


# --- presentation -------------------------------------------------------------------------------

def resources(tables: Tables, gold_lines: list[str] | None = None) -> pd.DataFrame:
    """The word lists the analysis stands on, with how many entries each has: file, entries, what."""
    folder = Path(tables.folder) / "text"
    gold_lines = gold_lines if gold_lines is not None else read_gold()
    rows = [
        (f"data/text/{segment.USERDICT}", len(segment.read_userdict(folder / segment.USERDICT)),
         "project dictionary: terms jieba keeps whole"),
        (f"data/text/{segment.STOPWORDS}", len(stopwords(tables.folder)), "stopwords: never content tokens"),
        (f"data/text/{THEMES_FILE}", len(load_themes(tables.folder)), "theme lexicon: terms of six themes"),
        ("tests/gold_segmentation.txt", len(gold_sentences(gold_lines)), "sentences segmented by hand"),
    ]
    return pd.DataFrame(rows, columns=["file", "entries", "what"]).set_index("file")


def glosses(tables: Tables) -> dict[str, str]:
    """English gloss of each lexicon term: its note up to the first '; ' (the rest is a remark)."""
    lexicon = load_themes(tables.folder)
    return {row.term: row.note.split("; ")[0] for row in lexicon.itertuples()}


def _labels(tables: Tables) -> dict[str, str]:
    """Short English place names by report id ('Anju')."""
    return dict(views.places(tables)[["report", "place"]].itertuples(index=False))


METHOD_LABELS = {"tfidf": "TF-IDF", "textrank": "TextRank"}


def keyword_table(tables: Tables, keywords_frame: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """Keywords side by side: one row per rank, one column per place and method; each cell is the
    term with its English gloss where the theme lexicon has one."""
    gloss = glosses(tables)
    labels = _labels(tables)
    frame = keywords_frame[keywords_frame["rank"] <= top].copy()
    frame["cell"] = [f"{t} {gloss[t]}" if t in gloss else t for t in frame["term"]]
    frame["place"] = frame["report"].astype(str).map(labels)
    frame["method"] = frame["method"].map(METHOD_LABELS)
    wide = frame.pivot(index="rank", columns=["place", "method"], values="cell")
    columns = [(labels[r], METHOD_LABELS[m]) for r in _order(tables) for m in METHOD_LABELS]
    return wide[[c for c in columns if c in wide.columns]]


def theme_table(tables: Tables) -> pd.DataFrame:
    """Theme shares in per cent, themes down, places across, with the lexicon's coverage as the last row."""
    labels = _labels(tables)
    shares = theme_shares(tables)
    wide = shares.pivot(index="theme", columns="report", values="share")
    wide.index = [f"{THEMES[t]} ({t})" for t in wide.index.astype(str)]
    coverage = lexicon_coverage(tables).set_index("report")["classified_share"]
    wide.loc["all six themes (classified share)"] = coverage
    wide = (wide * 100).round(1)
    wide.columns = [labels[str(r)] for r in wide.columns]
    wide.index.name = "% of content tokens"
    return wide


def _percent(x: float) -> str:
    return f"{x:.0%}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def findings(tables: Tables, gold_lines: list[str] | None = None) -> list[str]:
    """The notebook's findings in plain words, computed from the texts, the lexicon and the gold sample."""
    labels = _labels(tables)
    gloss = glosses(tables)

    def named(term: str) -> str:
        return f"{term} ({gloss[term]})" if term in gloss else term

    kw = keywords(tables, top=3)
    out = []

    tfidf = kw[kw["method"] == "tfidf"]
    parts = [f"{labels[r]}: {', '.join(named(t) for t in tfidf.loc[tfidf['report'] == r, 'term'])}"
             for r in _order(tables)]
    out.append("The most distinctive terms by TF-IDF against the five reports: " + "; ".join(parts) + ".")

    textrank = kw[(kw["method"] == "textrank") & (kw["rank"] == 1)]
    leaders = textrank["term"].value_counts()
    top_term, n_top = leaders.index[0], int(leaders.iloc[0])
    where = "every report" if n_top == len(_order(tables)) else f"{n_top} of {len(_order(tables))} reports"
    out.append(f"TextRank, which ranks terms by how central they are in their own text, puts {named(top_term)} "
               f"first in {where}: it sees what the reports share, TF-IDF what sets them apart.")

    shares = theme_shares(tables)
    wide = shares.pivot(index="report", columns="theme", values="share")
    wide.index = wide.index.astype(str)
    wide.columns = wide.columns.astype(str)
    largest = wide.idxmax(axis=1)
    groups = {}
    for report, theme in largest.items():
        groups.setdefault(theme, []).append(f"{labels[report]} {_percent(wide.at[report, theme])}")
    out.append("The largest theme of each report: "
               + "; ".join(f"{THEMES[t].lower()} in {_join(v)}" for t, v in groups.items())
               + " (shares of content tokens).")
    for theme in ("party_governance", "livelihood", "urban_construction"):
        col = wide[theme]
        high, low = col.idxmax(), col.idxmin()
        out.append(f"{THEMES[theme]}: from {_percent(col[low])} of {labels[low]}'s content tokens to "
                   f"{_percent(col[high])} of {labels[high]}'s.")
    coverage = lexicon_coverage(tables)["classified_share"]
    out.append(f"The lexicon ({len(load_themes(tables.folder))} terms) classifies "
               f"{_percent(coverage.min())}–{_percent(coverage.max())} of each report's content tokens; the rest are "
               "general words, names of places and projects, and terms of no single theme, so the shares compare the "
               "reports with each other rather than measure them whole.")

    gold_lines = gold_lines if gold_lines is not None else read_gold()
    quality = segmentation_quality(gold_lines, tables.folder)
    with_d, plain = quality.loc["jieba + project dictionary"], quality.loc["plain jieba"]
    out.append(f"On {int(with_d['sentences'])} hand-segmented sentences, jieba with the project dictionary finds "
               f"word boundaries with precision {with_d['precision']:.2f} and recall {with_d['recall']:.2f}; plain "
               f"jieba reaches {plain['precision']:.2f} and {plain['recall']:.2f}. The gold follows the dictionary's "
               "conventions, so the precision gap mostly counts terms plain jieba splits; the recall gap counts words "
               "it wrongly glues together.")

    agreement = suggestion_agreement(tables)
    made = agreement.dropna(subset=["suggested"])
    out.append(f"For what is left to curate, the context rules suggest a metric or exclusion reason for {len(made)} "
               f"of the {len(agreement)} numbers already curated and agree with the curators on "
               f"{int(made['agrees'].sum())} of them; the rules were written from these same texts, so a new report "
               "would do less well.")
    return out
