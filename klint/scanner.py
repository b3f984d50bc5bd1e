"""One pass over a document for the literals of every rule's screen (see klint.prefilter).

The linter builds one :class:`Scanner` for its rules; per document it finds, block by block,
which of their folded literals occur, with one stdlib regex: a character trie of all the
literals inside a lookahead, so overlapping and nested literals ("side effect", "effects")
are all found. While the document's rules run, the scan is active
(:func:`klint.prefilter.scanning`), and rules narrow the blocks they read with
:func:`klint.prefilter.candidates`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from klint.prefilter import Screen, fold


class Scanner:
    """Finds all the literals of many screens in a document's blocks, in one pass per block."""

    def __init__(self, screens: Iterable[Screen]) -> None:
        literals = sorted({lit for screen in screens for clause in screen.clauses for lit in clause})
        #: Zero-width at every position where a literal starts, capturing the longest one there.
        self._pattern = re.compile(f"(?=({_trie(literals)}))") if literals else None
        known = set(literals)
        #: The literals found with the longest one at one position: those it starts with.
        self._chain = {
            lit: tuple(lit[:n] for n in range(1, len(lit) + 1) if lit[:n] in known) for lit in literals
        }
        self.literals = frozenset(literals)

    def scan(self, texts: Sequence[str]) -> Scan:
        """Which block holds which literal; ``texts`` are the blocks' texts, in order."""
        where: dict[str, set[int]] = {}
        if self._pattern is not None:
            findall, chain = self._pattern.findall, self._chain
            for index, text in enumerate(texts):
                for longest in set(findall(fold(text))):
                    for literal in chain[longest]:
                        where.setdefault(literal, set()).add(index)
        return Scan(where, self.literals)


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
