"""Alternations of regexes searched, block by block, with only the alternatives that can match.

Rule options are lists of regexes joined into one alternation, and the regex module tries
every alternative at every position of a text. Most blocks, though, hold the strings of one
or two alternatives at most: each alternative's literal screen (klint.prefilter) says which,
and the linter's scan finds their strings (a rule lists the screens in ``part_screens``).
Searching a block with only those alternatives finds exactly what the whole alternation
finds, at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from klint import patterns, prefilter
from klint.document import Document
from klint.prefilter import Screen
from klint.rules.base import Kind, finditer, first_of, search

#: The shortest string a part's screen looks for (see :func:`_selective`).
_SELECTIVE = 3
#: Syntax by which one alternative refers to another's groups: back-references, recursion, conditions.
_CROSS_REFERENCE = patterns.compile(r"\\[1-9gG]|\(\?(?:P[=>]|&|R|[0-9+-]|\()")
#: Syntax whose ``|``, brackets or parentheses :func:`top_level_alternatives` cannot read: comments,
#: verbose patterns, version 1 (nested sets), nested or POSIX classes.
_UNPLAIN = patterns.compile(r"\(\?#|\(\?[a-zA-Z]*(?:x|V1)|\[\[|\[:")


def top_level_alternatives(source: str) -> list[str]:
    """The alternatives of regex ``source`` outside any group; ``[source]`` when unsure.

    ``a|(?:b|c)`` has two: ``a`` and ``(?:b|c)``.
    """
    if _UNPLAIN.search(source):
        return [source]
    pieces, depth, start, position, in_class = [], 0, 0, 0, False
    while position < len(source):
        char = source[position]
        if char == "\\":
            position += 1  # the escaped character is no syntax
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            position += 1 + source.startswith("^", position + 1)
            position += source.startswith("]", position)  # a "]" first in a class is literal
            continue
        elif char in "()":
            depth += 1 if char == "(" else -1
            if depth < 0:
                return [source]
        elif char == "|" and depth == 0:
            pieces.append(source[start:position])
            start = position + 1
        position += 1
    return [source] if depth or in_class else [*pieces, source[start:]]


class Alternatives:
    """An alternation of regexes, searched in each block with only the alternatives that can match there.

    The regex module tries every alternative at every position of a text, while most blocks
    can hold a match of one or two of them: each alternative's literal screen says which,
    and the linter's scan finds their strings (``part_screens``). An alternative that matches
    nowhere in a text changes no match of the alternation, so the matches are the whole's
    (though a part's ``groupdict`` lacks the other parts' group names, unmatched in the whole).
    """

    def __init__(self, sources: Sequence[str], flags: int, whole: regex.Pattern[str] | None = None) -> None:
        """The alternation of the regexes ``sources`` under ``flags``; ``whole`` is it compiled, if at hand.

        Without ``whole`` it is compiled only when it cannot be split (``regex.error`` if bad).
        """
        plain = not flags & (regex.VERBOSE | regex.V1)  # else their own syntax: pieces stay whole
        pieces = [
            piece for source in sources for piece in (top_level_alternatives(source) if plain else [source])
        ]
        self.parts = _parts(pieces, flags, whole) if len(pieces) > 1 else ()
        if whole is None and not self.parts:
            whole = regex.compile("|".join(f"(?:{source})" for source in sources), flags)
        #: The alternation compiled; None when only its parts are (their matches are its own).
        self.whole = whole
        self.screens = tuple(_selective(Screen.of(part)) for part in self.parts)

    def search_all(self, text: str, rule_id: str) -> Iterator[regex.Match[str]]:
        """The alternation's matches in ``text``, every part searched."""
        if self.whole is not None:
            return finditer(self.whole, text, rule_id)
        return first_of(self.parts, text, rule_id)

    def found_in(self, text: str, rule_id: str) -> bool:
        """Whether the alternation matches anywhere in ``text``: whether one of its parts does.

        Only the parts whose strings ``text`` holds are searched (by :func:`prefilter.fold`).
        """
        if not self.parts:
            assert self.whole is not None
            return search(self.whole, text, rule_id) is not None
        folded = prefilter.fold(text)
        return any(
            screen.met_by(folded) and search(part, text, rule_id) is not None
            for part, screen in zip(self.parts, self.screens, strict=True)
        )

    def in_document(self, doc: Document) -> InDocument:
        """The alternation as searched in ``doc``'s blocks, by the linter's scan when there is one."""
        if not self.parts:
            return InDocument(self, None, ())
        by_block: dict[int, list[int]] = {}
        anywhere = []
        for number, screen in enumerate(self.screens):
            blocks = prefilter.candidates(doc, screen)
            if blocks is None and not screen.always:
                return InDocument(self, None, ())  # no scan: every part may match anywhere
            if blocks is None:
                anywhere.append(number)
            else:
                for block in blocks:
                    by_block.setdefault(block, []).append(number)
        return InDocument(self, by_block, tuple(anywhere))


def _parts(
    pieces: Sequence[str], flags: int, whole: regex.Pattern[str] | None
) -> tuple[regex.Pattern[str], ...]:
    """``pieces`` compiled each alone, as they read inside their alternation; () when one cannot be.

    A piece reads as it does in the whole unless it points at another piece's groups or sets
    a flag for the whole pattern: then the pieces' flags differ (or differ from the whole's).
    """
    if any(_CROSS_REFERENCE.search(piece) for piece in pieces):
        return ()
    try:
        parts = tuple(regex.compile(piece, flags) for piece in pieces)
    except regex.error:
        return ()
    same = {part.flags for part in parts} == {(whole if whole is not None else parts[0]).flags}
    return parts if same else ()


def _selective(screen: Screen) -> Screen:
    """``screen`` less its clauses of one- and two-character strings ("(", "19").

    Nearly every block meets those, and finding them costs the linter's scan more than
    the searches they spare; fewer clauses screen less, never wrongly.
    """
    return Screen(frozenset(clause for clause in screen.clauses if min(map(len, clause)) >= _SELECTIVE))


@dataclass(frozen=True, slots=True)
class InDocument:
    """:class:`Alternatives` in one document: which parts may match in which block.

    ``by_block`` maps a block to the numbers of the parts its text may match (None: no scan
    told, all may); ``anywhere`` are the parts without a screen.
    """

    alternatives: Alternatives
    by_block: dict[int, list[int]] | None
    anywhere: tuple[int, ...]

    def finditer(self, text: str, index: int, rule_id: str) -> Iterator[regex.Match[str]]:
        """The whole alternation's matches in ``text``: block ``index``'s text, or a piece of it."""
        alternatives = self.alternatives
        if self.by_block is None:
            return alternatives.search_all(text, rule_id)
        numbers: Sequence[int] = self.by_block.get(index, ())
        if self.anywhere:
            numbers = sorted({*numbers, *self.anywhere})
        if not numbers:
            return iter(())
        if len(numbers) == len(alternatives.parts):
            return alternatives.search_all(text, rule_id)  # one search beats one per part
        return first_of([alternatives.parts[number] for number in numbers], text, rule_id)


def compile_alternatives(kind: Kind, key: str, *, required: bool = False) -> Alternatives | None:
    """The key's regexes as :class:`Alternatives` (None when the key is absent)."""
    whole = kind.compile(key, required=required)
    return None if whole is None else Alternatives(kind.spec.strings(key), whole.flags, whole)
