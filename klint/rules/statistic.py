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
from typing import ClassVar

import regex

from klint.document import Block, Document, Sentence
from klint.model import Finding, Fix
from klint.rules import framing
from klint.rules.base import (
    DEFAULT_SCOPES,
    PATTERN_TIMEOUT,
    Kind,
    Param,
    PatternTimeout,
    RuleSpec,
    finditer,
    search,
    terms_pattern,
)
from klint.rules.term import format_message

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {w: i for i, w in enumerate(_SMALL)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9}
_NUMBER_WORD = (
    rf"(?:(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?|{'|'.join(reversed(_SMALL))})"
    rf"(?:[- ](?:{'|'.join(_SCALES)}))?|a[- ](?:{'|'.join(_SCALES)}))"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:(?:{_DIGITS})(?:\s*(?:{'|'.join(_SCALES)}))?|\b{_NUMBER_WORD}\b)"
_MANY = r"(?:hundreds|thousands|dozens|millions|scores|tens\s+of\s+thousands)\s+of"
_FRACTION = r"(?:(?:one|a|two|three)[- ]?)?(?:half|thirds?|quarters?|fifths?)"
#: Words that end a noun phrase: a count is "300 clinical studies", never "3 weeks for patients".
_STOP = (
    r"of|for|in|with|per|and|or|to|from|at|on|by|a|an|the|than|as|who|that|which|were|are|is|was"
    r"|have|has|had|each|every|week|weeks|day|days|hour|hours|month|months|year|years|minutes?|sessions?"
)
_YEAR = regex.compile(r"(?:19|20)\d\d")
_FOOTNOTE_REF = regex.compile(r"\[\^([^\]\s]+)\]")
_SOURCE_HREF = regex.compile(r"^(?:https?://|www\.|doi:)", regex.I)
_LEADING_MARKER = regex.compile(r"\s*(?:\[\^?[^\]\s]{1,12}\]|\([^()]{0,80}\))")
_TRAILING = regex.compile(r"[\s.!?…:;,]*[\"'”’)\]]*[\s.!?…:;,]*$")


def _value(number: str) -> float:
    """A rough value of a number phrase ("2,000", "1.5 million", "twenty-five", "a dozen")."""
    words = number.lower().replace(",", "").replace("-", " ").split()
    total = 0.0
    for word in words:
        if word in _SCALES:
            total = max(total, 1) * _SCALES[word]
        elif word in _WORD_VALUES:
            total += _WORD_VALUES[word]
        elif word == "a":
            total += 1
        else:
            try:
                total += float(word)
            except ValueError:
                return 0.0
    return total


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
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        evidence = terms_pattern(spec.strings("evidence-nouns"))
        people = terms_pattern(spec.strings("population-nouns") or ["people"])
        qualifier = terms_pattern(spec.strings("qualifiers")) if spec.get("qualifiers") else "(?!)"
        adjectives = rf"(?:(?!(?:{_STOP})\b)[\w-]+\s+){{0,2}}"
        # Each shape starts at a number-like token; qualifiers before it are added afterwards.
        shapes = [
            rf"{NUMBER}\s*(?:%|\bpercent\b|\bper\s*cent\b)",
            rf"{NUMBER}\s+(?:out\s+of|in|of\s+every)\s+(?:every\s+)?{NUMBER}"
            r"(?!\s*%)(?!\s*(?:minutes?|hours?|days?|weeks?|months?|years?|sessions?|mg|ml)\b)",
            rf"(?:{NUMBER}\s*(?:times|x|×)|twice|thrice)\s+(?:more|less|fewer|higher|lower|greater"
            r"|faster|better|likelier|as)\b",
            rf"(?:{_NUMBER_WORD}|\d+(?:\.\d+)?)[- ]?fold\b(?=\s+(?:increase|decrease|reduction|rise|drop"
            r"|higher|greater|more|less|lower|risk|improvement|difference|change|boost|jump|likel))",
            rf"(?P<count>{NUMBER})(?:\s*\+)?\s+{adjectives}(?:(?P<evidence>{evidence})|(?P<people>{people}))",
            rf"{_MANY}\s+{adjectives}(?:{evidence}|{people})",
            rf"{_FRACTION}\s+(?:of\s+)?(?:the\s+|all\s+|our\s+|these\s+|those\s+)?(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{people}|{evidence}|them|those|whom|us|you)",
            # "almost half are resistant"; "nearly half the dose" is a part of something else
            r"(?P<bare>half|third|quarter|fifth)\b(?!\s+(?:the|a|an|your|our|my|its|their|this|that)\b)",
        ]
        flags = regex.I | regex.UNICODE
        self.shapes = regex.compile("|".join(f"(?:{s})" for s in shapes), flags)
        self.starter = regex.compile(
            rf"(?<![\d.,])\d|\b(?:{_NUMBER_WORD}|(?:one|a|two|three)[- ]?(?=half|third|quarter|fifth)|half"
            r"|third|quarter|fifth|twice|thrice|hundreds|thousands|dozens|millions|scores|tens\s+of)",
            flags,
        )
        self.lead = regex.compile(rf"{qualifier}\s+$", flags)
        self.fraction_lead = regex.compile(rf"{qualifier}\s+(?:(?:a|one)[\s-]+)?$", flags)
        self.fold_change = regex.compile(
            rf"\b(?:increas|ris|rose|reduc|decreas|drop|jump|grow|grew|improv)\w*\s+(?:by\s+)?(?:about\s+)?"
            rf"(?:{_NUMBER_WORD}|\d+(?:\.\d+)?)[- ]?fold\b",
            flags,
        )
        self.extra = self.compile("claims")
        self.non_evidence = self.compile("non-evidence")
        self.citations = self.compile("citations")
        self.vague = self.compile("vague")
        self.follow_up = self.compile("follow-up")
        self.unless = self.compile("unless")
        self.min_population = int(spec.get("min-population", 10))
        self.placeholder = str(spec.get("placeholder", "[citation needed]"))
        self.skip_reported = bool(spec.get("skip-reported", True))

    def check(self, doc: Document) -> Iterator[Finding]:
        rule_id = self.info.id
        for index, block in doc.blocks_in(self.spec.scopes or DEFAULT_SCOPES):
            text = block.view.text
            if search(self.starter, text, rule_id) is None:
                continue
            claims = list(self._claims(text))
            if not claims:
                continue
            sentences = [doc.sentences[i] for i in doc.sentences_of(index)] or [Sentence(index, 0, len(text))]
            starts = [s.start for s in sentences]
            positions = [max(0, bisect.bisect_right(starts, start) - 1) for start, _ in claims]
            with_claims = set(positions)
            last = -1
            for (start, end), position in zip(claims, positions, strict=True):
                if position == last:
                    continue  # one finding per sentence
                last = position
                sentence = sentences[position]
                piece = text[sentence.start : sentence.end]
                if self.placeholder in piece or (self.unless and search(self.unless, piece, rule_id)):
                    continue
                if self.skip_reported and framing.is_reported(doc, sentence, start):
                    continue
                if self._sourced(doc, index, sentences, position, with_claims):
                    continue
                yield self._finding(doc, block, sentence, start, end)

    def _claims(self, text: str) -> list[tuple[int, int]]:
        """Spans of evidence claims in ``text``, in order, without the non-evidence ones.

        The claim shapes are matched only where a number-like token starts, then widened to
        a qualifier before it ("almost half"); scanning paragraphs with the whole
        alternation at every position costs many times more.
        """
        rule_id = self.info.id
        found = []
        done = 0
        for token in finditer(self.starter, text, rule_id):
            if token.start() < done:
                continue
            try:
                match = self.shapes.match(text, token.start(), timeout=PATTERN_TIMEOUT)
            except TimeoutError:
                raise PatternTimeout(rule_id) from None
            if match is None:
                continue
            start = token.start()
            before = text[max(0, start - 40) : start]
            widen = self.lead if match.group(0)[:1].isdigit() else self.fraction_lead
            lead = widen.search(before)
            if lead is not None:
                start -= len(before) - lead.start()
            elif match.group("bare"):
                continue  # a bare "half" is a proportion only with a qualifier: "almost half"
            done = match.end()
            if self._is_evidence(text, match):
                found.append((start, match.end()))
        extras = [p for p in (self.extra,) if p is not None]
        if "fold" in text:
            extras.append(self.fold_change)
        for pattern in extras:
            found += [m.span() for m in finditer(pattern, text, rule_id) if self._is_evidence(text, m)]
        return sorted(found)

    def _is_evidence(self, text: str, match: regex.Match[str]) -> bool:
        count = match.groupdict().get("count")
        if count:
            value = _value(count)
            if _YEAR.fullmatch(count) and regex.search(
                r"\b(?:in|since|from|by|until|during|of)\s*$", text[: match.start()], regex.I
            ):
                return False  # "In 2019 patients ..."
            if match.group("people") and value < self.min_population:
                return False  # "two patients told us": an anecdote, not a statistic
        if self.non_evidence is None:
            return True
        lo = max(0, match.start() - 60)
        for other in finditer(self.non_evidence, text[lo : match.end() + 60], self.info.id):
            if other.start() + lo < match.end() and match.start() < other.end() + lo:
                return False
        return True

    def _cites(self, doc: Document, text: str) -> bool:
        """Whether ``text`` holds a real citation (not a vague attribution)."""
        for ref in _FOOTNOTE_REF.finditer(text):
            if ref.group(1) in doc.footnotes:
                return True
        if self.citations is None:
            return False
        vague = list(finditer(self.vague, text, self.info.id)) if self.vague else []
        for citation in finditer(self.citations, text, self.info.id):
            if not any(v.start() < citation.end() and citation.start() < v.end() for v in vague):
                return True
        return False

    def _sourced(
        self, doc: Document, index: int, sentences: list[Sentence], position: int, with_claims: set[int]
    ) -> bool:
        """A source in the claim's sentence or the next one; after a heading or a colon, the next block.

        The next sentence lends its citation when it opens with one (a marker the sentence
        splitter moved there) or when it makes no claim of its own and speaks of the source
        (``follow-up``: "The trial was published in JAMA (Smith, 2020).").
        """
        block = doc.blocks[index]
        text = block.view.text
        sentence = sentences[position]
        if self._source_in(doc, block, sentence.start, sentence.end):
            return True
        if position + 1 < len(sentences):
            following = sentences[position + 1]
            marker = _LEADING_MARKER.match(text, following.start)
            if marker is not None and self._cites(doc, marker.group(0)):
                return True
            after = text[following.start : following.end]
            return (
                position + 1 not in with_claims
                and self.follow_up is not None
                and search(self.follow_up, after, self.info.id) is not None
                and self._cites(doc, after)
            )
        piece = text[sentence.start : sentence.end].rstrip()
        if (block.kind == "heading" or piece.endswith(":")) and index + 1 < len(doc.blocks):
            after = doc.blocks[index + 1]
            return self._source_in(doc, after, 0, len(after.view.text))
        return False

    def _source_in(self, doc: Document, block: Block, start: int, end: int) -> bool:
        """A citation in ``block`` text ``[start, end)``, or a link to an outside source there."""
        if self._cites(doc, block.view.text[start:end]):
            return True
        links = block.links
        return any(_SOURCE_HREF.match(k.href) and k.start < end and k.end > start for k in links)

    def _finding(self, doc: Document, block: Block, sentence: Sentence, start: int, end: int) -> Finding:
        text = block.view.text
        piece = text[sentence.start : sentence.end]
        insert_at = sentence.start + _TRAILING.search(piece).start()
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
