"""One line per finding, for grep, editors' quickfix lists and people who know the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from klint.model import sorted_findings
from klint.report.common import sorted_errors
from klint.report.terminal import BOLD, SEVERITY_STYLE, error_line, paint, safe, summary

if TYPE_CHECKING:
    from klint.model import Finding, RunResult
    from klint.report import ReportOptions


def report(result: RunResult, stream: TextIO, options: ReportOptions) -> None:
    """Findings as ``path:line:col: rule-id [severity] message``, then errors and a summary."""
    lines = [finding_line(finding, options.color) for finding in sorted_findings(result.findings)]
    lines += [error_line(error, options.color) for error in sorted_errors(result)]
    if not options.quiet:
        lines.append(summary(result, options))
    if lines:
        stream.write("\n".join(lines) + "\n")


def finding_line(finding: Finding, color: bool) -> str:
    where = paint(f"{safe(finding.path)}:{finding.start.line}:{finding.start.column}", BOLD, color)
    severity = paint(finding.severity, SEVERITY_STYLE.get(finding.severity, BOLD), color)
    return f"{where}: {paint(safe(finding.rule), BOLD, color)} [{severity}] {safe(finding.message)}"
