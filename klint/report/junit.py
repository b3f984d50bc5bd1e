"""``--format junit``: JUnit XML for CI systems that render test reports (GitLab, Jenkins, Azure).

One ``testsuite`` named ``klint``; one ``testcase`` per file with findings (a ``failure``
each) or that could not be checked (an ``error``). Files that passed count in ``tests`` but
are not listed: the run result does not name them. ``files_checked`` counts every file
klint looked at, the unreadable ones included.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from klint.model import sorted_findings
from klint.report.common import describe, sorted_errors

if TYPE_CHECKING:
    from klint.model import FileError, Finding, RunResult
    from klint.report import ReportOptions

SUITE_NAME = "klint"
# Characters XML 1.0 cannot carry at all, not even as character references.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` without the characters that would make the document ill-formed."""
    return _FORBIDDEN.sub("", text)


def report(result: RunResult, stream: TextIO, options: ReportOptions) -> None:
    stream.write(to_xml(result, options) + "\n")


def to_xml(result: RunResult, options: ReportOptions) -> str:
    findings: dict[str, list[Finding]] = {}
    for finding in sorted_findings(result.findings):
        findings.setdefault(finding.path, []).append(finding)
    errors: dict[str, list[FileError]] = {}
    for error in sorted_errors(result):
        errors.setdefault(error.path, []).append(error)
    failed = sum(1 for path in findings if path not in errors)
    tests = max(result.files_checked, len(findings.keys() | errors.keys()))
    counts = {"tests": str(tests), "failures": str(failed), "errors": str(len(errors))}
    root = ET.Element("testsuites", name=SUITE_NAME, **counts)
    suite = ET.SubElement(root, "testsuite", name=SUITE_NAME, skipped="0", **counts)
    for path in sorted(findings.keys() | errors.keys()):
        name = clean(path)
        case = ET.SubElement(suite, "testcase", name=name, classname=name, file=name)
        for finding in findings.get(path, ()):
            failure = ET.SubElement(case, "failure", message=clean(finding.message), type=clean(finding.rule))
            failure.text = clean(_details(finding, options))
        for error in errors.get(path, ()):
            element = ET.SubElement(case, "error", message=clean(error.message), type="error")
            element.text = clean(f"{error.path}:{error.line}" if error.line else error.path)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _details(finding: Finding, options: ReportOptions) -> str:
    """Where the finding is, what it says, its fix and its other side, one per line."""
    lines = [
        f"{finding.path}:{finding.start.line}:{finding.start.column}: "
        f"{finding.severity} {finding.rule} {finding.message}"
    ]
    fix = finding.fix
    if options.show_fixes and fix is not None:
        label = "fix" if fix.applicability == "safe" or options.unsafe_fixes else "suggestion"
        lines.append(f"{label}: {describe(fix)}")
    lines += [
        f"related: {related.path}:{related.start.line}:{related.start.column} {related.message}"
        for related in finding.related
    ]
    return "\n".join(lines)
