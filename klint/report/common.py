"""Helpers every format needs: quoting sources, spotting document-level findings, naming fixes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from klint.model import Location

if TYPE_CHECKING:
    from klint.model import FileError, Finding, Fix, RunResult

# The line breaks LineIndex counts; str.splitlines also splits on \v, \f, \x1c-\x1e, \x85,
# \u2028 and \u2029, which would put a finding on the wrong line.
_NEWLINE = re.compile(r"\r\n|\r|\n")
_DOCUMENT = Location(1, 1)


class SourceLines:
    """The lines of ``RunResult.sources``, split only for files a report quotes."""

    __slots__ = ("_lines", "_sources")

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = sources
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str | None:
        """1-based line ``number`` of ``path`` without its line break; None when unknown."""
        lines = self._lines.get(path)
        if lines is None:
            source = self._sources.get(path)
            if source is None:
                return None
            lines = self._lines[path] = _NEWLINE.split(source)
        return lines[number - 1] if 0 < number <= len(lines) else None


def is_document_level(finding: Finding) -> bool:
    """A finding about the whole document (a missing disclaimer) points at nothing to quote."""
    return finding.start == finding.end == _DOCUMENT


def describe(fix: Fix) -> str:
    """The fix's own description, or its edits spelled out when a rule gave none."""
    if fix.description:
        return fix.description
    return "; ".join(
        f"replace {edit.start.line}:{edit.start.column}-{edit.end.line}:{edit.end.column}"
        f" with {edit.replacement!r}"
        for edit in fix.edits
    )


def sorted_errors(result: RunResult) -> list[FileError]:
    """Unreadable files in a stable order, whatever order the workers finished in."""
    return sorted(result.errors, key=lambda error: (error.path, error.line or 0))
