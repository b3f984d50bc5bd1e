"""The default format: each finding with its source line underlined, its fix and related places.

Columns count code points, but a terminal counts cells: tabs, wide (CJK) and zero-width
characters and the escapes shown for control characters are measured per character so
the carets stay under the span. Very long lines (a Markdown paragraph is often one line)
are cut to a window around the span.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, TextIO

from klint.model import sorted_findings
from klint.report.common import SourceLines, describe, is_document_level, sorted_errors
from klint.report.terminal import (
    BOLD,
    SEVERITY_STYLE,
    error_line,
    escape_char,
    is_unsafe,
    paint,
    safe,
    summary,
)

if TYPE_CHECKING:
    from klint.model import Finding, RunResult
    from klint.report import ReportOptions

_TAB = "    "
_MAX_WIDTH = 120  # cells of source shown at most
_LEAD = 40  # cells kept before the span when a long line is cut
_GUTTER_STYLE = "34"
_NOTE_STYLE = {"fix": "32", "suggestion": "33", "related": "36"}


def report(result: RunResult, stream: TextIO, options: ReportOptions) -> None:
    """Write every finding as a block, then unreadable files, then the summary unless quiet."""
    sources = SourceLines(result.sources)
    sections = [_block(finding, sources, options) for finding in sorted_findings(result.findings)]
    if result.errors:
        sections.append("\n".join(error_line(error, options.color) for error in sorted_errors(result)))
    if not options.quiet:
        sections.append(summary(result, options))
    if sections:
        stream.write("\n\n".join(sections) + "\n")


def header(finding: Finding, color: bool) -> str:
    """``path:line:col: severity rule-id message``."""
    where = f"{safe(finding.path)}:{finding.start.line}:{finding.start.column}"
    severity = paint(finding.severity, SEVERITY_STYLE.get(finding.severity, BOLD), color)
    rule = paint(safe(finding.rule), BOLD, color)
    return f"{paint(where, BOLD, color)}: {severity} {rule} {safe(finding.message)}"


def _block(finding: Finding, sources: SourceLines, options: ReportOptions) -> str:
    out = [header(finding, options.color)]
    number = str(finding.start.line)
    pad = " " * len(number)
    bar = paint(f"{pad} |", _GUTTER_STYLE, options.color)
    source_line = None if is_document_level(finding) else sources.line(finding.path, finding.start.line)
    if source_line is not None:
        start = finding.start.column - 1
        end = finding.end.column - 1 if finding.end.line == finding.start.line else len(source_line)
        shown, underline = excerpt(source_line, start, end)
        numbered = paint(f"{number} |", _GUTTER_STYLE, options.color)
        style = SEVERITY_STYLE.get(finding.severity, BOLD)
        out += [
            bar,
            f"{numbered} {shown}" if shown else numbered,
            f"{bar} {paint(underline, style, options.color)}",
        ]
    for label, text in _notes(finding, options):
        note = paint(f"{label}:", _NOTE_STYLE[label], options.color)
        out.append(f"{pad} {paint('=', _GUTTER_STYLE, options.color)} {note} {safe(text)}")
    return "\n".join(out)


def _cell(char: str) -> tuple[str, int]:
    """How one source character is drawn, and how many terminal cells that takes."""
    if char == "\t":
        return _TAB, len(_TAB)
    if is_unsafe(char):
        shown = escape_char(char)
        return shown, len(shown)
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return char, 0
    return char, 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def excerpt(text: str, start: int, end: int) -> tuple[str, str]:
    """``text`` made safe to print and its caret underline for code points ``[start, end)``."""
    cells = [_cell(char) for char in text]
    start = max(0, min(start, len(cells)))
    end = max(start, min(end, len(cells)))
    low, high = 0, len(cells)
    if sum(width for _, width in cells) > _MAX_WIDTH:
        lead, low = 0, start
        while low > 0 and lead + cells[low - 1][1] <= _LEAD:
            low -= 1
            lead += cells[low][1]
        budget = _MAX_WIDTH - (low > 0) - 1
        used, high = 0, low
        while high < len(cells) and used + cells[high][1] <= budget:
            used += cells[high][1]
            high += 1
    left = "…" if low > 0 else ""
    shown = left + "".join(drawn for drawn, _ in cells[low:high]) + ("…" if high < len(cells) else "")
    offset = len(left) + sum(width for _, width in cells[low:start])
    marks = max(1, sum(width for _, width in cells[start : min(end, high)]))
    return shown, " " * offset + "^" * marks


def _notes(finding: Finding, options: ReportOptions) -> list[tuple[str, str]]:
    """The ``= label: text`` lines under a finding: fix, suggestions, related places."""
    notes: list[tuple[str, str]] = []
    if options.show_fixes:
        from klint.fixes import applicable_fix

        fix = finding.fix
        if fix is not None and fix.applicability == "safe":
            notes.append(("fix", describe(fix)))
        elif fix is not None and applicable_fix(finding, unsafe=options.unsafe_fixes):
            notes.append(("fix", f"{describe(fix)} (unsafe)"))
        elif fix is not None:
            notes.append(("suggestion", describe(fix)))
        notes += [("suggestion", describe(alternative)) for alternative in finding.suggestions]
    for related in finding.related:
        where = f"{related.path}:{related.start.line}:{related.start.column}"
        notes.append(("related", f"{where} {related.message}".rstrip()))
    return notes
