"""What a visitor typed, made into words to look for; and highlighted text made safe.

Highlighting: the database wraps matches in two private-use characters (never HTML), the whole
text is then escaped, and only balanced pairs of markers become <mark>…</mark>. Whatever a
person wrote (even the markers themselves) can never become markup.
"""

import difflib
import re

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..limits import TextLimit

QUERY = TextLimit(200, _l("Søket kan være på høyst %(max)d tegn."))
OPEN, CLOSE = "\ue000", "\ue001"
WORD = re.compile(r"\w+", re.UNICODE)
_PAIR = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
# Norwegian inflection endings (bokmål and nynorsk), longest first: "sykkelveiene" and
# "sykkelveier" both come down to "sykkelvei", which then matches as a prefix. PostgreSQL's
# `norwegian` snowball stemmer does the same properly; this serves SQLite's FTS5.
_ENDINGS = sorted(
    ("hetene", "heten", "heter", "ene", "ane", "er", "ar", "en", "et", "a", "e", "s"),
    key=len,
    reverse=True,
)
MIN_STEM = 3
MAX_WORDS = 8


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def printable(query: str) -> str:
    """The query without control characters (PostgreSQL refuses NUL in text)."""
    return _CONTROL.sub(" ", query)


def words(query: str) -> list[str]:
    """The query's words, lower case, at most MAX_WORDS."""
    return [w.lower() for w in WORD.findall(query)][:MAX_WORDS]


# Words too common to make two ideas alike (bokmål and nynorsk); PostgreSQL's `norwegian`
# configuration drops its own list.
STOPWORDS = frozenset(
    {
        "og",
        "i",
        "på",
        "til",
        "for",
        "av",
        "med",
        "om",
        "fra",
        "er",
        "som",
        "det",
        "den",
        "de",
        "en",
        "et",
        "ei",
        "at",
        "å",
        "så",
        "men",
        "eller",
        "ikkje",
        "ikke",
        "vi",
        "du",
        "jeg",
        "eg",
        "me",
        "dei",
        "kan",
        "skal",
        "vil",
        "må",
        "bør",
        "har",
        "blir",
        "ble",
        "mer",
        "meir",
        "flere",
        "fleire",
        "alle",
        "denne",
        "dette",
        "disse",
        "her",
        "der",
        "når",
        "hvor",
        "kor",
        "hva",
        "kva",
        "ved",
        "under",
        "over",
        "etter",
        "inn",
        "ut",
        "opp",
    }
)


def content_words(found: list[str]) -> list[str]:
    """The words that say something (all of them when every word is a stop word)."""
    return [w for w in found if w not in STOPWORDS] or found


def stem(word: str) -> str:
    """The word without a Norwegian inflection ending, kept at least MIN_STEM letters long."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def close_words(word: str, vocabulary: list[str], n: int = 3) -> list[str]:
    """Indexed words a typo of `word` may have meant (difflib ratio of at least 0.75)."""
    return difflib.get_close_matches(word, vocabulary, n=n, cutoff=0.75)


def highlighted(text: str | None) -> Markup:
    """The text with its markers as <mark>, everything else escaped."""
    safe = str(escape(text or ""))
    safe = _PAIR.sub(r"<mark>\1</mark>", safe)
    return Markup(safe.replace(OPEN, "").replace(CLOSE, ""))  # noqa: S704 - escaped above


def plain(text: str | None) -> str:
    """The text without markers (for JSON and for titles in attributes)."""
    return (text or "").replace(OPEN, "").replace(CLOSE, "")


def mark_similar(text: str, wanted: list[str]) -> str:
    """Markers around words that start with a wanted stem or are close to a wanted word: for
    results found through a typo, which the database's own highlighter does not mark."""
    if OPEN in text or not wanted:
        return text
    stems = [stem(w) for w in wanted]

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        hit = any(low.startswith(s) for s in stems) or any(
            difflib.SequenceMatcher(None, low, w).ratio() >= 0.75 for w in wanted
        )
        return f"{OPEN}{word}{CLOSE}" if hit else word

    return WORD.sub(one, text)
