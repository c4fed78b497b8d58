"""Turn a raw report into jieba tokens: layout normalisation, the project dictionary, stopwords.

jieba is used through dedicated `jieba.Tokenizer` instances, never the global `jieba.dt`, so that
loading our dictionary changes nothing for other code in the same process. Initialisation is
quiet (jieba's "Building prefix dict…" / "Loading model…" lines are debug records, held back
while we initialise) and its dictionary cache goes to a per-user folder (by default jieba writes
a 9 MB file shared by all users, tempfile.gettempdir()/jieba.cache).
"""

from __future__ import annotations

import contextlib
import gc
import functools
import logging
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from reportlib.curation.errors import DataError, Problem
from reportlib.curation.parse import MULTIPLIERS, base_units, read_unit_words
from reportlib.curation.paths import data_dir, display_path

with warnings.catch_warnings():
    # jieba 0.42.1 leaves analyse/idf.txt open when jieba.analyse is imported (a ResourceWarning,
    # an error under pytest's filterwarnings=error) and, with setuptools 80.x, imports the
    # deprecated pkg_resources (a UserWarning). Neither says anything about our analysis.
    warnings.simplefilter("ignore", ResourceWarning)
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    import jieba
    import jieba.analyse
    import jieba.posseg

    gc.collect()  # finalise the file jieba left open now, while its warning is still ignored

USERDICT = "userdict.txt"
STOPWORDS = "stopwords.txt"

# A line break is kept (as "\n") after a line that ends a sentence or is a heading, caption or
# byline; any other line break was put there by the page layout, inside a sentence.
SENTENCE_END = "。！？；：!?;:…"
CLOSING = "”’」』）)》\"'"
SHORT_LINE = 30  # headings, captions and bylines in these texts are shorter; broken paragraph lines longer


@functools.lru_cache(maxsize=1)
def _quantity_word() -> re.Pattern:
    """A multiplier, hedge or unit on its own; the units are those of the vocabulary (data/vocab/units.csv)."""
    units = base_units(read_unit_words())
    return re.compile("^(?:余|多)?(?:{mult}|千|百)*(?:余|多)?(?:{unit})?(?:以上|左右)?$".format(
        mult="|".join(MULTIPLIERS), unit="|".join(re.escape(u) for u in units)))


_NUMERAL_WORD = re.compile("^第?[一二三四五六七八九十两百千万几]+[个大项类批支方条件点种次届期轮名家处年季度级场米字]*$")


def cache_dir() -> Path:
    """Where jieba's dictionary cache goes: $XDG_CACHE_HOME/reportlib, else ~/.cache/reportlib."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportlib"


# --- layout -------------------------------------------------------------------------------------

def _glues(left: str, right: str) -> bool:
    """Would removing the whitespace between these characters join two Latin words or numbers?"""
    return left.isascii() and right.isascii() and left.isalnum() and right.isalnum()


def _keeps_break(line: str) -> bool:
    """Does a line break after this line end something (a sentence, heading, caption, byline)?"""
    line = line.strip().rstrip(CLOSING)
    return not line or line[-1] in SENTENCE_END or line.lstrip().startswith("#") or len(line.strip()) < SHORT_LINE


@functools.lru_cache(maxsize=64)
def normalise_with_offsets(raw: str) -> tuple[str, tuple[int, ...]]:
    """The normalised text and, for each of its characters, the offset of the raw character it came from.
    (A pure function of the text, kept for the last texts seen: the suggestions ask it once per number.)

    Whitespace inside a line is removed ("工 程" → "工程"), except that one space is kept where removing
    it would join two Latin words or two numbers ("1 000" stays; "优势 and 产业" becomes "优势and产业",
    which jieba still cuts into three). A line break is kept as one "\\n" after a line that ends a
    sentence or is a heading, caption or byline (shorter than SHORT_LINE characters); other line breaks
    (a sentence broken by the page layout: "投资\\n\\n110万元") are removed like spaces. Inserted
    characters map to the raw offset of the whitespace they replace.
    """
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(raw)
    line_start = 0
    while i < n:
        ch = raw[i]
        if not ch.isspace():
            out.append(ch)
            offsets.append(i)
            i += 1
            continue
        j = i
        while j < n and raw[j].isspace():
            j += 1
        run = raw[i:j]
        if out and j < n:  # leading and trailing whitespace goes
            if "\n" in run and _keeps_break(raw[line_start:i]):
                out.append("\n")
                offsets.append(i)
            elif _glues(out[-1], raw[j]):
                out.append(" ")
                offsets.append(i)
        if "\n" in run:
            line_start = i + run.rindex("\n") + 1
        i = j
    return "".join(out), tuple(offsets)


def normalise(raw: str) -> str:
    """The report text ready for segmenting: layout whitespace removed (see normalise_with_offsets).

    The raw files are never changed; this returns a new string.
    """
    return normalise_with_offsets(raw)[0]


# --- dictionary and stopwords -------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One line of the project dictionary."""

    term: str
    freq: int | None
    tag: str | None
    line: int


def _lines(path: Path) -> list[tuple[int, str]]:
    """Numbered non-blank, non-comment lines of a UTF-8 word list."""
    if not path.is_file():
        raise DataError([Problem(display_path(path), "file not found")])
    text = path.read_text(encoding="utf-8-sig")
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def read_userdict(path: Path | None = None) -> list[Entry]:
    """The project dictionary (data/text/userdict.txt) as entries; raise DataError on a bad line."""
    path = Path(path) if path is not None else data_dir() / "text" / USERDICT
    entries, problems, seen = [], [], {}
    for number, line in _lines(path):
        match = re.fullmatch(r"(\S+)(?: (\d+))?(?: ([a-z]+))?", line)
        if not match:
            problems.append(Problem(display_path(path), "expected `term [frequency] [tag]` separated by single spaces",
                                    row=number, value=line))
            continue
        term, freq, tag = match.groups()
        if term in seen:
            problems.append(Problem(display_path(path), f"duplicate term (first on line {seen[term]})",
                                    row=number, value=term))
        seen.setdefault(term, number)
        entries.append(Entry(term, int(freq) if freq else None, tag, number))
    if problems:
        raise DataError(problems)
    return entries


def _version(path: Path) -> tuple[int, int] | None:
    """What changes when a file is edited (modification time in ns, size); None if it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=4)
def _stopwords(path: Path, version: tuple[int, int] | None) -> frozenset[str]:
    return frozenset(line for _, line in _lines(path))


def stopwords(folder: Path | None = None) -> frozenset[str]:
    """The project stopwords (data/text/stopwords.txt): function words and report boilerplate.

    Read once per version of the file (its modification time and size), so an edit is seen at once."""
    path = Path(folder or data_dir()) / "text" / STOPWORDS
    return _stopwords(path, _version(path))


# --- tokenizers ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _quiet_jieba():
    """Hold back jieba's log records while it initialises, and put its level back afterwards.

    Its only records are the debug lines ("Building prefix dict…", "Loading model cost…") and,
    if the cache folder cannot be written, "Dump cache file failed": a lost speed-up, not an error.
    """
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _new_tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(folder)
    except OSError:
        # no writable cache folder: a private temporary one, so no file is shared with other users
        import tempfile

        tokenizer.tmp_dir = tempfile.mkdtemp(prefix="reportlib-jieba-")
    tokenizer.cache_file = "jieba.cache"  # jieba's own dictionary only; ours is added after loading
    with _quiet_jieba():
        tokenizer.initialize()
    return tokenizer


# A dictionary term without a frequency gets jieba's suggested one (just enough to keep the term whole
# when it stands alone), raised to at least this, so that it also wins against a neighbour's word in
# context (化解|矛盾纠纷, not 化解矛盾|纠纷). data/text/userdict.txt says the same in its header.
MIN_FREQ = 100


@functools.lru_cache(maxsize=4)
def _tokenizer(entries: tuple[Entry, ...] | None) -> jieba.Tokenizer:
    tokenizer = _new_tokenizer()
    if entries is not None:
        with _quiet_jieba():
            # suggested frequencies are computed against jieba's own dictionary, before any of ours is added
            freqs = [e.freq if e.freq is not None else max(tokenizer.suggest_freq(e.term), MIN_FREQ) for e in entries]
            for entry, freq in zip(entries, freqs):
                tokenizer.add_word(entry.term, freq, entry.tag)
    return tokenizer


def tokenizer(dictionary: bool = True, folder: Path | None = None) -> jieba.Tokenizer:
    """A jieba Tokenizer of our own, with the project dictionary of `folder` (default data/) or without it.

    Built once per process and dictionary content (a copy of data/ with the same userdict.txt
    shares it), then reused.
    """
    if not dictionary:
        return _tokenizer(None)
    path = Path(folder or data_dir()) / "text" / USERDICT
    return _tokenizer(_dictionary_terms(path, _version(path)))  # a missing file: read_userdict reports it


@functools.lru_cache(maxsize=16)
def _dictionary_terms(path: Path, version) -> tuple[Entry, ...]:
    """The entries of a userdict without their line numbers (so that equal files give equal keys)."""
    return tuple(Entry(e.term, e.freq, e.tag, 0) for e in read_userdict(path))


@functools.lru_cache(maxsize=4)
def _pos_tokenizer(base: jieba.Tokenizer) -> jieba.posseg.POSTokenizer:
    shared = jieba.posseg.dt  # built when jieba.posseg was imported, from jieba's own dictionary
    if base.dictionary != shared.tokenizer.dictionary:
        with _quiet_jieba():
            return jieba.posseg.POSTokenizer(base)
    # the same dictionary: copy its word tags rather than read the 350,000 lines again (~1.7 s)
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = base
    pos.word_tag_tab = dict(shared.word_tag_tab)
    return pos


def pos_tokenizer(dictionary: bool = True, folder: Path | None = None) -> jieba.posseg.POSTokenizer:
    """A part-of-speech tokenizer over `tokenizer(...)` (what jieba's TextRank needs)."""
    return _pos_tokenizer(tokenizer(dictionary, folder))


def cut(text: str, dictionary: bool = True, folder: Path | None = None, normalised: bool = False) -> list[str]:
    """The tokens of a text, whitespace dropped; the text is normalised first unless `normalised`."""
    if not normalised:
        text = normalise(text)
    return [t for t in tokenizer(dictionary, folder).cut(text) if not t.isspace()]


def has_han(token: str) -> bool:
    """Does the token contain a Chinese character?"""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in token)


def is_quantity_word(token: str) -> bool:
    """A multiplier, hedge or unit on its own (万元, 余个, 万平方米, 人次): part of a number, not content."""
    return bool(token) and bool(_quantity_word().match(token))


def is_numeral_word(token: str) -> bool:
    """A number in Chinese characters, with or without a measure word (两个, 三大, 第一, 十九届, 一批)."""
    return bool(_NUMERAL_WORD.match(token))


def is_content(token: str, stop: frozenset[str]) -> bool:
    """A content token: contains a Chinese character, is at least two characters long, is not a
    stopword, not a bare unit or multiplier and not a numeral word. Single characters are function
    words or measure words in these texts (的, 和, 个, 村)."""
    return (len(token) >= 2 and has_han(token) and token not in stop
            and not is_quantity_word(token) and not is_numeral_word(token))


def content_tokens(text: str, folder: Path | None = None) -> list[str]:
    """The content tokens of a raw report text (see is_content), in order."""
    stop = stopwords(folder)
    return [t for t in cut(text, folder=folder) if is_content(t, stop)]
