"""``statistic``: numbers offered as evidence must come with a source.

Percentages, rates, "N out of M", "N times more likely", "N-fold", counts of studies or
patients and proportions in words ("almost half") are evidence claims; a reader should be
able to check them. Doses, durations, prices, dates and phone numbers are not, and never
match the claim shapes. A claim is sourced by a citation (author-year, numbered, a footnote
whose definition exists, a named checkable source) or an outside link in its sentence, by
one the next sentence opens with or gives while naming the source, or, after a heading or a
line ending in a colon, by one in the block that follows.
The vocabularies (nouns, qualifiers, non-evidence forms, citation and vague-attribution
patterns) are options of the rule, so adding a unit or a source form is a YAML edit.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from typing import ClassVar, NamedTuple

import regex

from klint import patterns, timelimit
from klint.document import Block, Document, Link, Sentence
from klint.model import Finding, Fix
from klint.rules import figures, framing
from klint.rules.agency import own_clause
from klint.rules.alternatives import Alternatives, InDocument, compile_alternatives
from klint.rules.base import (
    DEFAULT_SCOPES,
    Kind,
    Param,
    PatternTimeout,
    RuleSpec,
    finditer,
    search,
    terms_pattern,
)
from klint.rules.term import format_message

_YEAR = patterns.compile(r"(?:19|20)\d\d")
#: Where a sentence starts a new statement: "..., and nearly half ...", "; ...", "..., while ...".
_CLAUSE_BREAK = patterns.compile(
    r";|,\s*(?:and|but|while|whereas|yet|so|with)\b|\b(?:but|whereas|while)\b", regex.I
)
_FOOTNOTE_REF = patterns.compile(r"\[\^([^\]\s]+)\]")
_SOURCE_HREF = patterns.compile(r"^(?:https?://|www\.|doi:)", regex.I)
_LEADING_MARKER = patterns.compile(r"\s*(?:\[\^?[^\]\s]{1,12}\]|\([^()]{0,80}\))")
_TRAILING = patterns.compile(r"[\s.!?…:;,]*[\"'”’)\]]*[\s.!?…:;,]*$")
_DATE_LEAD = patterns.compile(r"\b(?:in|since|from|by|until|during|of)\s*$", regex.I)


class _Searches(NamedTuple):
    """The rule's alternations as searched in one document (None: the option is absent)."""

    word_starters: InDocument
    non_evidence: InDocument | None
    citations: InDocument | None
    vague: InDocument | None


def _first_per_clause(
    text: str, spans: list[tuple[int, int]], sentence_end: int
) -> list[tuple[tuple[int, int], int]]:
    """The first claim of each clause, with where that clause ends.

    "7 in 10 respond, and nearly half remit" states two figures; "22.5% versus 7.6% on
    placebo" states one.
    """
    kept: list[tuple[tuple[int, int], int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue  # still inside the clause of the claim kept last
        after = _CLAUSE_BREAK.search(text, span[1], sentence_end)
        kept.append((span, after.start() if after else sentence_end))
    return kept


class StatisticRule(Kind):
    """Flags a sentence with an evidence number and no citation near it."""

    KEYS: ClassVar[Mapping[str, Param]] = {
        "evidence-nouns": Param("strings", required=True, doc="sources counted as evidence: studies, trials"),
        "population-nouns": Param("strings", doc="people counted as evidence: patients, adults"),
        "min-population": Param("int", doc="smallest count of people that is a statistic (default 10)"),
        "qualifiers": Param("strings", doc="words that bound or round a figure: almost, more than, up to"),
        "non-evidence": Param("patterns", doc="a claim overlapping one of these is not evidence (20% off)"),
        "citations": Param("patterns", doc="what counts as a source next to a claim"),
        "vague": Param("patterns", doc="attributions that are not sources ('studies show', 'a 2019 study')"),
        "claims": Param("patterns", doc="more claim shapes, beyond the built-in ones"),
        "follow-up": Param("patterns", doc="what a next sentence must say to lend the claim its citation"),
        "placeholder": Param("str", doc="visible marker the suggestion inserts (default [citation needed])"),
        "skip-reported": Param(
            "bool", doc="ignore figures inside a myth or a reported belief (default true)"
        ),
        "unless": Param("patterns", doc="skip a sentence that matches any of these"),
        "not-sources": Param(
            "patterns", doc="a link whose address or text matches is no source (booking, contact, shop)"
        ),
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        evidence = terms_pattern(spec.strings("evidence-nouns"))
        people = terms_pattern(spec.strings("population-nouns") or ["people"])
        qualifier = terms_pattern(spec.strings("qualifiers")) if spec.get("qualifiers") else "(?!)"
        flags = regex.I | regex.UNICODE
        # Each shape starts at a number-like token; qualifiers before it are added afterwards.
        self.shapes = regex.compile(figures.claim_shapes(evidence, people), flags)
        self.digit_starter = regex.compile(figures.DIGIT_START, flags)
        #: Searched in a block only for the number words it holds; most hold none.
        self.word_starters = Alternatives(figures.WORD_STARTS, flags)
        self.lead = regex.compile(rf"{qualifier}\s+$", flags)
        self.fraction_lead = regex.compile(rf"{qualifier}\s+(?:(?:a|one)[\s-]+)?$", flags)
        self.fold_change = regex.compile(figures.FOLD_CHANGE, flags)
        self.extra = self.compile("claims")
        self.non_evidence = compile_alternatives(self, "non-evidence")
        self.citations = compile_alternatives(self, "citations")
        self.vague = compile_alternatives(self, "vague")
        self.follow_up = self.compile("follow-up")
        self.unless = self.compile("unless")
        self.not_sources = self.compile("not-sources")
        self.min_population = int(spec.get("min-population", 10))
        self.placeholder = str(spec.get("placeholder", "[citation needed]"))
        self.skip_reported = bool(spec.get("skip-reported", True))
        alternations = (self.word_starters, self.non_evidence, self.citations, self.vague)
        self.part_screens = tuple(s for a in alternations if a is not None for s in a.screens)

    def check(self, doc: Document) -> Iterator[Finding]:
        rule_id = self.info.id
        searches = _Searches(
            self.word_starters.in_document(doc),
            *(a and a.in_document(doc) for a in (self.non_evidence, self.citations, self.vague)),
        )
        for index, block in doc.blocks_in(self.spec.scopes or DEFAULT_SCOPES):
            text = block.view.text
            claims = self._claims(text, index, searches)
            if not claims:
                continue
            sentences = [doc.sentences[i] for i in doc.sentences_of(index)] or [Sentence(index, 0, len(text))]
            starts = [s.start for s in sentences]
            by_sentence: dict[int, list[tuple[int, int]]] = {}
            for start, end in claims:
                by_sentence.setdefault(max(0, bisect.bisect_right(starts, start) - 1), []).append(
                    (start, end)
                )
            for position, spans in by_sentence.items():
                sentence = sentences[position]
                piece = text[sentence.start : sentence.end]
                if self.placeholder in piece or (self.unless and search(self.unless, piece, rule_id)):
                    continue
                own = [span for span in spans if not self._reported(doc, sentence, span[0])]
                if not own or self._sourced(doc, index, sentences, position, set(by_sentence), searches):
                    continue
                for span, clause_end in _first_per_clause(text, own, sentence.end):
                    yield self._finding(doc, block, sentence, span, clause_end)

    def _reported(self, doc: Document, sentence: Sentence, start: int) -> bool:
        """A figure inside a reported belief ("Some think only 10% respond"), not the author's claim.

        After "but", "in fact" and the like the author speaks again: "Some think it never
        works, but nearly half respond".
        """
        if not self.skip_reported:
            return False
        return framing.is_reported(doc, own_clause(doc, sentence, start), start)

    def _claims(self, text: str, index: int, searches: _Searches) -> list[tuple[int, int]]:
        """Spans of evidence claims in ``text``, in order, without the non-evidence ones.

        The claim shapes are matched only where a number-like token starts, then widened to
        a qualifier before it ("almost half"); scanning paragraphs with the whole
        alternation at every position costs many times more. ``text`` is block ``index``'s.
        """
        rule_id = self.info.id
        found = []
        done = 0
        # The digit starter is built in and linear, so it needs no time limit.
        starts = [token.start() for token in self.digit_starter.finditer(text)]
        words = [token.start() for token in searches.word_starters.finditer(text, index, rule_id)]
        if words:
            starts = sorted({*starts, *words})
        for start in starts:
            if start < done:
                continue
            try:
                match = self.shapes.match(text, start, timeout=timelimit.per_search())
            except TimeoutError:
                raise PatternTimeout(rule_id) from None
            if match is None:
                continue
            before = text[max(0, start - 40) : start]
            widen = self.lead if match.group(0)[:1].isdigit() else self.fraction_lead
            lead = widen.search(before)
            if lead is not None:
                start -= len(before) - lead.start()
            elif match.group("bare"):
                continue  # a bare "half" is a proportion only with a qualifier: "almost half"
            done = match.end()
            if self._is_evidence(text, index, match, searches):
                found.append((start, match.end()))
        extras = [p for p in (self.extra,) if p is not None]
        if "fold" in text:
            extras.append(self.fold_change)
        for pattern in extras:
            found += [
                m.span()
                for m in finditer(pattern, text, rule_id)
                if self._is_evidence(text, index, m, searches)
            ]
        return sorted(found)

    def _is_evidence(self, text: str, index: int, match: regex.Match[str], searches: _Searches) -> bool:
        count = match.groupdict().get("count")
        if count:
            value = figures.value(count)
            if _YEAR.fullmatch(count) and _DATE_LEAD.search(text[: match.start()]):
                return False  # "In 2019 patients ..."
            if match.group("people") and value < self.min_population:
                return False  # "two patients told us": an anecdote, not a statistic
        if searches.non_evidence is None:
            return True
        lo = max(0, match.start() - 60)
        for other in searches.non_evidence.finditer(text[lo : match.end() + 60], index, self.info.id):
            if other.start() + lo < match.end() and match.start() < other.end() + lo:
                return False
        return True

    def _cites(self, doc: Document, index: int, text: str, searches: _Searches) -> bool:
        """Whether ``text`` (block ``index``'s or a piece of it) holds a real citation, not a vague one."""
        for ref in _FOOTNOTE_REF.finditer(text):
            if ref.group(1) in doc.footnotes:
                return True
        if searches.citations is None:
            return False
        vague: list[regex.Match[str]] | None = None  # looked for once there is a citation to judge
        for citation in searches.citations.finditer(text, index, self.info.id):
            if vague is None:
                vague = list(searches.vague.finditer(text, index, self.info.id)) if searches.vague else []
            if not any(v.start() < citation.end() and citation.start() < v.end() for v in vague):
                return True
        return False

    def _sourced(
        self,
        doc: Document,
        index: int,
        sentences: list[Sentence],
        position: int,
        with_claims: set[int],
        searches: _Searches,
    ) -> bool:
        """A source in the claim's sentence or the next one; after a heading or a colon, the next block.

        The next sentence lends its citation when it opens with one (a marker the sentence
        splitter moved there) or when it makes no claim of its own and speaks of the source
        (``follow-up``: "The trial was published in JAMA (Smith, 2020).").
        """
        block = doc.blocks[index]
        text = block.view.text
        sentence = sentences[position]
        if self._source_in(doc, index, sentence.start, sentence.end, searches):
            return True
        if position + 1 < len(sentences):
            following = sentences[position + 1]
            marker = _LEADING_MARKER.match(text, following.start)
            if marker is not None and self._cites(doc, index, marker.group(0), searches):
                return True
            after = text[following.start : following.end]
            return (
                position + 1 not in with_claims
                and self.follow_up is not None
                and search(self.follow_up, after, self.info.id) is not None
                and self._cites(doc, index, after, searches)
            )
        piece = text[sentence.start : sentence.end].rstrip()
        if (block.kind == "heading" or piece.endswith(":")) and index + 1 < len(doc.blocks):
            return self._source_in(doc, index + 1, 0, len(doc.blocks[index + 1].view.text), searches)
        return False

    def _source_in(self, doc: Document, index: int, start: int, end: int, searches: _Searches) -> bool:
        """A citation in block ``index``'s text ``[start, end)``, or a link to an outside source there."""
        block = doc.blocks[index]
        text = block.view.text
        if self._cites(doc, index, text[start:end], searches):
            return True
        return any(
            _SOURCE_HREF.match(link.href)
            and link.start < end
            and link.end > start
            and not self._cta(link, text)
            for link in block.links
        )

    def _cta(self, link: Link, text: str) -> bool:
        """A call to action ("book a consult") links to the seller, not to evidence."""
        if self.not_sources is None:
            return False
        label = text[link.start : link.end]
        return any(search(self.not_sources, part, self.info.id) is not None for part in (link.href, label))

    def _finding(
        self, doc: Document, block: Block, sentence: Sentence, span: tuple[int, int], clause_end: int
    ) -> Finding:
        """The claim at ``span``; the fix marks the end of its clause, which ends at ``clause_end``."""
        start, end = span
        text = block.view.text
        piece = text[sentence.start : sentence.end]
        insert_at = _TRAILING.search(text, start, clause_end).start()
        insertion = f" {self.placeholder}"
        fix = Fix(
            "unsafe",
            f"insert '{self.placeholder}' after the claim",
            (doc.edit(block.view.span(insert_at, insert_at), insertion),),
        )
        return doc.finding(
            self.info,
            block.view.span(start, end),
            format_message(self.info.message, match=text[start:end]),
            fix=fix,
            context=piece,
        )
