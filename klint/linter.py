"""Run rules over documents: parse once, run every rule, suppress, apply configuration.

Pure: no printing and no reading of anything but the files it is asked to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from klint import suppress
from klint.config import Config, ignored_in, is_enabled, selector_score, severity_for
from klint.document import Document
from klint.loader import AnyRule, load_rulesets, shipped_rulesets
from klint.markdown import FrontMatterError, parse
from klint.model import FileError, Finding, RuleInfo, RunResult, sorted_findings
from klint.rules.base import PatternTimeout, Rule, SiteRule
from klint.source import SourceText, decode, read_source
from klint.yamlfile import KlintError

TIMEOUT_RULE = RuleInfo(
    id="klint.rule-timeout",
    kind="builtin",
    ruleset="klint",
    category="style",
    severity="warning",
    message="A rule's pattern ran too long on this file and was skipped for it.",
    rationale="Catastrophic regexes must not hang a pre-commit hook or a CI job.",
)


@dataclass(slots=True)
class FileResult:
    """What checking one file produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: FileError | None = None
    source: SourceText | None = None
    collected: dict[str, Any] = field(default_factory=dict)


def load_rules(config: Config) -> list[AnyRule]:
    """Every enabled rule of the configured rule sets; unknown selectors are errors."""
    rulesets = load_rulesets(config.rulesets or shipped_rulesets(), config.settings())
    rules = [rule for ruleset in rulesets for rule in ruleset.rules]
    infos = [rule.info for rule in rules]
    for selector in (*config.select, *config.ignore, *config.severity):
        if not any(selector_score(selector, info) for info in infos):
            raise KlintError(f"'{selector}' names no rule, rule set or category of the loaded rule sets")
    return [rule for rule in rules if is_enabled(rule.info, config.select, config.ignore)]


class Linter:
    """Checks documents with a fixed set of rules under one configuration."""

    def __init__(self, config: Config, rules: Sequence[AnyRule]) -> None:
        self.config = config
        self.rules = list(rules)
        self.doc_rules: list[Rule] = [r for r in self.rules if hasattr(r, "check")]  # type: ignore[misc]
        self.site_rules: list[SiteRule] = [r for r in self.rules if hasattr(r, "check_site")]  # type: ignore[misc]
        self.infos = [rule.info for rule in self.rules] + [suppress.UNUSED, TIMEOUT_RULE]

    # -- one document -----------------------------------------------------------------
    def check_file(self, path: Path, display: str) -> FileResult:
        try:
            source = read_source(path, display, self.config.max_file_size)
        except KlintError as error:
            return FileResult(display, error=FileError(display, error.message, error.line))
        return self.check_source(source)

    def check_bytes(self, data: bytes, display: str) -> FileResult:
        try:
            source = decode(data, display)
        except KlintError as error:
            return FileResult(display, error=FileError(display, error.message, error.line))
        return self.check_source(source)

    def check_source(self, source: SourceText) -> FileResult:
        try:
            doc = parse(source.text, source.path)
        except FrontMatterError as error:
            return FileResult(
                source.path, error=FileError(source.path, str(error), error.line), source=source
            )
        result = FileResult(source.path, source=source)
        result.findings = self.lint_document(doc)
        for rule in self.site_rules:
            result.collected[rule.info.id] = rule.collect(doc)
        return result

    def collect_source(self, source: SourceText) -> FileResult:
        """Only the site rules' data of a document that is compared with, not reported on."""
        try:
            doc = parse(source.text, source.path)
        except FrontMatterError:
            return FileResult(source.path)
        return FileResult(source.path, collected={r.info.id: r.collect(doc) for r in self.site_rules})

    def lint_document(self, doc: Document) -> list[Finding]:
        """All findings of the document rules, suppressions and configuration applied."""
        raw: list[Finding] = []
        for rule in self.doc_rules:
            try:
                raw.extend(rule.check(doc))
            except PatternTimeout as timeout:
                message = (
                    f"Rule '{timeout.rule_id}' gave up after its time limit on this file; it was skipped."
                )
                raw.append(doc.finding(TIMEOUT_RULE, None, message))
        return self.finish(doc, raw)

    def finish(self, doc: Document, raw: Iterable[Finding]) -> list[Finding]:
        """Suppressions, per-file ignores and severity overrides, in that order."""
        kept, unused = suppress.apply(doc, raw, self.infos)
        infos = {info.id: info for info in self.infos}
        out = []
        for finding in [*kept, *unused]:
            info = infos.get(finding.rule)
            if info is None:
                out.append(finding)
                continue
            if finding.rule == suppress.UNUSED.id and not is_enabled(
                info, self.config.select, self.config.ignore
            ):
                continue
            if ignored_in(finding.path, info, self.config.per_file_ignores):
                continue
            level = severity_for(info, self.config.severity)
            out.append(finding if level == finding.severity else replace(finding, severity=level))
        return out

    # -- many documents ----------------------------------------------------------------
    def run(self, results: Iterable[FileResult], context: Iterable[FileResult] = ()) -> RunResult:
        """Combine per-file results, run the site rules, and build the report data.

        ``context`` holds documents that are compared with but not reported on (the rest
        of a site when only changed files are checked).
        """
        results = list(results)
        reported = {r.path for r in results}
        compared = sorted([*results, *(c for c in context if c.path not in reported)], key=lambda r: r.path)
        findings = [f for r in results for f in r.findings]
        for rule in self.site_rules:
            collected = [(r.path, r.collected[rule.info.id]) for r in compared if rule.info.id in r.collected]
            level = severity_for(rule.info, self.config.severity)
            for finding in rule.check_site(collected):
                ignored = ignored_in(finding.path, rule.info, self.config.per_file_ignores)
                if finding.path in reported and not ignored:
                    findings.append(replace(finding, severity=level))
        errors = [r.error for r in results if r.error is not None]
        with_findings = {f.path for f in findings}
        sources = {r.path: r.source.text for r in results if r.source and r.path in with_findings}
        from klint import __version__

        return RunResult(
            findings=sorted_findings(findings),
            errors=errors,
            files_checked=len(results),
            rules=[rule.info for rule in self.rules],
            sources=sources,
            klint_version=__version__,
        )
