"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

- Columns are code points (``columnKind: unicodeCodePoints``), 1-based, end exclusive,
  exactly as klint counts them, so no conversion is needed.
- Relative paths become percent-encoded relative URI references (``posts/my%20post.md``);
  absolute paths become ``file:`` URIs.
- Each rule's documentation is at ``https://klint.readthedocs.io/rules/<rule-id>``
  (:data:`RULE_HELP_URI`); the descriptor also carries the rationale, examples and
  references as ``help``, so viewers work offline.
- A contradiction's other side is a ``relatedLocation`` that its message links to
  (``… (see [the other statement](1))``): viewers such as GitHub code scanning show related
  locations only through such links.
- ``partialFingerprints["klintContextHash/v1"]`` hashes the rule with the normalised
  sentence the finding is about (else its source line, else its message), so a finding
  keeps its identity when lines are inserted above it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from klint.model import sorted_findings
from klint.report.common import SourceLines, describe, is_document_level, sorted_errors
from klint.report.jsonout import write_json

if TYPE_CHECKING:
    from klint.model import FileError, Finding, Fix, Location, RuleInfo, RunResult
    from klint.report import ReportOptions

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://klint.readthedocs.io/"
RULE_HELP_URI = "https://klint.readthedocs.io/rules/{id}"
FINGERPRINT_KEY = "klintContextHash/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def report(result: RunResult, stream: TextIO, options: ReportOptions) -> None:
    """Write the run as one SARIF log with a single run."""
    write_json(to_sarif(result), stream)


def to_sarif(result: RunResult) -> dict[str, Any]:
    findings = sorted_findings(result.findings)
    rules, index = _descriptors(result.rules, findings)
    driver: dict[str, Any] = {"name": "klint", "informationUri": INFORMATION_URI, "rules": rules}
    if result.klint_version:
        driver["version"] = result.klint_version
    sources = SourceLines(result.sources)
    run = {
        "tool": {"driver": driver},
        "invocations": [_invocation(result)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.rule], sources) for finding in findings],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def artifact_uri(path: str) -> str:
    """``path`` as a URI reference: relative and percent-encoded, or a ``file:`` URI if absolute."""
    pure = PurePath(path)
    posix = pure.as_posix()
    if not pure.is_absolute():
        return quote(_path_bytes(posix), safe="/")  # a ':' would otherwise read as a scheme
    # "/srv/a" -> file:///srv/a; on Windows "C:/a" -> file:///C:/a, "//server/share/a" -> file://server/share/a
    return "file://" + ("" if posix.startswith("/") else "/") + quote(_path_bytes(posix), safe="/:")


def _path_bytes(path: str) -> bytes:
    """The name's bytes: undecodable bytes restored from their surrogate escapes, if that is what they are."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass")


def rule_help_uri(rule_id: str) -> str:
    return RULE_HELP_URI.format(id=quote(rule_id, safe=""))


def fingerprint(finding: Finding, sources: SourceLines) -> str:
    """A hash of the rule and the text the finding is about, not of its position."""
    text = finding.context
    if not text and not is_document_level(finding):
        text = sources.line(finding.path, finding.start.line) or ""
    text = " ".join((text or finding.message).split())
    data = f"{finding.rule}\0{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


def _descriptors(
    rules: list[RuleInfo], findings: list[Finding]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One descriptor per declared rule, plus a minimal one for any other rule that reported."""
    descriptors = [_descriptor(rule) for rule in rules]
    index = {rule.id: position for position, rule in enumerate(rules)}
    for finding in findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(
                {
                    "id": finding.rule,
                    "name": _name(finding.rule),
                    "helpUri": rule_help_uri(finding.rule),
                    "defaultConfiguration": {"level": LEVELS.get(finding.severity, "warning")},
                    "properties": _properties(finding.category, finding.ruleset),
                }
            )
    return descriptors, index


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    properties = _properties(rule.category, rule.ruleset)
    properties["kind"] = rule.kind
    properties["references"] = list(rule.references)
    if rule.disclaimer:
        properties["disclaimer"] = rule.disclaimer
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _name(rule.id),
        "shortDescription": {"text": rule.message or rule.id},
    }
    if rule.rationale:
        descriptor["fullDescription"] = {"text": rule.rationale}
    text, markdown = _help(rule)
    descriptor["help"] = {"text": text, "markdown": markdown}
    descriptor["helpUri"] = rule_help_uri(rule.id)
    descriptor["defaultConfiguration"] = {"level": LEVELS.get(rule.severity, "warning")}
    descriptor["properties"] = properties
    return descriptor


def _properties(category: str, ruleset: str) -> dict[str, Any]:
    return {
        "category": category,
        "ruleset": ruleset,
        "tags": list(dict.fromkeys(filter(None, (category, ruleset)))),
    }


def _name(rule_id: str) -> str:
    """SARIF wants a readable identifier for ``name``: ``ketamine.nmda-action`` -> ``KetamineNmdaAction``."""
    words = re.split(r"[^0-9A-Za-z]+", rule_id)
    return "".join(word[:1].upper() + word[1:] for word in words) or rule_id


def _help(rule: RuleInfo) -> tuple[str, str]:
    """Rationale, examples and references as plain text and as Markdown."""
    text = [rule.rationale or rule.message]
    markdown = [rule.rationale or rule.message]
    for title, examples in (("Bad", rule.examples_bad), ("Good", rule.examples_good)):
        if examples:
            text.append(f"{title}:\n" + "\n".join(f"  {example}" for example in examples))
            markdown.append(f"**{title}**\n\n" + "\n".join(f"- {example}" for example in examples))
    if rule.references:
        text.append("References:\n" + "\n".join(f"  {reference}" for reference in rule.references))
        markdown.append("**References**\n\n" + "\n".join(f"- <{reference}>" for reference in rule.references))
    return "\n\n".join(part for part in text if part), "\n\n".join(part for part in markdown if part)


def _region(start: Location, end: Location) -> dict[str, int]:
    return {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }


def _location(path: str, start: Location, end: Location) -> dict[str, Any]:
    return {
        "physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": _region(start, end)}
    }


def _result(finding: Finding, rule_index: int, sources: SourceLines) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": _message(finding)},
        "locations": [_location(finding.path, finding.start, finding.end)],
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_location(related.path, related.start, related.end)}
            | ({"message": {"text": related.message}} if related.message else {})
            for number, related in enumerate(finding.related, start=1)
        ]
    fixes: list[dict[str, Any]] = []
    for fix in (finding.fix, *finding.suggestions):
        change = _fix(finding.path, fix) if fix is not None and fix.edits else None
        if change is not None and change not in fixes:  # SARIF requires distinct fixes
            fixes.append(change)
    if fixes:
        result["fixes"] = fixes
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding, sources)}
    properties = _properties(finding.category, finding.ruleset)
    properties["severity"] = finding.severity
    if finding.disclaimer:
        properties["disclaimer"] = finding.disclaimer
    result["properties"] = properties
    return result


def _message(finding: Finding) -> str:
    """The message, linking to the related locations by id, which is how viewers show them.

    A message with embedded links must escape its own brackets and backslashes (SARIF 3.11.6).
    """
    if not finding.related:
        return finding.message
    links = "; ".join(
        f"[{_escape_link_text(related.message or 'related location')}]({number})"
        for number, related in enumerate(finding.related, start=1)
    )
    return f"{_escape_link_text(finding.message)} (see {links})"


def _escape_link_text(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _fix(path: str, fix: Fix) -> dict[str, Any]:
    replacements = [
        {"deletedRegion": _region(edit.start, edit.end), "insertedContent": {"text": edit.replacement}}
        for edit in fix.edits
    ]
    return {
        "description": {"text": describe(fix)},
        "artifactChanges": [{"artifactLocation": {"uri": artifact_uri(path)}, "replacements": replacements}],
        "properties": {"applicability": fix.applicability},
    }


def _invocation(result: RunResult) -> dict[str, Any]:
    invocation: dict[str, Any] = {
        "executionSuccessful": not result.errors,
        "properties": {"filesChecked": result.files_checked},
    }
    if result.errors:
        invocation["toolExecutionNotifications"] = [_notification(error) for error in sorted_errors(result)]
    return invocation


def _notification(error: FileError) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(error.path)}}
    if error.line:
        physical["region"] = {"startLine": error.line}
    return {
        "level": "error",
        "message": {"text": error.message},
        "locations": [{"physicalLocation": physical}],
    }
