"""``--format json``: the stable, versioned schema fixed in design.md; fields are added, never changed."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, TextIO

from klint.model import sorted_findings
from klint.report.common import sorted_errors

if TYPE_CHECKING:
    from klint.model import Edit, FileError, Finding, Fix, Related, RunResult
    from klint.report import ReportOptions

SCHEMA_VERSION = 1
# A lone surrogate (an undecodable byte in a file name) cannot be encoded as UTF-8;
# as a \u escape it is still valid JSON and round-trips through Python.
_SURROGATE = re.compile("[\ud800-\udfff]")


def report(result: RunResult, stream: TextIO, options: ReportOptions) -> None:
    """Write the whole run as one JSON document."""
    write_json(to_dict(result), stream)


def write_json(data: object, stream: TextIO) -> None:
    """Dump ``data`` as readable UTF-8 JSON that is valid whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    stream.write(_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n")


def to_dict(result: RunResult) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "klint_version": result.klint_version,
        "files_checked": result.files_checked,
        "findings": [finding_dict(finding) for finding in sorted_findings(result.findings)],
        "errors": [error_dict(error) for error in sorted_errors(result)],
        # Added to design.md's schema (additions only): what a --baseline hid and no longer found.
        "baselined": result.baselined,
        "baseline_fixed": result.baseline_fixed,
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.start.line,
        "column": finding.start.column,
        "end_line": finding.end.line,
        "end_column": finding.end.column,
        "rule": finding.rule,
        "ruleset": finding.ruleset,
        "category": finding.category,
        "severity": finding.severity,
        "message": finding.message,
        "disclaimer": finding.disclaimer,
        "related": [related_dict(related) for related in finding.related],
        "fix": fix_dict(finding.fix) if finding.fix is not None else None,
        "suggestions": [fix_dict(suggestion) for suggestion in finding.suggestions],
    }


def related_dict(related: Related) -> dict[str, Any]:
    return {
        "path": related.path,
        "line": related.start.line,
        "column": related.start.column,
        "end_line": related.end.line,
        "end_column": related.end.column,
        "message": related.message,
    }


def fix_dict(fix: Fix) -> dict[str, Any]:
    return {
        "applicability": fix.applicability,
        "description": fix.description,
        "edits": [edit_dict(edit) for edit in fix.edits],
    }


def edit_dict(edit: Edit) -> dict[str, Any]:
    return {
        "line": edit.start.line,
        "column": edit.start.column,
        "end_line": edit.end.line,
        "end_column": edit.end.column,
        "replacement": edit.replacement,
    }


def error_dict(error: FileError) -> dict[str, Any]:
    data: dict[str, Any] = {"path": error.path, "message": error.message}
    if error.line is not None:
        data["line"] = error.line
    return data
