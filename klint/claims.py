"""Claims: statements of a declared type, pulled out of sentences into comparable records.

A claim type (declared in YAML on a ``contradiction`` rule) names a topic ("side effects"),
the values a statement can give it ("rare", "common", "less than 1%") and where each value
lies on the type's dimensions (a rate in %, an onset in hours, a year). Every value is an
interval, so equal claims overlap and incompatible ones are disjoint; quantities written
in words or digits, ranges, units and decades are normalised here, so "six infusions over
two weeks" equals "three times a week for two weeks".

Everything here is pure: a Document and a compiled type in, frozen records out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import regex

from klint.document import Document, Sentence
from klint.model import Location, Span
from klint.rules import framing
from klint.rules.base import PATTERN_TIMEOUT, PatternTimeout, finditer, search

INF = math.inf
_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
_ONES += "sixteen seventeen eighteen nineteen"
WORD_VALUES = {word: float(n) for n, word in enumerate(_ONES.split())}
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
TENS = {word: 20.0 + 10 * n for n, word in enumerate(_TENS.split())}
VAGUE = {"a few": (2.0, 4.0), "a couple": (2.0, 2.0), "several": (3.0, 7.0), "a dozen": (12.0, 12.0)}
VAGUE |= {"half a dozen": (6.0, 6.0), "a single": (1.0, 1.0), "a": (1.0, 1.0), "an": (1.0, 1.0)}
FRACTIONS = {"half": 50.0, "a third": 33.3, "one third": 33.3, "a quarter": 25.0, "one quarter": 25.0}
FRACTIONS |= {"two thirds": 66.7, "three quarters": 75.0}
#: Shares stated as ranges rather than figures.
SHARES = {"the majority": (50.0, 100.0), "a majority": (50.0, 100.0), "a minority": (0.0, 50.0)}
HOURS = {"second": 1 / 3600, "sec": 1 / 3600, "minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0}
HOURS |= {"day": 24.0, "week": 168.0, "month": 730.0, "year": 8766.0}
#: "hours" with no number: from two up to one of the next unit.
BARE_PLURAL = {"second": 59, "sec": 59, "minute": 59, "min": 59, "hour": 23, "hr": 23, "day": 6}
BARE_PLURAL |= {"week": 4, "month": 11, "year": 10}
PER = {"day": 24.0, "week": 168.0, "month": 730.0}

_NUM = (
    r"(?:\d+(?:[.,]\d+)*|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three"
    r"|four|five|six|seven|eight|nine)\b)?|" + "|".join(_ONES.split()) + r"|half\s+a\s+dozen|a\s+dozen"
    r"|a\s+(?:few|couple)(?:\s+of)?|several|a\s+single)"
)
_NUM_A = rf"(?:{_NUM}|an?)"
_CMP = (
    r"(?:less\s+than|fewer\s+than|under|below|no\s+more\s+than|at\s+most|more\s+than|over|above"
    r"|greater\s+than|at\s+least|up\s+to|as\s+many\s+as|as\s+much\s+as|about|around|approximately"
    r"|approx\.|roughly|nearly|almost|close\s+to|an\s+estimated|some|within|~|<=|>=|<|>|≤|≥)"
)
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_FRACTION = r"(?:half|a\s+third|one[-\s]third|a\s+quarter|one[-\s]quarter|two[-\s]thirds|three[-\s]quarters"
_FRACTION += r"|the\s+majority|a\s+majority|a\s+minority)"
#: Placeholders a value pattern may use; each becomes a named group parsed by its kind.
MACROS = {
    "number": rf"(?:{_CMP}\s*)?\b{_NUM}\b(?:\s*(?:-|–|to|or)\s*{_NUM}\b)?",
    "percent": rf"(?:{_CMP}\s*)?(?:\b{_NUM}(?:\s*(?:-|–|to)\s*{_NUM})?\s*(?:%|percent\b|per\s?cent\b)"
    rf"|\bbetween\s+{_NUM}\s*%?\s+and\s+{_NUM}\s*(?:%|percent\b|per\s?cent\b)"
    rf"|\b{_NUM}\s+(?:in|out\s+of)\s+(?:every\s+)?{_NUM}\b|\b{_FRACTION}\b)",
    "duration": rf"(?:{_CMP}\s*)?(?:\b{_NUM_A}(?:\s*(?:-|–|to|or)\s*{_NUM_A})?[\s-]+)?\b{_UNIT}\b",
    "year": r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?\b(?:1[89]|20)\d\d(?:['’]?s)?\b",
    "times": rf"(?:(?:once|twice|thrice|\b{_NUM}\s+(?:times|[a-z-]+s))\s+(?:a|an|per|each|every)\s+"
    r"(?:day|week|month)\b|\b(?:daily|weekly|monthly)\b)",
}
_PLACEHOLDER = regex.compile(r"\{(" + "|".join(MACROS) + r")(\d?)\}")
_CMP_AT_START = regex.compile(rf"^{_CMP}\s*", regex.I)


@dataclass(frozen=True, slots=True)
class Interval:
    """Where a value lies on one dimension; ``bounded`` marks a stated limit, ``reach`` an "up to"."""

    lo: float
    hi: float
    bounded: bool = False
    reach: float | None = None

    def disjoint(self, other: Interval) -> bool:
        """Cannot both be true: no overlap (ranges that only touch count), or an "up to" past a limit."""
        if self.hi < other.lo or other.hi < self.lo:
            return True
        touching = self.hi == other.lo or other.hi == self.lo
        if touching and self.lo < self.hi and other.lo < other.hi:
            return True
        if self.reach is not None and other.bounded and self.reach > other.hi:
            return True
        return other.reach is not None and self.bounded and other.reach > self.hi

    def within(self, other: Interval) -> bool:
        return other.lo <= self.lo and self.hi <= other.hi


# -- quantities -------------------------------------------------------------------------
def parse_number(text: str) -> tuple[float, float] | None:
    """A number written in digits or words ("24", "twenty-four", "a few") as a range."""
    word = regex.sub(r"[\s-]+", " ", text.strip().lower()).removesuffix(" of")
    if word in VAGUE:
        return VAGUE[word]
    if word in WORD_VALUES:
        return WORD_VALUES[word], WORD_VALUES[word]
    parts = word.split(" ")
    if parts[0] in TENS:
        value = TENS[parts[0]] + (WORD_VALUES.get(parts[1], 0.0) if len(parts) > 1 else 0.0)
        return value, value
    digits = word.replace(",", "") if regex.fullmatch(r"\d{1,3}(?:,\d{3})+", word) else word.replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    return value, value


_NUMBERS = regex.compile(rf"(?<![\w.])({_NUM_A})(?:\s*%?\s*(?:-|–|to|or|and)\s*({_NUM_A}))?(?![\w])", regex.I)


def _numbers(text: str) -> tuple[float, float] | None:
    """The first number of a quantity text, or the range it opens ("two to three")."""
    match = _NUMBERS.search(text)
    first = parse_number(match.group(1)) if match else None
    if match is None or first is None:
        return None
    second = parse_number(match.group(2)) if match.group(2) else None
    return (first[0], max(first[1], second[1])) if second else first


def _compared(text: str, lo: float, hi: float) -> Interval:
    """Apply a leading comparison ("less than", "about", "up to") to ``[lo, hi]``."""
    match = _CMP_AT_START.match(text)
    word = regex.sub(r"\s+", " ", match.group(0).strip().lower()) if match else ""
    if word in ("less than", "fewer than", "under", "below", "<", "within"):
        return Interval(0.0, hi, bounded=True)
    if word in ("no more than", "at most", "<=", "≤"):
        return Interval(0.0, hi, bounded=True)
    if word in ("more than", "over", "above", "greater than", ">", "at least", ">=", "≥"):
        return Interval(lo, INF)
    if word in ("up to", "as many as", "as much as"):
        return Interval(0.0, hi, reach=hi)
    if word in ("nearly", "almost", "close to"):
        return Interval(lo * 0.9, hi)
    if word:
        return Interval(lo * 0.9, hi * 1.1)
    return Interval(lo, hi)


def parse_quantity(kind: str, text: str) -> Interval | None:
    """Normalise a placeholder's text: percent in %, duration in hours, rate per hour, years."""
    lowered = regex.sub(r"\s+", " ", text.strip().lower())
    if kind == "year":
        year = int(regex.search(r"\d{4}", lowered).group(0))  # type: ignore[union-attr]
        if not regex.search(r"\d0['’]?s\b", lowered):
            return Interval(year, year)
        lo, hi = year, year + 9
        if "early" in lowered:
            hi = year + 4
        elif "mid" in lowered:
            lo, hi = year + 3, year + 7
        elif "late" in lowered:
            lo = year + 6
        return Interval(lo, hi)
    if kind == "times":
        return _rate(lowered)
    if kind == "percent":
        for name, (low, high) in SHARES.items():
            if name in lowered:
                return Interval(low, high, bounded=True)
        for name, value in FRACTIONS.items():
            if regex.search(r"\b" + name.replace(" ", r"[-\s]") + r"\b", lowered):
                return _compared(lowered, value, value)
        ratio = regex.search(rf"({_NUM})\s+(?:in|out of)\s+(?:every\s+)?({_NUM})", lowered)
        if ratio:
            top, bottom = parse_number(ratio.group(1)), parse_number(ratio.group(2))
            if top is None or bottom is None or not bottom[0]:
                return None
            share = 100.0 * top[0] / bottom[0]
            return _compared(lowered, share, share)
    numbers = _numbers(_CMP_AT_START.sub("", lowered))
    if kind == "duration":
        unit = regex.search(_UNIT + r"\b", lowered)
        if unit is None:
            return None
        name = unit.group(0).rstrip("s") or unit.group(0)
        factor = HOURS.get(name, HOURS.get(name.rstrip("s"), 1.0))
        if numbers is None:
            plural = unit.group(0).endswith("s")
            numbers = (2.0, float(BARE_PLURAL.get(name, 10))) if plural else (1.0, 1.0)
        return _compared(lowered, numbers[0] * factor, numbers[1] * factor)
    if numbers is None:
        return None
    return _compared(lowered, *numbers)


def _rate(text: str) -> Interval | None:
    """Occurrences per hour of "three times a week", "twice weekly", "daily"."""
    period = regex.search(r"(day|week|month)", text)
    if period is None:
        return None
    if text.startswith(("once", "daily", "weekly", "monthly")):
        count: tuple[float, float] | None = (1.0, 1.0)
    elif text.startswith("twice"):
        count = (2.0, 2.0)
    elif text.startswith("thrice"):
        count = (3.0, 3.0)
    else:
        count = _numbers(text)
    if count is None:
        return None
    hours = PER[period.group(1)]
    return Interval(count[0] / hours, count[1] / hours)


def expand_placeholders(pattern: str) -> tuple[str, tuple[str, ...]]:
    """Replace ``{percent}``-style placeholders by named groups; returns the group names."""
    names: list[str] = []

    def group(match: regex.Match[str]) -> str:
        name = match.group(1) + match.group(2)
        names.append(name)
        return f"(?P<{name}>{MACROS[match.group(1)]})"

    return _PLACEHOLDER.sub(group, pattern), tuple(names)


def macro_kind(name: str) -> str:
    return name.rstrip("0123456789")


# -- records ----------------------------------------------------------------------------
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


# -- claim types (compiled from YAML) -----------------------------------------------------
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


# English framing: what makes a reported statement a refuted myth, and what undoes that.
_MYTH_CUE = regex.compile(
    r"\b(?:myths?|misconceptions?|misperceptions?|misunderstandings?|misbeliefs?|fallac(?:y|ies)|hype"
    r"|mistaken(?:ly)?|wrongly|falsely|think|thinks|thought|believe[sd]?|assume[sd]?|imagines?"
    r"|views?|viewed|misperceive[sd]?|portrayed|perceived|dismissed|stereotyped|labell?ed)\b",
    regex.I,
)
#: A myth stated outright, whatever the shared framing rules make of the sentence.
_MYTH_THAT = regex.compile(
    r"\b(?:myths?|misconceptions?|misperceptions?|misunderstandings?|misbeliefs?|fallac(?:y|ies))"
    r"\s*(?:(?:is|was)\s+)?(?:that\b|:)|\b(?:common|popular|widespread)\s+(?:belief|notion|assumption)\s+"
    r"(?:(?:is|was)\s+)?that\b",
    regex.I,
)
_COUNTER_CUE = regex.compile(
    r"\b(?:contrary\s+to|in\s+reality|in\s+fact|the\s+(?:truth|reality)\s+is|actually|debunk\w*)\b", regex.I
)
_FACT_HEADING = regex.compile(r"^\W*(?:facts?|truth|reality|the\s+(?:truth|reality|facts?))\b", regex.I)
_CLAUSE = regex.compile(r"[,;:—–()]|\b(?:but|however|while|whereas|although|though|yet)\b", regex.I)
_ANAPHOR = regex.compile(r"\b(?:these|those|such|this|that)\b", regex.I)
#: The (up to three) words right before a topic word: its modifiers.
_MODIFIER = regex.compile(r"(?:[\w'’-]+\s+){1,3}$")
_FOREIGN = regex.compile(
    r"\b(?:from|than|to|of|unlike|like|versus|vs\.?|over|compared\s+(?:to|with)|instead\s+of|rather\s+than)"
    r"\s+(?:[\w'’-]+\s+){0,2}$",
    regex.I,
)
_RELATIVE = regex.compile(r"^[\w\s-]{0,20}?,?\s*(?:which|that|who)\b", regex.I)

_subject_cache: dict[str, object] = {}


def extract(doc: Document, ctype: ClaimType) -> list[Claim]:
    """Every statement of ``ctype`` in the document, in document order."""
    claims: list[Claim] = []
    for index, block in doc.blocks_in(ctype.scopes):
        text = block.view.text
        regions = _topic_regions(text, ctype)
        if not regions:
            continue
        for value, match in _value_matches(text, ctype, regions):
            sentence = doc.sentence_at(index, value_span(match)[0])
            claim = _claim(doc, ctype, value, match, sentence)
            if claim is not None:
                claims.append(claim)
    return claims


#: How far a value's pattern may reach beyond the window around a topic word.
_REACH = 120


def _topic_regions(text: str, ctype: ClaimType) -> list[tuple[int, int]]:
    """Stretches of the block that can hold a value: around topic words, merged."""
    regions: list[tuple[int, int]] = []
    margin = ctype.window + _REACH
    for topic in finditer(ctype.topic, text, ctype.rule_id):
        lo, hi = max(0, topic.start() - margin), min(len(text), topic.end() + margin)
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], hi))
        else:
            regions.append((lo, hi))
    return regions


def _value_matches(
    text: str, ctype: ClaimType, regions: list[tuple[int, int]]
) -> list[tuple[ValueDef, regex.Match[str]]]:
    """Value matches of a block, one per value span: where value spans overlap, the longest
    match wins. Each search resumes right after the last value's own words, so the context
    a pattern matches around one value ("approved ... in 1970") cannot hide the next one."""
    found = []
    for value in ctype.values:
        for pattern in value.patterns:
            for lo, hi in regions:
                position = lo
                while (match := _search_in(pattern, text, ctype.rule_id, position, hi)) is not None:
                    if match.end() > match.start():
                        found.append((value, match))
                    position = max(match.start() + 1, value_span(match)[1])
    found.sort(key=lambda item: (item[1].start() - item[1].end(), item[1].start()))
    kept: list[tuple[ValueDef, regex.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for value, match in found:
        lo, hi = value_span(match)
        if all(hi <= t_lo or t_hi <= lo for t_lo, t_hi in taken):
            kept.append((value, match))
            taken.append((lo, hi))
    kept.sort(key=lambda item: value_span(item[1]))
    return kept


def _search_in(
    pattern: regex.Pattern[str], text: str, rule_id: str, pos: int, end: int
) -> regex.Match[str] | None:
    """``pattern.search`` within ``text[pos:end]`` under the per-pattern time limit."""
    try:
        return pattern.search(text, pos, end, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        raise PatternTimeout(rule_id) from None


def value_span(match: regex.Match[str]) -> tuple[int, int]:
    """The value's own words: the pattern's ``v`` group when it has one, else the match."""
    if "v" in match.re.groupindex and match.group("v"):
        return match.span("v")
    return match.span()


def _claim(
    doc: Document,
    ctype: ClaimType,
    value: ValueDef,
    match: regex.Match[str],
    sentence: Sentence,
) -> Claim | None:
    block = doc.blocks[sentence.block]
    text = block.view.text
    lo, hi = sentence.start, sentence.end
    start, end = value_span(match)
    if not _about_topic(doc, ctype, sentence, start, end):
        return None
    frame = _framing(doc, sentence, start)
    if frame == "skip":
        return None
    dims = []
    for dim, source in value.dims:
        if not source.present(match):
            continue
        interval = source.resolve(match)
        if interval is None:
            return None
        if ctype.tolerance and source.fixed is None and not interval.bounded and interval.hi < INF:
            slack = ctype.tolerance
            interval = Interval(interval.lo * (1 - slack), interval.hi * (1 + slack), reach=interval.reach)
        dims.append((dim, interval))
    polarity = value.polarity
    negated = framing.is_negated(text[lo:start], start - lo)
    if negated:
        polarity = "denied" if polarity == "asserted" else "asserted"
    if frame == "myth":
        polarity = "denied" if polarity == "asserted" else "asserted"
    hedged = frame != "myth" and _hedged(ctype, text[lo:hi], start - lo, end - lo)
    contexts = _contexts(ctype, text[lo:hi], start - lo, end - lo)
    span = block.view.span(start, end)
    return Claim(
        type=ctype.name,
        attribute=ctype.attribute,
        subject=_subject(ctype, text[lo:hi], start - lo, end - lo) or default_subject(doc, ctype),
        context="+".join(n for f, n in contexts if f not in ctype.optional_contexts),
        qualifiers=tuple((f, n) for f, n in contexts if f in ctype.optional_contexts),
        label=value.label,
        value=tuple(sorted(dims, key=lambda item: item[0])),
        polarity=polarity,
        hedged=hedged,
        framing="myth" if frame == "myth" else ("negated" if negated else ""),
        path=doc.path,
        span=span,
        start=doc.location(span.start),
        end=doc.location(span.end),
        sentence=block.view.span(lo, hi),
        text=text[start:end],
        sentence_text=text[lo:hi].strip(),
    )


def _about_topic(doc: Document, ctype: ClaimType, sentence: Sentence, start: int, end: int) -> bool:
    """A topic word near the value whose own modifiers, and the words between it and the
    value, name nothing excluded ("serious side effects", "effects peaked"); for "these
    effects" the sentence before counts as a modifier too."""
    text = doc.blocks[sentence.block].view.text
    for topic in finditer(ctype.topic, text[: sentence.end], ctype.rule_id):
        if topic.end() <= sentence.start:
            continue
        if max(topic.start() - end, start - topic.end()) > ctype.window:
            continue
        if ctype.exclude is None:
            return True
        modifier = _MODIFIER.search(text[max(sentence.start, topic.start() - 50) : topic.start()])
        gap = text[topic.end() : start] if topic.end() <= start else text[end : topic.start()]
        if search(ctype.exclude, f"{modifier.group(0) if modifier else ''} {topic.group(0)} {gap}", ""):
            continue
        if modifier and _ANAPHOR.search(modifier.group(0)):
            previous = _previous_sentence(doc, sentence)
            if previous and search(ctype.exclude, previous, ctype.rule_id):
                continue
        return True
    return False


def _previous_sentence(doc: Document, sentence: Sentence) -> str:
    before = [doc.sentences[i] for i in doc.sentences_of(sentence.block)]
    earlier = [s for s in before if s.end <= sentence.start]
    return doc.sentence_text(earlier[-1]) if earlier else ""


def _framing(doc: Document, sentence: Sentence, start: int) -> str:
    """How the author frames the statement: asserted, a myth being refuted, or skip (a question)."""
    block = doc.blocks[sentence.block]
    text = block.view.text
    if not framing.is_reported(doc, sentence, start):
        before = text[sentence.start : start]
        myth = _MYTH_THAT.search(before)
        return "myth" if myth and not _COUNTER_CUE.search(before, myth.end()) else "asserted"
    if text[sentence.start : sentence.end].rstrip().endswith("?"):
        return "skip"
    if block.kind == "heading":
        return "asserted" if _FACT_HEADING.match(block.text) else "myth"
    before = text[sentence.start : start]
    counters = list(_COUNTER_CUE.finditer(before))
    if counters and not _MYTH_THAT.search(before, counters[-1].end()):
        return "asserted"  # "Contrary to what many believe, X" (but not "contrary to the myth that X")
    return "myth" if _MYTH_CUE.search(before) else "skip"


def _hedged(ctype: ClaimType, sentence: str, start: int, end: int) -> bool:
    """A hedge in the value's own clause, or in a short clause opening the sentence."""
    if ctype.hedges is None:
        return False
    lo, hi = _clause(sentence, start, end)
    if search(ctype.hedges, sentence[lo:hi], ctype.rule_id):
        return True
    first_break = _CLAUSE.search(sentence)
    opening = sentence[: first_break.start()] if first_break and first_break.start() < start else ""
    return (
        bool(opening)
        and len(opening.split()) <= 5
        and search(ctype.hedges, opening, ctype.rule_id) is not None
    )


def _mentions(
    named: Sequence[tuple[str, regex.Pattern[str]]], text: str, rule_id: str
) -> list[tuple[int, int, str]]:
    return sorted(
        (m.start(), m.end(), name) for name, pattern in named for m in finditer(pattern, text, rule_id)
    )


def _subject(ctype: ClaimType, sentence: str, start: int, end: int) -> str:
    """The subject the value belongs to: a mention in its own clause, else the nearest
    before it in the sentence, else after it. A mention inside a comparison ("unlike SSRIs")
    is skipped unless a relative clause attaches the value to it ("SSRIs, which take weeks")."""
    mentions = _mentions(ctype.subjects, sentence, ctype.rule_id)
    lo, hi = _clause(sentence, start, end)
    for scope in ((lo, hi), (0, len(sentence))):
        for m_start, m_end, name in reversed([m for m in mentions if scope[0] <= m[0] and m[1] <= start]):
            if _RELATIVE.match(sentence[m_end:start]) or not _FOREIGN.search(sentence[:m_start]):
                return name
        for m_start, _m_end, name in (m for m in mentions if m[0] >= end and m[1] <= scope[1]):
            if not _FOREIGN.search(sentence[:m_start]):
                return name
    return ""


def _contexts(ctype: ClaimType, sentence: str, start: int, end: int) -> list[tuple[str, str]]:
    """One (family, name) per family mentioned: the mention nearest the value, its clause first."""
    lo, hi = _clause(sentence, start, end)
    names = []
    for family, named in ctype.contexts:
        mentions = _mentions(named, sentence, ctype.rule_id)
        own = [m for m in mentions if lo <= m[0] and m[1] <= hi] or mentions
        if own:
            nearest = min(own, key=lambda m: max(m[0] - end, start - m[1], 0))
            names.append((family, nearest[2]))
    return names


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding ``[start, end)``: between the clause breaks around it."""
    breaks = [m.start() for m in _CLAUSE.finditer(sentence)]
    lo = max([b for b in breaks if b < start], default=0)
    hi = min([b for b in breaks if b >= end], default=len(sentence))
    return lo, hi


def default_subject(doc: Document, ctype: ClaimType) -> str:
    """The subject a document mentions most: what a sentence without one is about."""
    if not ctype.subjects:
        return ""
    key = "\0".join(p.pattern for _, p in ctype.subjects)
    if _subject_cache.get("doc") is not doc:
        _subject_cache.clear()
        _subject_cache["doc"] = doc
    if key not in _subject_cache:
        counts: dict[str, int] = {}
        for block in doc.blocks:
            for _start, _end, name in _mentions(ctype.subjects, block.text, ctype.rule_id):
                counts[name] = counts.get(name, 0) + 1
        _subject_cache[key] = max(sorted(counts), key=lambda n: counts[n]) if counts else ""
    return str(_subject_cache[key])
