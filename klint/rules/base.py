"""What every rule kind shares: its declared options, pattern compiling and the Rule protocol.

A kind is a class with ``KEYS`` (its own YAML options and their types) and a constructor
taking a :class:`RuleSpec`; the loader rejects any key a kind does not declare, so a
typo in a rule set is an error that names the file and line, never a silent no-op.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

import regex

from klint import prefilter, timelimit
from klint.document import SCOPES, Block, Document
from klint.model import Finding, RuleInfo
from klint.timelimit import PATTERN_TIMEOUT, PatternTimeout
from klint.yamlfile import KlintError

#: Scopes a rule reads when it names none: all prose except footnote definitions.
DEFAULT_SCOPES = frozenset(SCOPES)


@dataclass(frozen=True, slots=True)
class Param:
    """One option of a kind: its YAML type and whether it must be given."""

    type: str  # str | bool | int | strings | patterns | mapping | list | any
    required: bool = False
    doc: str = ""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as written in a rule set, validated for the common keys."""

    info: RuleInfo
    params: Mapping[str, Any]
    scopes: frozenset[str] | None
    case_sensitive: bool
    origin: tuple[str, int]
    settings: Mapping[str, Any] = field(default_factory=dict)

    def error(self, message: str, key: str | None = None) -> KlintError:
        """An error located at this rule (or at one of its keys) in its rule-set file."""
        line = self.origin[1]
        lines = getattr(self.params, "key_lines", None)
        if key and lines:
            line = lines.get(key, line)
        return KlintError(f"rule '{self.info.id}': {message}", self.origin[0], line)

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)

    def strings(self, key: str) -> list[str]:
        value = self.params.get(key) or []
        return [value] if isinstance(value, str) else [str(item) for item in value]


@runtime_checkable
class Rule(Protocol):
    """A rule that judges one document at a time (pure: no I/O, no printing)."""

    info: RuleInfo

    def check(self, doc: Document) -> Iterable[Finding]: ...


@runtime_checkable
class SiteRule(Protocol):
    """A rule that compares documents: collects per document, then judges them together.

    ``collect`` runs per document (in parallel, cacheable; it must return picklable
    data); ``check_site`` gets every document's collected data in path order.
    """

    info: RuleInfo

    def collect(self, doc: Document) -> Any: ...

    def check_site(self, collected: Sequence[tuple[str, Any]]) -> Iterable[Finding]: ...


class Kind:
    """Base of built-in kinds: declares options; subclasses implement ``check``.

    ``screen`` is a promise to the linter's literal prefilter: ``check`` finds nothing in
    a block that does not meet it (a document-level rule: in a document with no such
    block), so the linter skips the rule there. Build it with ``prefilter.Screen.of(...)``
    from the patterns a match needs, and read blocks through :meth:`candidate_blocks`.
    A rule that narrows its parts by other screens (``prefilter.candidates``) lists them in
    ``part_screens`` so the linter's scan looks for their strings too.
    """

    KEYS: ClassVar[Mapping[str, Param]] = {}

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.info = spec.info
        self.screen: prefilter.Screen = prefilter.ALWAYS
        self.part_screens: tuple[prefilter.Screen, ...] = ()

    def candidate_blocks(self, doc: Document, scopes: frozenset[str] | None) -> Iterator[tuple[int, Block]]:
        """``doc.blocks_in(scopes)``, less the blocks the active prefilter scan says fail ``screen``."""
        allowed = prefilter.candidates(doc, self.screen)
        if allowed is None:
            yield from doc.blocks_in(scopes)
            return
        for index in sorted(allowed):
            block = doc.blocks[index]
            if scopes is None or block.scopes & scopes:
                yield index, block

    def compile(self, key: str, *, required: bool = False) -> regex.Pattern[str] | None:
        """One alternation of the key's regexes (None when the key is absent)."""
        patterns = self.spec.strings(key)
        if not patterns:
            if required:
                raise self.spec.error(f"'{key}' needs at least one pattern", key)
            return None
        return compile_patterns(patterns, self.spec, key)

    def compile_each(self, key: str) -> list[regex.Pattern[str]]:
        """Each of the key's regexes compiled on its own (all must match, say)."""
        return [compile_patterns([p], self.spec, key) for p in self.spec.strings(key)]


_TERM_CHARS = {" ": r"\s+", "'": "['’]", "’": "['’]", "-": "[-‐‑–]"}


def terms_pattern(terms: Sequence[str]) -> str:
    """A word-bounded alternation of literal phrases, longest first.

    Spaces match any run of white space (copy wraps lines) and straight or curly
    apostrophes match each other, so ``isn't`` finds ``isn’t``.
    """
    parts = []
    for term in sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True):
        parts.append("".join(_TERM_CHARS.get(char) or regex.escape(char) for char in term))
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"


def compile_patterns(patterns: Sequence[str], spec: RuleSpec, key: str) -> regex.Pattern[str]:
    flags = regex.UNICODE | (0 if spec.case_sensitive else regex.IGNORECASE)
    source = patterns[0] if len(patterns) == 1 else "|".join(f"(?:{p})" for p in patterns)
    try:
        return regex.compile(source, flags)
    except regex.error as error:
        raise spec.error(f"bad regex in '{key}': {error}", key) from None


def finditer(pattern: regex.Pattern[str], text: str, rule_id: str) -> Iterator[regex.Match[str]]:
    """``pattern.finditer`` under the time limit (see :mod:`klint.timelimit`).

    Without an alarm, the limit is :data:`PATTERN_TIMEOUT` plus 1 s per MB of text. The regex
    module's ``finditer`` timeout would also count the caller's work between matches, so a
    1 MB paragraph with many matches "timed out" with a harmless pattern; timing each search
    and adding them up bounds only the pattern's own work (the regex module counts CPU time,
    this sum wall time, which is cheaper to read and never less).
    """
    return first_of((pattern,), text, rule_id)


def first_of(patterns: Sequence[regex.Pattern[str]], text: str, rule_id: str) -> Iterator[regex.Match[str]]:
    """:func:`finditer` of the alternation of ``patterns``, each searched on its own.

    At each step the leftmost match wins, on a tie the earlier pattern's: what the
    alternation finds. All the searches share the time limit of one ``finditer``.
    """
    budget = None if timelimit.per_search() is None else PATTERN_TIMEOUT + len(text) / 1_000_000
    position, end = 0, len(text)
    while position <= end:
        best = None
        for pattern in patterns:
            if budget is None:
                match = pattern.search(text, position)
            else:
                started = time.perf_counter()
                try:
                    match = pattern.search(text, position, timeout=budget)
                except TimeoutError:
                    raise PatternTimeout(rule_id) from None
                budget -= time.perf_counter() - started
            if match is not None and (best is None or match.start() < best.start()):
                best = match
                if match.start() == position:
                    break  # no later pattern can start before it
        if best is None:
            return
        if budget is not None and budget <= 0:
            raise PatternTimeout(rule_id)
        yield best
        position = best.end() + (best.end() == best.start())


def search(
    pattern: regex.Pattern[str], text: str, rule_id: str, pos: int = 0, end: int | None = None
) -> regex.Match[str] | None:
    """``pattern.search`` within ``text[pos:end]`` under the time limit (see :mod:`klint.timelimit`)."""
    try:
        return pattern.search(text, pos, len(text) if end is None else end, timeout=timelimit.per_search())
    except TimeoutError:
        raise PatternTimeout(rule_id) from None


def keep_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original`` (UPPER, Capitalised, lower)."""
    letters = [c for c in original if c.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters[0].isupper():
        return replacement[0].upper() + replacement[1:]
    if all(c.islower() for c in letters) and replacement[0].isupper() and not replacement[:2].isupper():
        return replacement[0].lower() + replacement[1:]
    return replacement
