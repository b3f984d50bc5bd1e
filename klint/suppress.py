"""Suppression comments and front-matter ``klint: {disable: [...]}``.

    <!-- klint-disable RULE[, RULE] --> ... <!-- klint-enable RULE[, RULE] -->
    <!-- klint-disable-next-line RULE -->

With no rule named, all rules. Rules are named as in ``--select``: an id, an id
prefix, a rule set or a category. A directive that hides nothing is itself reported
(``klint.unused-suppression``), so stale suppressions do not pile up.

Findings of the cross-document pass are made after the document is gone: the file's
:class:`Suppressions` are kept with its result and applied to them with :func:`apply_later`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import regex

from klint import patterns
from klint.builtin_rules import UNUSED_SUPPRESSION as UNUSED
from klint.config import selector_score
from klint.document import Document
from klint.model import Finding, RuleInfo, Span

#: Where a file's result keeps its :class:`Suppressions` (beside the site rules' data).
KEPT_AS = "klint.suppressions"

_DIRECTIVE = patterns.compile(r"^klint-(disable-next-line|disable|enable)\b\s*(.*)$", regex.S)


@dataclass(slots=True)
class Directive:
    action: str
    rules: tuple[str, ...]
    span: Span
    first_line: int
    last_line: int
    used: bool = False

    def names(self, info_of: dict[str, RuleInfo], rule: str) -> bool:
        info = info_of.get(rule)
        if not self.rules:
            return True
        if info is None:
            return rule in self.rules
        return any(selector_score(name, info) for name in self.rules)


@dataclass(frozen=True, slots=True)
class Suppressions:
    """What a file suppresses, small and picklable: front-matter disables and directives."""

    disabled: tuple[str, ...]
    directives: tuple[Directive, ...]


def of_document(doc: Document) -> Suppressions | None:
    """The document's suppressions, kept for findings made later; None when it has none."""
    disabled, parsed = _front_matter_disabled(doc), directives(doc)
    return Suppressions(tuple(disabled), tuple(parsed)) if disabled or parsed else None


def directives(doc: Document) -> list[Directive]:
    """Parse the document's klint comments into disable ranges and next-line directives."""
    found: list[Directive] = []
    open_ranges: list[Directive] = []
    for comment in doc.comments:
        match = _DIRECTIVE.match(comment.text)
        if not match:
            continue
        action, names = match.group(1), match.group(2)
        rules = tuple(n.strip() for n in regex.split(r"[,\s]+", names) if n.strip())
        if action == "enable":
            for directive in open_ranges:
                if not rules or (set(directive.rules) <= set(rules) and directive.rules):
                    directive.last_line = comment.line
            open_ranges = [d for d in open_ranges if d.last_line == 0]
            continue
        if action == "disable":
            directive = Directive(action, rules, comment.span, comment.end_line, 0)
            open_ranges.append(directive)
        else:
            target = _next_content_line(doc, comment.end_line)
            directive = Directive(action, rules, comment.span, target, target)
        found.append(directive)
    for directive in open_ranges:
        directive.last_line = doc.lines.line_count
    return found


def _next_content_line(doc: Document, after: int) -> int:
    line = after + 1
    while line <= doc.lines.line_count:
        start = doc.lines.line_start(line)
        end = doc.lines.line_start(line + 1) if line < doc.lines.line_count else len(doc.source)
        if doc.source[start:end].strip():
            return line
        line += 1
    return line


def apply(
    doc: Document, findings: Iterable[Finding], rules: Sequence[RuleInfo]
) -> tuple[list[Finding], list[Finding]]:
    """Drop suppressed findings; return (kept, unused-suppression findings)."""
    info_of = {info.id: info for info in rules}
    parsed = directives(doc)
    kept = _unsuppressed(findings, _front_matter_disabled(doc), parsed, info_of)
    unused = [
        doc.finding(
            UNUSED, d.span, _unused_message(d, info_of), context=doc.source[d.span.start : d.span.end]
        )
        for d in parsed
        if not d.used
    ]
    return kept, unused


def apply_later(
    suppressions: Suppressions, findings: Iterable[Finding], rules: Sequence[RuleInfo]
) -> tuple[list[Finding], list[Span]]:
    """Drop the suppressed ones of a file's findings made after its document was gone (the
    cross-document pass); return (kept, spans of the directives that hid one): those
    directives were reported unused by :func:`apply`, and no longer are."""
    info_of = {info.id: info for info in rules}
    fresh = [replace(directive, used=False) for directive in suppressions.directives]
    kept = _unsuppressed(findings, suppressions.disabled, fresh, info_of)
    return kept, [directive.span for directive in fresh if directive.used]


def _unsuppressed(
    findings: Iterable[Finding],
    disabled: Sequence[str],
    parsed: list[Directive],
    info_of: dict[str, RuleInfo],
) -> list[Finding]:
    """The findings no suppression hides; a directive that hides one is marked used."""
    kept = []
    for finding in findings:
        if any(_names(name, info_of.get(finding.rule), finding.rule) for name in disabled):
            continue
        document_level = finding.span == Span(0, 0)
        for directive in parsed:
            # A document-level finding has no line of its own: naming its rule anywhere counts.
            covers = (document_level and directive.rules) or (
                directive.first_line <= finding.start.line <= directive.last_line
            )
            if covers and directive.names(info_of, finding.rule):
                directive.used = True
                break
        else:
            kept.append(finding)
    return kept


def _names(name: str, info: RuleInfo | None, rule: str) -> bool:
    return selector_score(name, info) > 0 if info else name == rule


def _unused_message(directive: Directive, info_of: dict[str, RuleInfo]) -> str:
    unknown = [n for n in directive.rules if not any(selector_score(n, i) for i in info_of.values())]
    if unknown:
        return f"Suppression names no active rule ('{unknown[0]}'); check the rule id."
    return UNUSED.message


def _front_matter_disabled(doc: Document) -> list[str]:
    settings = doc.front_matter.get("klint") if isinstance(doc.front_matter, dict) else None
    if not isinstance(settings, dict):
        return []
    disabled = settings.get("disable") or []
    if isinstance(disabled, str):
        disabled = [disabled]
    return [str(d) for d in disabled] if isinstance(disabled, list) else []
