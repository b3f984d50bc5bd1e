"""Is a match the author's own claim? Negation, reported speech (myths) and questions.

Health copy often states a myth in order to refute it ("Myth: ketamine is addictive",
"Some people believe it works instantly"). Those words are reported, not asserted, and
a reviewer would not flag them; the same goes for negated absolutes ("isn't a miracle
cure") and questions ("Is ketamine a cure?").
"""

from __future__ import annotations

import regex

from klint import patterns
from klint.document import Document, Sentence

# A negator shortly before the match, inside the same clause.
_NEGATION = patterns.compile(
    r"(?:\b(?:not|never|no|nor|without|neither|hardly|cannot|nothing|none)\b|n['’]t\b)"
    r"(?:[^\S\n]+[\w'’-]+){0,3}[^\S\n]*$",
    regex.I,
)
_CLAUSE_BREAK = patterns.compile(r"[,;:—–()\"“”]|\bbut\b|\bhowever\b|\bwhile\b|\bwhereas\b", regex.I)

# Cues that what follows is someone else's belief rather than the author's claim.
_REPORTED = patterns.compile(
    r"""
    ^\W*(?:myths?|misconceptions?|fiction|false|(?:common|popular|widespread)\s+(?:beliefs?|myths?)
         |beliefs?|rumou?rs?|the\s+claim)\b(?:\s*\#?\d+)?\W*\s*[:.\-–—]
    | \b(?:myths?|misconceptions?|misperceptions?|misunderstandings?|misbeliefs?|stereotypes?
         |assumptions?|fallacy|fallacies)\b[^.!?]{0,60}?\b(?:is|was|are|holds?|says?|goes)\b
    | \b(?:people|some|many|others|folks|critics|skeptics|sceptics|you|they)
         (?:\s+[\w'’-]+){0,3}?\s+
         (?:think|thinks|thought|believe|believes|believed|assume|assumes|assumed|view|views
         |fear|fears|worry|worries|expect|expects|imagine|imagines|claim|claims|say|says
         |hear|heard|suppose|suspect|misperceive)\b
    | \b(?:misperceived|misconceived|mistaken|misunderstood|portrayed|perceived|dismissed
         |stereotyped|labell?ed|seen|regarded|viewed)\s+as\b
    | \bit\s+is\s+(?:often|commonly|widely|sometimes|frequently)?\s*
         (?:believed|thought|assumed|said|claimed|rumou?red)\b
    | \b(?:it['’]s|it\s+is)\s+(?:a\s+)?(?:myth|misconception|false|untrue|not\s+true)\b
    """,
    regex.I | regex.X,
)

_MYTH_HEADING = patterns.compile(
    r"^\W*(?:myths?|misconceptions?|fiction|(?:common|popular|widespread)\s+beliefs?|beliefs?)\b", regex.I
)
# "Did you know ketamine is FDA-approved?" asserts what it asks.
_ASSERTING_QUESTION = patterns.compile(r"\W*did\s+you\s+know\b", regex.I)
_MYTH_SECTION = patterns.compile(
    r"\b(?:myths?|misconceptions?|misperceptions?|misunderstandings?)\b", regex.I
)


def is_negated(text: str, start: int) -> bool:
    """True when a negator stands within three words before ``start``, same clause."""
    before = text[max(0, start - 80) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return _NEGATION.search(before) is not None


def _heading_path(doc: Document, block_index: int) -> list[str]:
    """The heading itself (must start with "Myth") and parents naming myths anywhere."""
    block = doc.blocks[block_index]
    found = [block.text] if _MYTH_HEADING.match(block.text) else []
    level, index = block.level, block.section
    while index >= 0:
        parent = doc.blocks[index]
        if parent.level < level:
            if _MYTH_SECTION.search(parent.text):
                found.append(parent.text)
            level = parent.level
        index = parent.section
    return found


def is_reported(doc: Document, sentence: Sentence, start: int) -> bool:
    """True when the sentence reports a belief (a myth) rather than asserting it.

    ``start`` is the match's index in the block text; only cues before it count, so
    "Myth: X. In fact Y" style refutations that follow are still the author's.
    """
    block = doc.blocks[sentence.block]
    text = block.view.text
    if block.kind == "heading" and _heading_path(doc, sentence.block):
        return True
    piece = text[sentence.start : sentence.end]
    if piece.rstrip().endswith("?") and not _ASSERTING_QUESTION.match(piece):
        return True
    return _REPORTED.search(text[sentence.start : max(start, sentence.start)]) is not None
