"""Split block text into sentences without breaking on abbreviations, decimals or URLs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from klint.document import Block, Sentence

# Words that end in a full stop without ending the sentence (compared lower-cased,
# without the final dot).
ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms mx prof sr jr st mt vs etc e.g i.e al approx ca cf fig figs no nos vol
    inc ltd co corp dept est min max mg kg ml mcg hr hrs wk wks mo yr yrs jan feb mar apr
    jun jul aug sep sept oct nov dec u.s u.k m.d ph.d d.o r.n n.p p.a b.a m.a b.s m.s
    pharm.d dr.s lcsw lmft pmhnp-bc a.m p.m
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# A candidate end: terminal punctuation, closing quotes/brackets, then space or the end.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
#: _END for text without "!", "?" or "…": it starts with one literal, which the regex engine
#: finds with a fast scan rather than testing each character against a set.
_END_AT_DOTS = re.compile(r"\.\.*[\"'”’)\]]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
_OPENER = re.compile(r"\s*[\"'“‘(\[]*(\S)")
#: How far back a word before a full stop is looked for first (see _word_before).
_WORD_WINDOW = 24


def split_sentences(blocks: Sequence[Block]) -> list[Sentence]:
    """Sentences of every block, in document order."""
    return [
        Sentence(index, start, end)
        for index, block in enumerate(blocks)
        for start, end in sentence_bounds(block.view.text)
    ]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text``, leading/trailing space trimmed."""
    bounds: list[tuple[int, int]] = []
    start = 0
    ends = _END if "!" in text or "?" in text or "…" in text else _END_AT_DOTS
    for match in ends.finditer(text):
        end = match.end()
        if _is_boundary(text, start, match.start(), end):
            _add_trimmed(bounds, text, start, end)
            start = end
    _add_trimmed(bounds, text, start, len(text))
    return bounds


def _is_boundary(text: str, sentence_start: int, dot: int, end: int) -> bool:
    after = _OPENER.match(text, end)
    if after is None:
        return True
    if after.group(1).islower():
        return False
    if text[dot] != ".":
        return True
    word = _word_before(text, sentence_start, dot)
    if word is None:
        return True
    token = word.group(1).lower()
    if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():  # an initial: "J. Smith"
        return False
    # "1. What is ..." at the start of a block is list-like numbering, not an end.
    return not (token.isdigit() and not text[sentence_start : word.start()].strip())


def _word_before(text: str, sentence_start: int, dot: int) -> re.Match[str] | None:
    """The run of word characters, dots and hyphens that ends at ``dot``.

    Searched for in the last few characters first: a search tries every start position, and
    the whole sentence is far longer than a word. A run that begins inside that window (not
    at its edge) is the whole run; one that reaches the edge may go on, so then the sentence
    is searched.
    """
    window = max(sentence_start, dot - _WORD_WINDOW)
    word = _WORD_BEFORE.search(text, window, dot)
    if word is not None and word.start() == window > sentence_start:
        word = _WORD_BEFORE.search(text, sentence_start, dot)
    return word


def _add_trimmed(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))
