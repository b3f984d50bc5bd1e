"""Run rules over documents: parse once, run every rule, suppress, apply configuration.

Pure: no printing and no reading of anything but the files it is asked to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from klint import prefilter, rulecache, scanner, suppress, timelimit
from klint.builtin_rules import BUILTIN_RULES
from klint.builtin_rules import RULE_TIMEOUT as TIMEOUT_RULE
from klint.config import Config, ignored_in, is_enabled, selector_score, severity_for
from klint.document import Document
from klint.loader import AnyRule, load_rulesets, shipped_rulesets
from klint.markdown import FrontMatterError, parse
from klint.model import FileError, Finding, RunResult, Span, sorted_findings
from klint.rules.base import PatternTimeout, Rule, SiteRule
from klint.source import SourceText, decode, read_source
from klint.yamlfile import KlintError


@dataclass(slots=True)
class FileResult:
    """What checking one file produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: FileError | None = None
    source: SourceText | None = None
    #: What the cross-document pass needs: each site rule's data under its id, and the
    #: file's suppressions under ``suppress.KEPT_AS`` (kept, cached and pickled alike).
    collected: dict[str, Any] = field(default_factory=dict)


def load_rules(config: Config, *, cached: bool = False) -> list[AnyRule]:
    """Every enabled rule of the configured rule sets; unknown selectors are errors.

    ``cached``: reuse (and store) the rule sets an earlier run loaded when nothing they
    depend on has changed (klint.rulecache), instead of compiling their patterns again.
    """
    names = config.rulesets or shipped_rulesets()
    load = rulecache.load if cached else load_rulesets
    rulesets = load(names, config.settings())
    rules = [rule for ruleset in rulesets for rule in ruleset.rules]
    infos = [rule.info for rule in rules] + list(BUILTIN_RULES)
    for selector in (*config.select, *config.ignore, *config.severity):
        if not any(selector_score(selector, info) for info in infos):
            raise KlintError(f"'{selector}' names no rule, rule set or category of the loaded rule sets")
    return [rule for rule in rules if is_enabled(rule.info, config.select, config.ignore)]


class Linter:
    """Checks documents with a fixed set of rules under one configuration."""

    def __init__(self, config: Config, rules: Sequence[AnyRule], *, screening: bool = True) -> None:
        self.config = config
        self.rules = list(rules)
        self.doc_rules: list[Rule] = [r for r in self.rules if hasattr(r, "check")]  # type: ignore[misc]
        #: Each document rule's literal screen (see klint.prefilter); None turns screening off.
        self.screens: list[prefilter.Screen] | None = None
        if screening:
            self.screens = [getattr(r, "screen", None) or prefilter.ALWAYS for r in self.doc_rules]
        self.site_rules: list[SiteRule] = [r for r in self.rules if hasattr(r, "check_site")]  # type: ignore[misc]
        self.infos = [rule.info for rule in self.rules] + list(BUILTIN_RULES)

    @cached_property
    def scanner(self) -> scanner.Scanner | None:
        """The scan for every screen's strings, built when the first document is linted, so a run
        answered from the result cache never gathers them (the scanner compiles its regex later
        still, see klint.scanner)."""
        if self.screens is None:
            return None
        parts = [s for r in self.doc_rules for s in getattr(r, "part_screens", ())]
        return scanner.Scanner([*self.screens, *parts])

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
        with self._screened(doc) as live:
            result.findings = self.finish(doc, self._check_rules(doc, live))
            for rule in self.site_rules:
                result.collected[rule.info.id] = rule.collect(doc)
        suppressions = suppress.of_document(doc) if self.site_rules else None
        if suppressions is not None:
            result.collected[suppress.KEPT_AS] = suppressions
        return result

    def collect_source(self, source: SourceText) -> FileResult:
        """Only the site rules' data of a document that is compared with, not reported on."""
        try:
            doc = parse(source.text, source.path)
        except FrontMatterError:
            return FileResult(source.path)
        with self._screened(doc):
            return FileResult(source.path, collected={r.info.id: r.collect(doc) for r in self.site_rules})

    def lint_document(self, doc: Document) -> list[Finding]:
        """All findings of the document rules, suppressions and configuration applied."""
        with self._screened(doc) as live:
            return self.finish(doc, self._check_rules(doc, live))

    @contextmanager
    def _screened(self, doc: Document) -> Iterator[list[Rule]]:
        """The document rules that can find something in ``doc``, with its literal scan active
        (site rules' ``collect`` reads it too)."""
        if self.scanner is None or self.screens is None:
            yield self.doc_rules
            return
        scan = self.scanner.scan([block.text for block in doc.blocks])
        screened = zip(self.doc_rules, self.screens, strict=True)  # no block meets it: nothing to find
        live = [rule for rule, screen in screened if scan.blocks(screen) != frozenset()]
        with prefilter.scanning(doc, scan):
            yield live

    def _check_rules(self, doc: Document, rules: Sequence[Rule]) -> list[Finding]:
        raw: list[Finding] = []
        with timelimit.alarms(len(doc.source)) as limit:
            for rule in rules:
                try:
                    with limit(rule.info.id):
                        found = list(rule.check(doc))  # all or nothing: a rule that gives up is skipped
                except PatternTimeout as timeout:
                    message = (
                        f"Rule '{timeout.rule_id}' gave up after its time limit ({timeout.limit})"
                        " on this file; it was skipped."
                    )
                    raw.append(doc.finding(TIMEOUT_RULE, None, message))
                    continue
                raw.extend(found)
        return raw

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

    def finish_site(
        self, results: Sequence[FileResult], raw: Iterable[Finding]
    ) -> tuple[list[Finding], set[tuple[str, Span]]]:
        """Site findings under their file's suppressions, per-file ignores and severity
        overrides; also (path, span) of each suppression comment that hid one, which
        :meth:`finish` reported unused before the site pass ran."""
        kept_with = {r.path: r.collected.get(suppress.KEPT_AS) for r in results}
        by_path: dict[str, list[Finding]] = {}
        for finding in raw:
            by_path.setdefault(finding.path, []).append(finding)
        infos = {info.id: info for info in self.infos}
        out: list[Finding] = []
        hiding: set[tuple[str, Span]] = set()
        for path, found in by_path.items():
            suppressions = kept_with.get(path)
            if suppressions is not None:
                found, spans = suppress.apply_later(suppressions, found, self.infos)
                hiding.update((path, span) for span in spans)
            for finding in found:
                info = infos[finding.rule]
                if not ignored_in(path, info, self.config.per_file_ignores):
                    out.append(replace(finding, severity=severity_for(info, self.config.severity)))
        return out, hiding

    # -- many documents ----------------------------------------------------------------
    def run(self, results: Iterable[FileResult], context: Iterable[FileResult] = ()) -> RunResult:
        """Combine per-file results, run the site rules, and build the report data.

        ``context`` holds documents that are compared with but not reported on (the rest
        of a site when only changed files are checked).
        """
        results = list(results)
        reported = {r.path for r in results}
        compared = sorted([*results, *(c for c in context if c.path not in reported)], key=lambda r: r.path)
        site: list[Finding] = []
        for rule in self.site_rules:
            collected = [(r.path, r.collected[rule.info.id]) for r in compared if rule.info.id in r.collected]
            site.extend(finding for finding in rule.check_site(collected) if finding.path in reported)
        kept, hiding = self.finish_site(results, site)
        stale = {(path, span, suppress.UNUSED.id) for path, span in hiding}
        findings = [f for r in results for f in r.findings if (f.path, f.span, f.rule) not in stale]
        findings.extend(kept)
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
