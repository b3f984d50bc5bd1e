"""``contradiction``: statements of one claim type that cannot both be true.

The rule declares a claim type (topic, values, dimensions; compiled by
:mod:`klint.rules.claim_types`) and finds conflicts three ways: inside one document
(``check``), between documents of one site (``collect`` per document, ``check_site`` over
the site) and against the organisation's claims library (:mod:`klint.claims_library`).
Which claims conflict is decided in :mod:`klint.claims`; this module turns conflicts into
findings, and lists the claims it extracts (``klint claims``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from klint import sites
from klint.claim_extraction import default_subject, extract, screens, topic_screen
from klint.claims import Claim, ClaimType, earlier_conflicts, outlier_conflicts
from klint.claims_library import library_conflict, load_library
from klint.document import Document
from klint.model import Finding, Fix, Location, Related
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
        self.part_screens = screens(self.claim_type)
        self.screen = topic_screen(self.claim_type)
        library = spec.settings.get("claims-library")
        self.library = load_library(str(library), self.claim_type) if library else ()
        self.site_config: Mapping[str, Any] = spec.settings.get("site") or {}
        self._cache: tuple[Document, list[Claim]] | None = None

    # -- extraction -------------------------------------------------------------------
    def claims(self, doc: Document) -> list[Claim]:
        """The document's claims of this type (kept for the next call on the same document)."""
        if self._cache is None or self._cache[0] is not doc:
            self._cache = (
                doc,
                extract(doc, self.claim_type, self.candidate_blocks(doc, self.claim_type.scopes)),
            )
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
