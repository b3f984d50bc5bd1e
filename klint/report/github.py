"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

Escaping follows ``@actions/core`` (``command.ts``: ``escapeData``/``escapeProperty``), so a
message or path holding ``%``, ``:``, ``,`` or a newline cannot end the command early or
start another one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from klint.model import sorted_findings
from klint.report.common import sorted_errors

if TYPE_CHECKING:
    from klint.model import FileError, Finding, RunResult
    from klint.report import ReportOptions

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
# Undecodable file-name bytes arrive as lone surrogates, which no UTF-8 stream can write.
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_data(text: str) -> str:
    """Escape a command's message as the toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus the ``:`` and ``,`` that separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report(result: RunResult, stream: TextIO, options: ReportOptions) -> None:
    """One workflow command per finding, then one ``::error`` per unreadable file."""
    lines = [command(finding) for finding in sorted_findings(result.findings)]
    lines += [error_command(error) for error in sorted_errors(result)]
    if lines:
        stream.write("\n".join(lines) + "\n")


def command(finding: Finding) -> str:
    properties = {
        "file": finding.path,
        "line": str(finding.start.line),
        "col": str(finding.start.column),
        "endLine": str(finding.end.line),
        "endColumn": str(finding.end.column),
        "title": finding.rule,
    }
    return _format(COMMANDS.get(finding.severity, "warning"), properties, finding.message)


def error_command(error: FileError) -> str:
    properties = {"file": error.path}
    if error.line:
        properties["line"] = str(error.line)
    return _format("error", properties, error.message)


def _format(name: str, properties: dict[str, str], message: str) -> str:
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return _SURROGATE.sub("\ufffd", f"::{name} {joined}::{escape_data(message)}")
