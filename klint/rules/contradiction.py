"""``contradiction``: statements of one claim type that cannot both be true.

The rule declares a claim type (topic, values, dimensions; see :mod:`klint.claims`) and
finds conflicts three ways: inside one document (``check``), between documents of one site
(``collect`` per document, ``check_site`` over the site) and against the organisation's
claims library. Claims are grouped by (type, subject, context) and then by value, so the
work grows with the number of claims, never with pairs of sentences.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

import regex

from klint import sites
from klint.claims import (
    Claim,
    ClaimType,
    DimensionSource,
    Interval,
    ValueDef,
    conflicts,
    default_subject,
    expand_placeholders,
    extract,
)
from klint.document import Document
from klint.markdown import parse
from klint.model import Finding, Fix, Location, Related, Span
from klint.rules.base import Kind, Param, PatternTimeout, RuleSpec, compile_patterns
from klint.rules.term import format_message
from klint.yamlfile import KlintError, line_of, load_yaml

#: At most this many other statements are listed under one finding.
MAX_RELATED = 3


@dataclass(frozen=True, slots=True)
class SiteClaims:
    """What ``collect`` keeps of a document: its site, the subject it is about, its claims."""

    site: str
    subject: str
    claims: tuple[Claim, ...]


class ContradictionRule(Kind):
    """Flags a statement that contradicts another one (same document, same site, or library)."""

    KEYS: ClassVar[Mapping[str, Param]] = {
        "claim": Param("str", doc="name of the claim type (default: the rule id after its rule set)"),
        "attribute": Param("str", required=True, doc="what the claim says about its subject"),
        "topic": Param("patterns", required=True, doc="the claim is about this; must occur near a value"),
        "window": Param("int", doc="most characters between a topic word and a value (default 60)"),
        "exclude": Param("patterns", doc="a topic word qualified by one of these is about something else"),
        "dimensions": Param(
            "mapping", required=True, doc="dimension -> percent|duration|year|count|rate|scale|flag"
        ),
        "values": Param("list", required=True, doc="{label, patterns, set, polarity} entries"),
        "subjects": Param("mapping", doc="subject name -> patterns naming it"),
        "contexts": Param("mapping", doc="context name -> patterns; claims compare only within one context"),
        "hedges": Param("patterns", doc="a value in a clause with one of these is not compared"),
        "optional-contexts": Param("strings", doc="context families a statement may leave unstated"),
        "tolerance": Param("any", doc="relative slack of stated figures, e.g. 0.1 (default 0)"),
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self.claim_type: ClaimType = compile_claim_type(spec)
        library = spec.settings.get("claims-library")
        self.library = load_library(str(library), self.claim_type) if library else ()
        self.site_config: Mapping[str, Any] = spec.settings.get("site") or {}
        self._cache: tuple[Document, list[Claim]] | None = None

    # -- extraction -------------------------------------------------------------------
    def claims(self, doc: Document) -> list[Claim]:
        """The document's claims of this type (kept for the next call on the same document)."""
        if self._cache is None or self._cache[0] is not doc:
            self._cache = (doc, extract(doc, self.claim_type))
        return self._cache[1]

    # -- one document -------------------------------------------------------------------
    def check(self, doc: Document) -> Iterator[Finding]:
        comparable = [c for c in self.claims(doc) if not c.hedged]
        for claim, others in _earlier_conflicts(comparable):
            yield self._finding(claim, others, f"line {others[0].start.line}")
        for claim in comparable:
            yield from self._library_findings(doc, claim)

    def _library_findings(self, doc: Document, claim: Claim) -> Iterator[Finding]:
        for entry in self.library:
            if not _library_conflict(claim, entry.claim):
                continue
            related = Related(entry.path, Location(entry.line, 1), Location(entry.line, 1), entry.describe())
            fix = Fix(
                "unsafe",
                f"replace the statement with the approved wording of '{entry.id}'",
                (doc.edit(claim.sentence, entry.wording),),
            )
            message = format_message(
                self.info.message,
                value=describe(claim),
                other=f"the approved claim '{entry.id}'",
                where=f"{entry.path}:{entry.line}",
            )
            yield self._build(claim, message, (related,), fix)
            return

    # -- across a site ------------------------------------------------------------------
    def collect(self, doc: Document) -> SiteClaims:
        site = sites.site_of(doc.path, doc.front_matter, self.site_config)
        try:
            claims = tuple(c for c in self.claims(doc) if not c.hedged)
        except PatternTimeout:  # reported by ``check``; the site pass goes on without this file
            claims = ()
        return SiteClaims(site, default_subject(doc, self.claim_type), claims)

    def check_site(self, collected: Sequence[tuple[str, Any]]) -> Iterator[Finding]:
        documents: dict[str, list[SiteClaims]] = {}
        for _path, data in collected:
            if isinstance(data, SiteClaims):
                documents.setdefault(data.site, []).append(data)
        for site_documents in documents.values():
            by_key: dict[tuple[str, str, str], list[Claim]] = {}
            for claim in _site_subjects(site_documents):
                by_key.setdefault(claim.key, []).append(claim)
            for claims in by_key.values():
                yield from self._site_conflicts(claims)

    def _site_conflicts(self, claims: list[Claim]) -> Iterator[Finding]:
        """Of two values that conflict, the one fewer documents state is reported (both on a
        tie): one outlier page must not put a finding on every page that agrees."""
        groups = _value_groups(claims)
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
                related = [o for o in found if o is not None]
                if related:
                    related.sort(key=_position)
                    first = related[0]
                    yield self._finding(claim, related[:MAX_RELATED], f"{first.path}:{first.start.line}")

    # -- findings -----------------------------------------------------------------------
    def _finding(self, claim: Claim, others: Sequence[Claim], where: str) -> Finding:
        message = format_message(
            self.info.message, value=describe(claim), other=describe(others[0]), where=where
        )
        related = tuple(
            Related(o.path, o.start, o.end, f"the other statement: {describe(o)}") for o in others
        )
        return self._build(claim, message, related, None)

    def _build(self, claim: Claim, message: str, related: tuple[Related, ...], fix: Fix | None) -> Finding:
        info = self.info
        return Finding(
            path=claim.path,
            span=claim.span,
            start=claim.start,
            end=claim.end,
            rule=info.id,
            ruleset=info.ruleset,
            category=info.category,
            severity=info.severity,
            message=message,
            disclaimer=info.disclaimer,
            related=related,
            fix=fix,
            context=claim.sentence_text,
        )


def describe(claim: Claim) -> str:
    """The statement as a message quotes it: its words, and how the author framed them."""
    if claim.framing == "myth":
        return f"'{claim.text}' (presented as a misconception)"
    if claim.polarity == "denied":
        return f"'{claim.text}' (denied)"
    return f"'{claim.text}'"


def _library_conflict(claim: Claim, approved: Claim) -> bool:
    """Like :func:`conflicts`, but the library is the reference: an approved claim naming no
    subject or context applies to all, and a statement naming no context meets every one."""
    subject = approved.subject or claim.subject
    context = claim.context if not approved.context or not claim.context else approved.context
    return conflicts(claim, replace(approved, subject=subject, context=context, qualifiers=()))


def _site_subjects(documents: Sequence[SiteClaims]) -> Iterator[Claim]:
    """The site's claims, those of pages that name no subject given the site's main subject."""
    counts: dict[str, int] = {}
    for document in documents:
        if document.subject:
            counts[document.subject] = counts.get(document.subject, 0) + 1
    main = max(sorted(counts), key=lambda name: counts[name]) if counts else ""
    for document in documents:
        for claim in document.claims:
            yield replace(claim, subject=main) if not claim.subject and main else claim


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


def _earlier_conflicts(claims: Sequence[Claim]) -> Iterator[tuple[Claim, list[Claim]]]:
    """Each claim with the earlier statements of its document it conflicts with (at most
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


def _before(group: Sequence[Claim], claim: Claim) -> list[Claim]:
    """Up to :data:`MAX_RELATED` claims of a position-sorted group before ``claim``'s sentence."""
    found: list[Claim] = []
    for other in group:
        if other.span.start >= claim.span.start or len(found) == MAX_RELATED:
            break
        if other.sentence != claim.sentence:
            found.append(other)
    return found


# -- compiling the YAML -------------------------------------------------------------------
DIMENSION_KINDS = ("percent", "duration", "year", "count", "rate", "scale", "flag")
VALUE_KEYS = {"label", "patterns", "set", "polarity"}


def compile_claim_type(spec: RuleSpec) -> ClaimType:
    """The rule's claim type; every mistake names the rule-set file and line."""
    dimensions = {str(k): str(v) for k, v in spec.get("dimensions").items()}
    for dim, kind in dimensions.items():
        if kind not in DIMENSION_KINDS:
            raise spec.error(f"dimension '{dim}' must be one of {', '.join(DIMENSION_KINDS)}", "dimensions")
    values = tuple(_compile_value(raw, spec, dimensions) for raw in spec.get("values"))
    if not values:
        raise spec.error("'values' needs at least one entry", "values")
    return ClaimType(
        name=str(spec.get("claim") or spec.info.id.split(".", 1)[-1]),
        attribute=str(spec.get("attribute")),
        rule_id=spec.info.id,
        topic=compile_patterns(spec.strings("topic"), spec, "topic"),
        values=values,
        dimensions=dimensions,
        window=int(spec.get("window", 60)),
        exclude=compile_patterns(spec.strings("exclude"), spec, "exclude") if spec.get("exclude") else None,
        hedges=compile_patterns(spec.strings("hedges"), spec, "hedges") if spec.get("hedges") else None,
        subjects=_named_patterns(spec, "subjects"),
        contexts=_context_families(spec),
        optional_contexts=_optional_contexts(spec),
        scopes=spec.scopes,
        tolerance=_tolerance(spec),
    )


def _tolerance(spec: RuleSpec) -> float:
    value = spec.get("tolerance", 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise spec.error("'tolerance' is a fraction from 0 to 1, e.g. 0.1", "tolerance")
    return float(value)


def _compile_value(raw: Any, spec: RuleSpec, dimensions: Mapping[str, str]) -> ValueDef:
    line = line_of(raw, spec.origin[1])

    def fail(message: str) -> KlintError:
        return KlintError(f"rule '{spec.info.id}': {message}", spec.origin[0], line)

    if not isinstance(raw, dict) or not isinstance(raw.get("label"), str):
        raise fail("each entry of 'values' is a mapping with a 'label'")
    unknown = set(raw) - VALUE_KEYS
    if unknown:
        raise fail(
            f"unknown key '{sorted(unknown)[0]}' in value '{raw['label']}' (expected {sorted(VALUE_KEYS)})"
        )
    patterns: list[regex.Pattern[str]] = []
    placeholders: set[str] = set()
    for source in (
        [raw.get("patterns")] if isinstance(raw.get("patterns"), str) else raw.get("patterns") or []
    ):
        expanded, names = expand_placeholders(str(source))
        placeholders.update(names)
        try:
            patterns.append(compile_patterns([expanded], spec, "values"))
        except KlintError as error:
            raise fail(f"value '{raw['label']}': {error.message}") from None
    if not patterns:
        raise fail(f"value '{raw['label']}' needs 'patterns'")
    polarity = raw.get("polarity", "asserted")
    if polarity not in ("asserted", "denied"):
        raise fail(f"value '{raw['label']}': 'polarity' is 'asserted' or 'denied'")
    dims = []
    settings = raw.get("set") or {}
    if not isinstance(settings, dict):
        raise fail(f"value '{raw['label']}': 'set' maps dimensions to [low, high] or placeholders")
    for dim, how in settings.items():
        if dim not in dimensions:
            raise fail(
                f"value '{raw['label']}' sets unknown dimension '{dim}' (known: {', '.join(dimensions)})"
            )
        dims.append((str(dim), _dimension_source(how, placeholders, fail)))
    return ValueDef(str(raw["label"]), tuple(patterns), tuple(dims), polarity)


def _dimension_source(how: Any, placeholders: set[str], fail: Any) -> DimensionSource:
    """``[low, high]`` (``.inf`` allowed), or a placeholder: ``name``, ``<name``, ``>name``, ``a*b``."""
    if isinstance(how, list) and len(how) == 2 and all(isinstance(n, (int, float)) for n in how):
        return DimensionSource(fixed=Interval(float(how[0]), float(how[1]), bounded=True))
    text = str(how).strip()
    op = text[0] if text[:1] in ("<", ">") else ("*" if "*" in text else "")
    names = tuple(n.strip() for n in text.lstrip("<>").split("*"))
    missing = [n for n in names if n not in placeholders]
    if missing or (op == "*" and len(names) != 2):
        raise fail(
            f"'{text}' must name placeholders of the value's patterns ({', '.join(sorted(placeholders))})"
        )
    return DimensionSource(names=names, op=op)


def _named_patterns(
    spec: RuleSpec, key: str, mapping: Mapping[str, Any] | None = None
) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    named = []
    for name, patterns in (spec.get(key) or {} if mapping is None else mapping).items():
        if not isinstance(patterns, (str, list)):
            raise spec.error(f"'{key}': '{name}' must list patterns", key)
        sources = [patterns] if isinstance(patterns, str) else patterns
        named.append((str(name), compile_patterns([str(p) for p in sources], spec, key)))
    return tuple(named)


def _optional_contexts(spec: RuleSpec) -> frozenset[str]:
    families = {family for family, _ in _context_families(spec)}
    optional = frozenset(spec.strings("optional-contexts"))
    unknown = sorted(optional - families)
    if unknown:
        raise spec.error(f"'optional-contexts' names no context family '{unknown[0]}'", "optional-contexts")
    return optional


def _context_families(
    spec: RuleSpec,
) -> tuple[tuple[str, tuple[tuple[str, regex.Pattern[str]], ...]], ...]:
    """``contexts`` maps names to patterns (one family), or families to such mappings."""
    contexts = spec.get("contexts") or {}
    if all(isinstance(value, dict) for value in contexts.values()) and contexts:
        return tuple(
            (str(family), _named_patterns(spec, "contexts", named)) for family, named in contexts.items()
        )
    return (("", _named_patterns(spec, "contexts")),) if contexts else ()


# -- the claims library ---------------------------------------------------------------------
LIBRARY_KEYS = {"id", "type", "wording", "value", "source", "subject"}


@dataclass(frozen=True, slots=True)
class LibraryClaim:
    """An approved claim: its id, wording, source and the claim it makes."""

    id: str
    path: str
    line: int
    wording: str
    source: str
    claim: Claim

    def describe(self) -> str:
        return f"approved claim '{self.id}': {self.wording} (source: {self.source})"


def load_library(path: str, ctype: ClaimType) -> tuple[LibraryClaim, ...]:
    """The library's entries of ``ctype``; entries of types no loaded rule declares are skipped."""
    display = _display(path)
    try:
        status = os.stat(path)
    except OSError as error:
        raise KlintError(f"cannot read the claims library: {error.strerror}", display) from None
    entries = _library_entries(path, display, (status.st_mtime_ns, status.st_size))
    found = []
    for raw in entries:
        if raw.get("type") != ctype.name:
            continue
        line = line_of(raw)
        claim = _approved_claim(raw, ctype, display, line)
        found.append(
            LibraryClaim(
                str(raw["id"]), display, line, str(raw.get("wording", "")), str(raw["source"]), claim
            )
        )
    return tuple(found)


@functools.lru_cache(maxsize=8)
def _library_entries(path: str, display: str, stamp: tuple[int, int]) -> tuple[Any, ...]:
    """The validated entries, read once per run for all the rules (``stamp`` keys the cache)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KlintError(f"cannot read the claims library: {error}", display) from None
    data = load_yaml(text, display)
    entries = data.get("claims") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise KlintError("the claims library is a list of claims (or a mapping with 'claims')", display, 1)
    seen: set[str] = set()
    for raw in entries:
        line = line_of(raw, 1)
        if not isinstance(raw, dict):
            raise KlintError("each approved claim is a mapping", display, line)
        unknown = set(raw) - LIBRARY_KEYS
        if unknown:
            raise KlintError(
                f"unknown key '{sorted(unknown)[0]}' (expected {sorted(LIBRARY_KEYS)})", display, line
            )
        for key in ("id", "type", "source"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise KlintError(f"approved claim needs '{key}'", display, line)
        if not raw.get("wording") and not raw.get("value"):
            raise KlintError(f"approved claim '{raw['id']}' needs 'wording' or 'value'", display, line)
        if raw["id"] in seen:
            raise KlintError(f"duplicate approved claim id '{raw['id']}'", display, line)
        seen.add(raw["id"])
    return tuple(entries)


def _approved_claim(raw: Mapping[str, Any], ctype: ClaimType, display: str, line: int) -> Claim:
    """The claim the entry makes: its ``value`` label if given, else what its wording says."""
    here = Location(line, 1)
    claim: Claim | None = None
    if raw.get("value"):
        value = next((v for v in ctype.values if v.label == raw["value"]), None)
        if value is None or any(source.fixed is None for _, source in value.dims):
            labels = [v.label for v in ctype.values if all(s.fixed for _, s in v.dims)]
            raise KlintError(f"'value' must be one of {labels} for type '{ctype.name}'", display, line)
        dims = tuple(sorted((d, s.fixed) for d, s in value.dims if s.fixed is not None))
        claim = Claim(
            ctype.name, ctype.attribute, "", "", (), value.label, dims, value.polarity, False, "",
            display, Span(0, 0), here, here, Span(0, 0), str(raw["value"]), str(raw.get("wording", "")),
        )  # fmt: skip
    else:
        said = [c for c in extract(parse(str(raw["wording"]), display), ctype) if not c.hedged]
        if not said:
            raise KlintError(f"the wording of '{raw['id']}' states no '{ctype.name}' claim", display, line)
        claim = said[0]
    return replace(
        claim, subject=str(raw.get("subject") or claim.subject), path=display, start=here, end=here
    )


def _display(path: str) -> str:
    relative = os.path.relpath(path)
    return (path if relative.startswith("..") else relative).replace(os.sep, "/")


# -- listing claims (``klint claims``) -----------------------------------------------------
def format_claims(found: Sequence[tuple[ClaimType, Claim]], fmt: str) -> str:
    """Every extracted claim as text lines or a JSON document, in path and line order."""
    ordered = sorted(found, key=lambda item: (item[1].path, item[1].span.start, item[1].type))
    if fmt == "json":
        rows = [_claim_dict(ctype, claim) for ctype, claim in ordered]
        return json.dumps({"version": 1, "claims": rows}, indent=2, ensure_ascii=False)
    lines = []
    for ctype, claim in ordered:
        flags = ", ".join(f for f in (claim.polarity, "hedged" if claim.hedged else "", claim.framing) if f)
        where = f"{claim.path}:{claim.start.line}:{claim.start.column}"
        names = (claim.subject, claim.context, *(name for _, name in claim.qualifiers))
        subject = "/".join(name for name in names if name) or "-"
        lines.append(
            f"{where}: {claim.type} [{subject}] {render_value(ctype, claim)} ({flags}) '{claim.text}'"
        )
    return "\n".join(lines)


def _claim_dict(ctype: ClaimType, claim: Claim) -> dict[str, Any]:
    return {
        "path": claim.path,
        "line": claim.start.line,
        "column": claim.start.column,
        "end_line": claim.end.line,
        "end_column": claim.end.column,
        "type": claim.type,
        "attribute": claim.attribute,
        "subject": claim.subject,
        "context": claim.context,
        "qualifiers": dict(claim.qualifiers),
        "label": claim.label,
        "value": {dim: [_finite(i.lo), _finite(i.hi)] for dim, i in claim.value},
        "display": render_value(ctype, claim),
        "polarity": claim.polarity,
        "hedged": claim.hedged,
        "framing": claim.framing or None,
        "text": claim.text,
        "sentence": claim.sentence_text,
    }


def _finite(number: float) -> float | None:
    """JSON has no infinity: an open upper end is null."""
    return None if number == math.inf else number


def render_value(ctype: ClaimType, claim: Claim) -> str:
    """The normalised value as a reviewer reads it: ``rate ≤ 1%``, ``hours ≥ 2 weeks``, ``year 1970``."""
    kinds = ctype.dimensions
    parts = [
        f"{dim} {_render_interval(i, kinds.get(dim, 'count'))}"
        for dim, i in claim.value
        if kinds.get(dim) not in ("scale", "flag")  # the label says it: "mild", "addictive"
    ]
    return f"{claim.label}: {', '.join(parts)}" if parts else claim.label


def _render_interval(interval: Interval, kind: str) -> str:
    def show(number: float) -> str:
        if number == math.inf:
            return "∞"
        if kind == "duration":
            return _render_hours(number)
        return f"{number:.2f}".rstrip("0").rstrip(".") + ("%" if kind == "percent" else "")

    if interval.lo == interval.hi:
        return show(interval.lo)
    if interval.hi == math.inf:
        return f"≥ {show(interval.lo)}"
    reach = f" (reaching {show(interval.reach)})" if interval.reach is not None else ""
    if interval.lo == 0:
        return f"≤ {show(interval.hi)}{reach}"
    return f"{show(interval.lo)}–{show(interval.hi)}"


def _render_hours(hours: float) -> str:
    """Hours in the largest unit that reads naturally ("2 weeks", "0.9 weeks", "40 min")."""
    if hours == 0:
        return "0 h"
    for name, size in (("years", 8766.0), ("months", 730.0), ("weeks", 168.0), ("days", 24.0), ("h", 1.0)):
        if hours >= size * 0.75:
            count = f"{hours / size:.2g}" if hours / size < 10 else f"{round(hours / size)}"
            return f"{count} {name[:-1] if count == '1' and name != 'h' else name}"
    return f"{round(hours * 60)} min"
