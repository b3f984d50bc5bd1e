"""Quantities as intervals: numbers in words or digits, ranges, units, decades vs years.

Every value a claim states becomes an :class:`Interval` on one dimension (a rate in %, a
duration in hours, a frequency per hour, a year), so equal statements overlap and
incompatible ones are disjoint: "six infusions over two weeks" equals "three times a week
for two weeks", "the 1970s" holds 1970, "less than 1%" and "up to 41%" cannot both hold.
Value patterns in rule sets name these quantities with placeholders (``{percent}``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from klint import patterns

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
_PLACEHOLDER = patterns.compile(r"\{(" + "|".join(MACROS) + r")(\d?)\}")
_CMP_AT_START = patterns.compile(rf"^{_CMP}\s*", regex.I)


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


_NUMBERS = patterns.compile(
    rf"(?<![\w.])({_NUM_A})(?:\s*%?\s*(?:-|–|to|or|and)\s*({_NUM_A}))?(?![\w])", regex.I
)


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
