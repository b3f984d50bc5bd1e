"""One pass over a document for the literals of every rule's screen (see klint.prefilter).

The linter builds one :class:`Scanner` for its rules; per document it finds, block by block,
which of their folded literals occur, with one stdlib regex: a character trie of all the
literals inside a lookahead, so overlapping and nested literals ("side effect", "effects")
are all found. The first few documents are scanned with plain substring search instead,
which finds the same and needs nothing compiled. While the document's rules run, the scan
is active (:func:`klint.prefilter.scanning`), and rules narrow the blocks they read with
:func:`klint.prefilter.candidates`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from klint.prefilter import Screen, fold

#: Documents a process scans by substring search before it compiles the one regex.
PLAIN_SCANS = 3
#: Joins a document's folded blocks for the substring search; no literal may hold it.
_SEPARATOR = "\x00"


class Scanner:
    """Finds all the literals of many screens in a document's blocks, in one pass per block."""

    def __init__(self, screens: Iterable[Screen]) -> None:
        self.literals = frozenset(
            lit for screen in screens for clause in screen.clauses for lit in clause if lit
        )
        #: Documents still to scan by substring search (which joins blocks with the separator).
        self._plain_left = 0 if any(_SEPARATOR in lit for lit in self.literals) else PLAIN_SCANS

    def scan(self, texts: Sequence[str]) -> Scan:
        """Which block holds which literal; ``texts`` are the blocks' texts, in order.

        Substring search costs about 7 ms more per document than the one regex, and compiling
        the regex about 20–45 ms, so the first few documents of a process are searched for
        substrings: a one-file run (a pre-commit hook) never compiles the regex.
        """
        folded = [fold(text) for text in texts]
        if self._plain_left > 0:
            self._plain_left -= 1
            return Scan(self._find_each(folded), self.literals)
        return Scan(self._find_all(folded), self.literals)

    def _find_each(self, folded: Sequence[str]) -> dict[str, set[int]]:
        """Every literal looked for with ``str.find`` in the blocks joined, each hit mapped to its block."""
        starts, offset = [], 0
        for text in folded:
            starts.append(offset)
            offset += len(text) + 1
        joined = _SEPARATOR.join(folded)
        where: dict[str, set[int]] = {}
        for literal in self.literals:
            at = joined.find(literal)
            while at >= 0:
                block = bisect_right(starts, at) - 1
                where.setdefault(literal, set()).add(block)
                at = joined.find(literal, starts[block + 1]) if block + 1 < len(starts) else -1
        return where

    def _find_all(self, folded: Sequence[str]) -> dict[str, set[int]]:
        where: dict[str, set[int]] = {}
        if self._compiled is not None:
            findall, chain = self._compiled
            for index, text in enumerate(folded):
                for longest in set(findall(text)):
                    for literal in chain[longest]:
                        where.setdefault(literal, set()).add(index)
        return where

    @cached_property
    def _compiled(self) -> tuple[Callable[[str], list[str]], dict[str, tuple[str, ...]]] | None:
        """One regex zero-width at every position where a literal starts, capturing the longest
        one there; and for each literal, the literals found with it (those it starts with)."""
        if not self.literals:
            return None
        literals = sorted(self.literals)
        pattern = re.compile(f"(?=({_trie(literals)}))")
        chain = {
            lit: tuple(lit[:n] for n in range(1, len(lit) + 1) if lit[:n] in self.literals)
            for lit in literals
        }
        return pattern.findall, chain


@dataclass(frozen=True, slots=True)
class Scan:
    """The blocks of one document holding each literal the scanner looked for."""

    where: dict[str, set[int]]
    looked_for: frozenset[str]
    _known: dict[Screen, frozenset[int] | None] = field(default_factory=dict, repr=False)

    def blocks(self, screen: Screen) -> frozenset[int] | None:
        """Indices of the blocks that meet ``screen``; None when it lets every block through.

        A clause with a literal the scanner did not look for is not judged (sound, not fast).
        """
        if screen not in self._known:
            self._known[screen] = self._blocks(screen)
        return self._known[screen]

    def _blocks(self, screen: Screen) -> frozenset[int] | None:
        found: set[int] | None = None
        for clause in screen.clauses:
            if not clause <= self.looked_for:
                continue
            met: set[int] = set()
            for literal in clause:
                if literal in self.where:
                    met |= self.where[literal]
            found = met if found is None else found & met
            if not found:
                return frozenset()
        return None if found is None else frozenset(found)


def _trie(literals: Sequence[str]) -> str:
    """A regex for ``literals`` as a character trie, which matches the longest one first."""
    root: dict[str, Any] = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
