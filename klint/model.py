"""Frozen values shared by every layer: positions, text views, findings and fixes.

Offsets are indices into the document's source ``str`` (so they count code points);
lines and columns are 1-based and computed once, when a finding or an edit is made,
so reporters never need the document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}

Applicability = Literal["safe", "unsafe"]

CATEGORIES = (
    "mechanism-error",
    "unsourced-statistic",
    "missing-disclaimer",
    "contradiction",
    "false-regulatory-claim",
    "absolute-claim",
)

_NEWLINE = re.compile(r"\r\n|\r|\n")
_TEXT_INDEX = itemgetter(0)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of source offsets."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based line and column (columns count code points)."""

    line: int
    column: int


class LineIndex:
    """Maps source offsets to line/column, splitting lines exactly as CommonMark does."""

    __slots__ = ("_length", "_starts")

    def __init__(self, source: str) -> None:
        carriage_returns = source.count("\r")
        if carriage_returns == 0 or carriage_returns == source.count("\r\n"):
            # Every line ends in "\n" (LF or CRLF): lengths from a split in C, not a match per line.
            lengths_with_newline = map((1).__add__, map(len, source.split("\n")))
            self._starts = list(accumulate(lengths_with_newline, initial=0))
            self._starts.pop()  # the start a line after the last one would have
        else:
            self._starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self._length = len(source)

    def location(self, offset: int) -> Location:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Location(line + 1, offset - self._starts[line] + 1)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[max(0, min(line - 1, len(self._starts) - 1))]

    @property
    def line_count(self) -> int:
        return len(self._starts)


@dataclass(frozen=True, slots=True)
class TextView:
    """Plain text of a prose run plus where each character came from in the source.

    ``segments`` holds ``(text_index, source_offset)`` pairs sorted by text index: the
    characters from one pair's text index up to the next pair's are a verbatim copy of
    the source starting at that offset. Runs of prose copied from Markdown are long, so
    this costs a few pairs per line instead of one integer per character.
    """

    text: str
    segments: tuple[tuple[int, int], ...]

    def source_offset(self, index: int) -> int:
        """Source offset of the character at text ``index``."""
        # Searched by key, not through a list of text indices: a view is built for every
        # block, and most are never asked for a position.
        seg = bisect.bisect_right(self.segments, index, key=_TEXT_INDEX) - 1
        text_start, source_start = self.segments[max(seg, 0)]
        return source_start + (index - text_start)

    def span(self, start: int, end: int) -> Span:
        """Source span covering text ``[start, end)``; ``end > start``."""
        if end <= start:
            offset = self.source_offset(start) if start < len(self.text) else self.end_offset()
            return Span(offset, offset)
        return Span(self.source_offset(start), self.source_offset(end - 1) + 1)

    def end_offset(self) -> int:
        return self.source_offset(len(self.text) - 1) + 1 if self.text else self.segments[0][1]


class TextViewBuilder:
    """Accumulates text pieces with their source offsets into a :class:`TextView`."""

    __slots__ = ("_length", "_next_source", "_parts", "_segments")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[tuple[int, int]] = []
        self._length = 0
        self._next_source = -1

    def append(self, piece: str, source_offset: int) -> None:
        """Add ``piece``, copied verbatim from the source at ``source_offset``."""
        if not piece:
            return
        if source_offset != self._next_source:
            self._segments.append((self._length, source_offset))
        self._parts.append(piece)
        self._length += len(piece)
        self._next_source = source_offset + len(piece)

    def append_char(self, char: str, source_offset: int, source_length: int) -> None:
        """Add one decoded character standing for ``source_length`` source characters."""
        self._segments.append((self._length, source_offset))
        self._parts.append(char)
        self._length += 1
        self._next_source = -1 if source_length != 1 else source_offset + 1

    def __len__(self) -> int:
        return self._length

    def build(self, fallback_offset: int = 0) -> TextView:
        segments = tuple(self._segments) or ((0, fallback_offset),)
        return TextView("".join(self._parts), segments)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace source ``span`` by ``replacement``; positions are kept for reporters."""

    span: Span
    replacement: str
    start: Location
    end: Location


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits applied together, or not at all."""

    applicability: Applicability
    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Related:
    """The other side of a finding, e.g. the statement a claim contradicts."""

    path: str
    start: Location
    end: Location
    message: str


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What every rule declares, whatever its kind."""

    id: str
    kind: str
    ruleset: str
    category: str
    severity: Severity
    message: str
    rationale: str = ""
    references: tuple[str, ...] = ()
    examples_bad: tuple[str, ...] = ()
    examples_good: tuple[str, ...] = ()
    disclaimer: str | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place, with an optional fix."""

    path: str
    span: Span
    start: Location
    end: Location
    rule: str
    ruleset: str
    category: str
    severity: Severity
    message: str
    disclaimer: str | None = None
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    suggestions: tuple[Fix, ...] = ()
    context: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start.line, self.start.column, self.rule)


def sorted_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings in the order design.md fixes: path, line, column, rule."""
    return sorted(findings, key=Finding.sort_key)


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be checked (unreadable, binary, bad encoding, bad front matter)."""

    path: str
    message: str
    line: int | None = None


@dataclass(slots=True)
class RunResult:
    """Everything a reporter needs about one run; reporters decide nothing else."""

    findings: list[Finding]
    errors: list[FileError]
    files_checked: int
    rules: list[RuleInfo]
    #: Source text of files that have findings, so reports can quote the line.
    sources: dict[str, str] = field(default_factory=dict)
    #: Number of fixes applied per path (``--fix``).
    fixed: dict[str, int] = field(default_factory=dict)
    #: Findings hidden by a baseline, and baseline entries no longer found.
    baselined: int = 0
    baseline_fixed: int = 0
    klint_version: str = ""
