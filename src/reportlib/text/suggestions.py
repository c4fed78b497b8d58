"""Help with what is left to curate: the words around an uncurated number, and the metric or
exclusion reason they suggest.

`python -m reportlib check` prints uncurated_report for the numbers no row claims yet;
suggestion_agreement runs the same rules on the numbers already curated, to show how far a
suggestion can be trusted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reportlib.curation.load import Tables
from reportlib.curation.mentions import Mention, find_mentions
from reportlib.text.segment import cut, normalise_with_offsets
from reportlib.curation.textmatch import LayoutText, occurrences_in, squeeze

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
