"""``contradiction``: statements of one claim type that cannot both be true.

The rule declares a claim type (topic, values, dimensions; compiled by
:mod:`klint.rules.claim_types`) and finds conflicts three ways: inside one document
(``check``), between documents of one site (``collect`` per document, ``check_site`` over
the site) and against the organisation's claims library (:mod:`klint.claims_library`).
Which claims conflict is decided in :mod:`klint.claims`; this module turns conflicts into
findings, and lists the claims it extracts (``klint claims``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from klint import sites
from klint.claim_extraction import default_subject, extract
from klint.claims import Claim, ClaimType, earlier_conflicts, outlier_conflicts
from klint.claims_library import library_conflict, load_library
from klint.document import Document
from klint.model import Finding, Fix, Location, Related
from klint.quantities import Interval
from klint.rules.base import Kind, Param, PatternTimeout, RuleSpec
from klint.rules.claim_types import compile_claim_type
from klint.rules.term import format_message


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
        for claim, others in earlier_conflicts(comparable):
            yield self._finding(claim, others, f"line {others[0].start.line}")
        for claim in comparable:
            yield from self._library_findings(doc, claim)

    def _library_findings(self, doc: Document, claim: Claim) -> Iterator[Finding]:
        for entry in self.library:
            if not library_conflict(claim, entry.claim):
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
            for claim, others in outlier_conflicts(_site_subjects(site_documents)):
                yield self._finding(claim, others, f"{others[0].path}:{others[0].start.line}")

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
