"""Split block text into sentences without breaking on abbreviations, decimals or URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

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
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
_OPENER = re.compile(r"\s*[\"'“‘(\[]*(\S)")


def split_sentences(blocks: Sequence[Block]) -> Iterator[Sentence]:
    """Sentences of every block, in document order."""
    for index, block in enumerate(blocks):
        for start, end in sentence_bounds(block.view.text):
            yield Sentence(index, start, end)


def sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text``, leading/trailing space trimmed."""
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if _is_boundary(text, start, match.start(), end):
            yield from _trimmed(text, start, end)
            start = end
    yield from _trimmed(text, start, len(text))


def _is_boundary(text: str, sentence_start: int, dot: int, end: int) -> bool:
    after = _OPENER.match(text, end)
    if after is None:
        return True
    if after.group(1).islower():
        return False
    if text[dot] != ".":
        return True
    word = _WORD_BEFORE.search(text, sentence_start, dot)
    if word is None:
        return True
    token = word.group(1).lower()
    if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():  # an initial: "J. Smith"
        return False
    # "1. What is ..." at the start of a block is list-like numbering, not an end.
    return not (token.isdigit() and not text[sentence_start : word.start()].strip())


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
