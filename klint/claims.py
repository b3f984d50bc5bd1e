"""Claims: normalised statements of a declared type, and which of them cannot both be true.

A claim type (declared in YAML on a ``contradiction`` rule, compiled by
:mod:`klint.rules.claim_types`) names a topic ("side effects"), the values a statement can
give it ("rare", "common", "less than 1%") and where each value lies on the type's
dimensions (see :mod:`klint.quantities`). :mod:`klint.claim_extraction` turns sentences into
:class:`Claim` records; this module compares them. Claims are grouped by (type, subject,
context) and then by value, so the work grows with the number of claims, never with pairs
of sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import regex

from klint.model import Location, Span
from klint.prefilter import ALWAYS, Screen
from klint.quantities import INF, Interval, macro_kind, parse_quantity

#: At most this many other statements are listed under one finding.
MAX_RELATED = 3


# -- claim types ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DimensionSource:
    """How a value fills one dimension: a fixed interval, or placeholders ('<', '>', '*')."""

    fixed: Interval | None = None
    names: tuple[str, ...] = ()
    op: str = ""

    def present(self, match: regex.Match[str]) -> bool:
        """False when an optional part of the pattern holding a placeholder did not match."""
        return all(name in match.re.groupindex and match.group(name) for name in self.names)

    def resolve(self, match: regex.Match[str]) -> Interval | None:
        if self.fixed is not None:
            return self.fixed
        parts = []
        for name in self.names:
            parsed = parse_quantity(macro_kind(name), match.group(name))
            if parsed is None:
                return None
            parts.append(parsed)
        first = parts[0]
        if self.op == "<":
            return Interval(0.0, first.hi, bounded=True)
        if self.op == ">":
            return Interval(first.lo, INF)
        if self.op == "*":
            second = parts[1]
            return Interval(round(first.lo * second.lo, 6), round(first.hi * second.hi, 6))
        return first


@dataclass(frozen=True, slots=True)
class ValueDef:
    """One way a statement can give the type a value: its label, patterns and dimensions."""

    label: str
    patterns: tuple[regex.Pattern[str], ...]
    dims: tuple[tuple[str, DimensionSource], ...]
    polarity: str = "asserted"
    #: Words the value's own match must contain, in place of a topic word nearby: a
    #: statement that names its topic itself ("patients feel nausea during an infusion").
    topic: regex.Pattern[str] | None = None
    #: Hedges of this value, in place of the type's: "some patients feel nausea" still says
    #: side effects occur, though "some" hedges how often they do.
    hedges: regex.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class ClaimType:
    """A compiled claim type: what a statement is about and the values it can take."""

    name: str
    attribute: str
    rule_id: str
    topic: regex.Pattern[str]
    values: tuple[ValueDef, ...]
    dimensions: Mapping[str, str]
    window: int = 60
    exclude: regex.Pattern[str] | None = None
    hedges: regex.Pattern[str] | None = None
    subjects: tuple[tuple[str, regex.Pattern[str]], ...] = ()
    #: Context families, each naming the contexts it tells apart ("recreational", "clinical").
    contexts: tuple[tuple[str, tuple[tuple[str, regex.Pattern[str]], ...]], ...] = ()
    #: Families whose absence from a statement matches any of their contexts.
    optional_contexts: frozenset[str] = frozenset()
    scopes: frozenset[str] | None = None
    #: Relative slack given to figures ("71%" agrees with "50–70%" at 0.1).
    tolerance: float = 0.0
    #: The literal screen of each pattern (klint.claim_extraction.with_screens).
    screens: Mapping[regex.Pattern[str], Screen] = field(default_factory=dict)

    def screen(self, pattern: regex.Pattern[str]) -> Screen:
        """The pattern's literal screen; one that lets every text through when none was computed."""
        return self.screens.get(pattern, ALWAYS)


# -- records ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Claim:
    """One normalised statement: small, frozen and picklable, so sites can compare them later."""

    type: str
    attribute: str
    subject: str
    context: str
    #: Contexts of optional families ("course=single"): a claim stating none matches any.
    qualifiers: tuple[tuple[str, str], ...]
    label: str
    value: tuple[tuple[str, Interval], ...]
    polarity: str  # "asserted" | "denied"
    hedged: bool
    framing: str  # "" | "negated" | "myth"
    path: str
    span: Span
    start: Location
    end: Location
    sentence: Span
    text: str
    sentence_text: str

    @property
    def key(self) -> tuple[str, str, str]:
        """Claims compare only with claims of the same type, subject and context."""
        return (self.type, self.subject, self.context)

    @property
    def value_key(self) -> tuple[object, ...]:
        return (self.label if not self.value else self.value, self.polarity, self.qualifiers)


def conflicts(a: Claim, b: Claim) -> bool:
    """True when the two statements cannot both stand (hedged ones never conflict)."""
    if a.hedged or b.hedged or a.key != b.key or (a.polarity == b.polarity == "denied"):
        return False
    stated = dict(b.qualifiers)
    if any(stated.get(family, name) != name for family, name in a.qualifiers):
        return False
    if a.polarity == b.polarity:
        dims_b = dict(b.value)
        return any(dim in dims_b and interval.disjoint(dims_b[dim]) for dim, interval in a.value)
    asserted, denied = (a, b) if a.polarity == "asserted" else (b, a)
    if not denied.value:
        return asserted.label == denied.label and not asserted.value
    dims = dict(asserted.value)
    return all(dim in dims and dims[dim].within(interval) for dim, interval in denied.value)


# -- which claims of a set conflict ------------------------------------------------------------
def earlier_conflicts(claims: Iterable[Claim]) -> Iterator[tuple[Claim, list[Claim]]]:
    """Each claim of one document with the earlier statements it conflicts with (at most
    :data:`MAX_RELATED`, other sentences only), so every conflict is reported once, at its
    later side."""
    by_key: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in claims:
        by_key.setdefault(claim.key, []).append(claim)
    for same_key in by_key.values():
        groups = [sorted(group, key=_position) for group in _value_groups(same_key)]
        partners: dict[int, list[int]] = {}
        for i, j in _conflicting_group_indices(groups):
            partners.setdefault(i, []).append(j)
            partners.setdefault(j, []).append(i)
        for i, others in partners.items():
            for claim in groups[i]:
                earlier = sorted(
                    (o for j in others for o in _before(groups[j], claim)), key=lambda c: c.span.start
                )
                if earlier:
                    yield claim, earlier[:MAX_RELATED]


def outlier_conflicts(claims: Iterable[Claim]) -> Iterator[tuple[Claim, list[Claim]]]:
    """Claims of several documents that conflict with another document's, each with up to
    :data:`MAX_RELATED` such statements. Of two values that conflict, the one fewer documents
    state is reported (both on a tie): one outlier page must not put a finding on every page
    that agrees."""
    by_key: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in claims:
        by_key.setdefault(claim.key, []).append(claim)
    for same_key in by_key.values():
        groups = _value_groups(same_key)
        pages = [len({c.path for c in group}) for group in groups]
        firsts = [_first_two_pages(group) for group in groups]
        partners: dict[int, list[int]] = {}
        for i, j in _conflicting_group_indices(groups):
            if pages[i] <= pages[j]:
                partners.setdefault(i, []).append(j)
            if pages[j] <= pages[i]:
                partners.setdefault(j, []).append(i)
        for i, others in partners.items():
            for claim in sorted(groups[i], key=_position):
                found = (next((c for c in firsts[j] if c.path != claim.path), None) for j in others)
                related = sorted((o for o in found if o is not None), key=_position)
                if related:
                    yield claim, related[:MAX_RELATED]


def _value_groups(claims: Iterable[Claim]) -> list[list[Claim]]:
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.value_key, []).append(claim)
    return list(groups.values())


def _position(claim: Claim) -> tuple[str, int]:
    return (claim.path, claim.span.start)


def _first_two_pages(group: Sequence[Claim]) -> tuple[Claim, ...]:
    """The group's first claim, and its first claim in another document: whichever
    document asks, one of the two lies elsewhere."""
    first = min(group, key=_position)
    other = [c for c in group if c.path != first.path]
    return (first, min(other, key=_position)) if other else (first,)


def _conflicting_group_indices(groups: Sequence[list[Claim]]) -> Iterator[tuple[int, int]]:
    """Index pairs of value groups that conflict: one test per pair of distinct values."""
    for i, first in enumerate(groups):
        for j in range(i + 1, len(groups)):
            if conflicts(first[0], groups[j][0]):
                yield i, j


def _before(group: Sequence[Claim], claim: Claim) -> list[Claim]:
    """Up to :data:`MAX_RELATED` claims of a position-sorted group before ``claim``'s sentence."""
    found: list[Claim] = []
    for other in group:
        if other.span.start >= claim.span.start or len(found) == MAX_RELATED:
            break
        if other.sentence != claim.sentence:
            found.append(other)
    return found
