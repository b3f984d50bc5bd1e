"""A literal prefilter: run a rule only on the blocks where its patterns could match.

Most of a rule set's patterns cannot match without some plain word: ``\\bguarantee[sd]?\\b``
needs "guarantee", a ketamine-and-FDA sentence needs both words. From a regex's parse tree
we derive a set of folded (lower-cased) strings one of which every match contains; a
rule's :class:`Screen` combines such sets ("all of these clauses, each one of these
strings"). The linter's ``klint.scanner.Scanner`` finds every rule's strings in a document
in one pass, skips the rules whose screen no block meets, and makes the scan active
(:func:`scanning`) while the others run, so each can read only the blocks its screen lets
through (:func:`candidates`, ``Kind.candidate_blocks``).

The analysis is sound by construction, never clever: a construct it does not understand
(the ``regex`` module's own syntax, classes, big sets) yields no requirement, so the rule
simply runs everywhere. Only characters whose case-insensitive partners ``fold`` maps to
the same string are kept in literals (the tests check this against every code point).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    from re import _constants as sre
    from re import _parser as sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants as sre
    import sre_parse

if TYPE_CHECKING:
    from klint.scanner import Scan

Literals = frozenset[str]

#: Non-ASCII characters that may appear in literals: typographic marks without case partners.
CASELESS = frozenset("\u00a0‘’‚“”„‐‑‒–—―…«»")
#: Characters outside ASCII that ``regex`` matches case-insensitively to an ASCII letter.
_FOLD_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
#: Sets of exact strings stop growing past this size (then only what they require is kept).
_MAX_EXACT = 64
#: Character classes with more members than this are treated as "any character".
_MAX_CLASS = 8
#: An ``|`` of two screens, or a piece of a pattern, keeps at most this many clauses.
_MAX_CLAUSES = 8
#: The most clauses one pattern adds to a screen: its most selective ones.
_MAX_PATTERN_CLAUSES = 3
#: Clauses whose shortest string is shorter than this are kept only when nothing better is known.
_SHORT = 3
#: Flags of the ``regex`` module the stdlib parser cannot stand for (VERSION1, FULLCASE).
_FOREIGN_FLAGS = 0x0100 | 0x4000
#: Flags that change how a pattern is parsed, the same bits in both engines (I, M, S, U, X).
_PARSE_FLAGS = re.I | re.M | re.S | re.U | re.X
#: Where the two engines read the same text differently without an error: fuzzy or odd
#: ``{...}``, POSIX or nested classes, escapes of letters beyond the common ones.
_FOREIGN_SYNTAX = re.compile(
    r"\{(?!(?:\d+(?:,\d*)?|,\d+)\})|\[[\[:]|\\[^\\dDsSwWbBAZntrfxuUN0-9\W]|\(\?(?![:=!#>(]|<[=!]|P[<=]|[aiLmsux-]+[:)])"
)
#: An escape, with the ``regex`` module's Unicode properties (``\p{Lu}``) matched whole.
_ESCAPE = re.compile(r"\\(?:[pP](?:\{[^}]*\}|[A-Za-z])|.)", re.S)
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


def fold(text: str) -> str:
    """Lower-case ``text`` so that a case-insensitive match of a literal shows up folded."""
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_FOLD_FIXES)
    return text.lower()


def _keeps(char: str) -> bool:
    return (char.isascii() and char != "\x00") or char in CASELESS


@lru_cache(maxsize=4096)
def required_clauses(source: str, flags: int = 0) -> frozenset[Literals]:
    """Sets of folded strings such that the text of any match holds one string of each set.

    "The text" is what the pattern runs on: a positive lookaround's words count, though they
    lie outside the match. The most selective few sets are kept; none when nothing is known.
    """
    # A property class matches one character, like the NUL that stands for it here: unknown.
    source = _ESCAPE.sub(lambda m: r"\x00" if m.group(0)[1] in "pP" else m.group(0), source)
    if flags & _FOREIGN_FLAGS or _FOREIGN_SYNTAX.search(source):
        return frozenset()
    try:
        tree = sre_parse.parse(source, flags & _PARSE_FLAGS)
    except Exception:  # the regex module's own syntax: no requirement, the rule always runs
        return frozenset()
    return _prune(_sequence(list(tree))[1], _MAX_PATTERN_CLAUSES)


def required_literals(source: str, flags: int = 0) -> Literals | None:
    """The most selective of :func:`required_clauses`, or None."""
    clauses = required_clauses(source, flags)
    return max(clauses, key=_score) if clauses else None


# An analysed piece of a pattern: (exact, clauses). ``exact`` is the set of every string the
# piece can match, when small and known; ``clauses`` are sets of which the text holds one
# string each wherever the piece matches (none: nothing is known).
_Info = tuple[Literals | None, frozenset[Literals]]
_NOTHING: frozenset[Literals] = frozenset()


def _need(exact: Literals) -> Literals | None:
    return None if "" in exact or not exact else _minimal(exact)


def _minimal(literals: Literals) -> Literals:
    """Drop strings that hold another of the set: "guarantee" covers "guaranteed"."""
    kept: list[str] = []
    for literal in sorted(literals, key=len):
        if not any(shorter in literal for shorter in kept):
            kept.append(literal)
    return frozenset(kept)


def _score(literals: Literals) -> tuple[int, int, list[str]]:
    """How selective a set looks: longer shortest string first, then fewer strings (then any)."""
    return min(min(map(len, literals)), 12), -len(literals), sorted(literals)


def _prune(clauses: Iterable[Literals], keep: int) -> frozenset[Literals]:
    """The ``keep`` most selective clauses, less those another kept clause implies.

    Clauses of one- and two-letter strings ("is", "to") are dropped when there are others:
    nearly every block meets them, and finding them costs the scanner more than they save.
    """
    ordered = sorted(set(clauses), key=_score, reverse=True)
    ordered = [clause for clause in ordered if _score(clause)[0] >= _SHORT] or ordered
    kept: list[Literals] = []
    for clause in ordered:
        if not any(all(any(b in a for b in clause) for a in other) for other in kept):
            kept.append(clause)
    return frozenset(kept[:keep])


def _either(one: frozenset[Literals], other: frozenset[Literals]) -> frozenset[Literals]:
    """Clauses met when ``one`` or ``other`` is: distributed, or one weaker clause when too many."""
    if not one or not other:
        return _NOTHING
    product = {_minimal(a | b) for a in one for b in other}
    if len(product) <= _MAX_CLAUSES:
        return frozenset(product)
    return frozenset({_minimal(max(one, key=_score) | max(other, key=_score))})


def _sequence(items: Sequence[tuple[Any, Any]]) -> _Info:
    clauses: set[Literals] = set()
    run: Literals = frozenset({""})
    whole = True
    for op, av in items:
        exact, needs = _node(op, av)
        clauses |= needs
        if exact is not None and len(run) * len(exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        whole = False
        if (need := _need(run)) is not None:
            clauses.add(need)
        run = exact if exact is not None else frozenset({""})
    if (need := _need(run)) is not None:
        clauses.add(need)
    return (run if whole else None), _prune(clauses, _MAX_CLAUSES)


def _node(op: Any, av: Any) -> _Info:
    if op is sre.LITERAL:
        char = chr(av)
        return (frozenset({fold(char)}) if _keeps(char) else None), _NOTHING
    if op is sre.IN:
        return _class(av), _NOTHING
    if op is sre.ASSERT:  # the text holds what a positive lookaround needs
        return frozenset({""}), _sequence(av[1])[1]
    if op in (sre.AT, sre.ASSERT_NOT):
        return frozenset({""}), _NOTHING
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op is sre.BRANCH:
        return _branch(av[1])
    if op in _REPEATS:
        return _repeat(av[0], av[1], av[2])
    return None, _NOTHING


def _class(items: Sequence[tuple[Any, Any]]) -> Literals | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    folded = frozenset(map(fold, chars))
    return folded if all(map(_keeps, chars)) and len(folded) <= _MAX_CLASS else None


def _branch(alternatives: Sequence[Sequence[tuple[Any, Any]]]) -> _Info:
    infos = [_sequence(list(alternative)) for alternative in alternatives]
    clauses = infos[0][1]
    for _, needs in infos[1:]:
        clauses = _either(clauses, needs)
    exacts = [exact for exact, _ in infos]
    if all(exact is not None for exact in exacts):
        union = frozenset().union(*exacts)  # type: ignore[arg-type]
        if len(union) <= _MAX_EXACT:
            return union, clauses
    return None, clauses


def _repeat(low: int, high: int, item: Sequence[tuple[Any, Any]]) -> _Info:
    exact, needs = _sequence(list(item))
    if low == 0:
        return (exact | {""} if high == 1 and exact is not None else None), _NOTHING
    if exact is not None and low == high and len(exact) ** low <= _MAX_EXACT:
        product = frozenset({""})
        for _ in range(low):
            product = frozenset(a + b for a in product for b in exact)
        return product, needs
    return None, needs  # at least one copy, so whatever one copy needs


@dataclass(frozen=True, slots=True)
class Screen:
    """What a text must hold for a rule to find anything in it.

    Each clause is a set of folded strings one of which must occur; every clause must be
    met. No clauses: the rule can match anywhere and always runs.
    """

    clauses: frozenset[Literals] = frozenset()

    @classmethod
    def of(cls, *patterns: Any) -> Screen:
        """All of these compiled patterns (``re`` or ``regex``) must match; None entries are skipped."""
        clauses: set[Literals] = set()
        for pattern in patterns:
            if pattern is not None:
                flags = pattern.flags & ~re.A if isinstance(pattern, re.Pattern) else pattern.flags
                clauses |= required_clauses(pattern.pattern, flags)
        return cls(_prune(clauses, len(clauses)))

    @property
    def always(self) -> bool:
        return not self.clauses

    def __and__(self, other: Screen) -> Screen:
        return Screen(self.clauses | other.clauses)

    def __or__(self, other: Screen) -> Screen:
        """Either screen; clauses are distributed, or cut down to one weaker clause when too many."""
        return Screen(_either(self.clauses, other.clauses))

    def passes(self, text: str) -> bool:
        """Whether ``text`` may hold a match (the slow way, one text at a time)."""
        return self.met_by(fold(text))

    def met_by(self, folded: str) -> bool:
        """Whether text already folded with :func:`fold` may hold a match."""
        return all(any(literal in folded for literal in clause) for clause in self.clauses)


ALWAYS = Screen()


def any_of(screens: Iterable[Screen]) -> Screen:
    """A screen met when any of ``screens`` is (ALWAYS when there are none)."""
    combined: Screen | None = None
    for screen in screens:
        combined = screen if combined is None else combined | screen
    return combined or ALWAYS


#: The scan of the document being linted, so rules can narrow their blocks (see ``candidates``).
_ACTIVE: ContextVar[tuple[object, Scan] | None] = ContextVar("klint_prefilter_scan", default=None)


def candidates(doc: object, screen: Screen) -> frozenset[int] | None:
    """Blocks of ``doc`` that meet ``screen`` by the active scan; None means all of them."""
    active = _ACTIVE.get()
    if active is None or active[0] is not doc or screen.always:
        return None
    return active[1].blocks(screen)


@contextmanager
def scanning(doc: object, scan: Scan) -> Iterator[None]:
    """Make ``scan`` the active scan of ``doc`` inside a ``with`` block."""
    token = _ACTIVE.set((doc, scan))
    try:
        yield
    finally:
        _ACTIVE.reset(token)
