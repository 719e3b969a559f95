"""Thai-aware full-text search: Thai has no spaces between words, so we segment it ourselves.

Indexing stores every dictionary word found anywhere in the text (so "สุจริต" is found inside
"ความซื่อสัตย์สุจริต"), and queries are segmented with PyThaiNLP's newmm engine into the same words.
Both Wagtail search backends (SQLite FTS and PostgreSQL) then match whole tokens as usual.
"""

import re
from functools import lru_cache

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
