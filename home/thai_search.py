"""Thai-aware full-text search: Thai has no spaces between words, so we segment it ourselves.

Indexing stores every dictionary word found anywhere in the text (so "สุจริต" is found inside
"ความซื่อสัตย์สุจริต"), and queries are segmented with PyThaiNLP's newmm engine into the same words.
Both Wagtail search backends (SQLite FTS and PostgreSQL) then match whole tokens as usual.
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")


@lru_cache(maxsize=1)
def _dictionary():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


def thai_words_in(text: str) -> list[str]:
    """Every dictionary word in the Thai runs of `text`, once each, in first-seen order."""
    trie = _dictionary()
    seen: dict[str, None] = {}
    for run in THAI_RUN.findall(text):
        for start in range(len(run)):
            for word in trie.prefixes(run[start:]):
                seen.setdefault(word, None)
    return list(seen)


def index_text(text: str) -> str:
    """What the search index should hold for `text`: the text itself plus its Thai words."""
    return f"{text} {' '.join(thai_words_in(text))}"


def _without_punctuation(text: str) -> str:
    """Letters, digits and Thai characters kept, anything else a space. Punctuation is never
    part of an indexed word but can be query syntax to a backend (a double quote ends an SQLite
    FTS5 string early); Thai vowel and tone marks are not alphanumeric to Python."""
    return "".join(char if char.isalnum() or THAI_RUN.match(char) else " " for char in text)


def segment_query(query: str) -> str:
    """A user's query with its Thai runs split into words and its punctuation dropped."""
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(query, engine="newmm", keep_whitespace=False)
    return " ".join(" ".join(map(_without_punctuation, tokens)).split())


def marked_excerpt(text: str, query: str, *, length: int = 200) -> str:
    """Up to `length` characters of `text` around the first word of the query found in it, as
    HTML with every found word in <mark>. Thai runs together, so words are matched inside text."""
    text = " ".join(text.split())
    terms = sorted({t for t in segment_query(query).split() if t}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - length // 3) if found else 0
    window = text[start : start + length]
    if not pattern:
        pieces = [escape(window)]
    else:
        pieces, last = [], 0
        for match in pattern.finditer(window):
            pieces += [
                escape(window[last : match.start()]),
                f"<mark>{escape(match.group())}</mark>",
            ]
            last = match.end()
        pieces.append(escape(window[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)
