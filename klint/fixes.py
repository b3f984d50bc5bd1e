"""Applying fixes: choose edits that cannot corrupt the text, apply them, re-lint until stable.

A fix is all or nothing. Fixes are taken in source order; one whose edits overlap or
touch an edit already taken waits for the next pass, where its rule finds the problem
again in the new text (or no longer finds it). Pure: text in, text and findings out; the
writer (klint/writer.py) decides where the result goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from klint.builtin_rules import FIX_NOT_CONVERGED as NOT_CONVERGED
from klint.document import Document
from klint.linter import FileResult, Linter
from klint.markdown import parse
from klint.model import Edit, Finding, Fix, Location, Span, TextView

#: Passes of fix + re-lint before the loop gives up (sqlfluff's runaway limit).
MAX_PASSES = 10


_NEWLINE = re.compile(r"\r\n|\r|\n")
#: What may separate two verbatim pieces of one edited phrase: a line break and its
#: container prefix (block quote markers, indentation), never inline markup.
_LINE_GAP = re.compile(r"[\s>]*")


def applicable_fix(finding: Finding, unsafe: bool) -> Fix | None:
    """The fix ``--fix`` may apply for ``finding``, if any.

    A safe fix is applied; an unsafe one only with ``--unsafe-fixes`` and only when the
    rule offers no alternative, because choosing between candidates is the writer's call.
    """
    fix = finding.fix
    if fix is None or not fix.edits:
        return None
    if fix.applicability == "safe":
        return fix
    return fix if unsafe and not finding.suggestions else None


def _conflict(a: Edit, b: Edit) -> bool:
    """Edits that overlap or touch: applying both would depend on their order."""
    return a.span.start <= b.span.end and b.span.start <= a.span.end


def choose(
    findings: Iterable[Finding], unsafe: bool, doc: Document | None = None
) -> list[tuple[Finding, Fix]]:
    """Fixes to apply in one pass: in source order, each whole, none touching another.

    With ``doc``, a fix whose edit would delete Markdown markup (a phrase that runs
    across ``**`` or a link) is left for the writer, since the text would lose its markup.
    """
    candidates = []
    for finding in findings:
        fix = applicable_fix(finding, unsafe)
        if fix is not None:
            start = min(edit.span.start for edit in fix.edits)
            end = max(edit.span.end for edit in fix.edits)
            candidates.append((start, end, finding.rule, finding, fix))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    taken: list[Edit] = []
    chosen: list[tuple[Finding, Fix]] = []
    for _, _, _, finding, fix in candidates:
        edits = list(fix.edits)
        if any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
            continue  # a rule's own edits collide: no safe order exists
        if any(_conflict(edit, other) for edit in edits for other in taken):
            continue
        if doc is not None and any(deletes_markup(doc, edit.span) for edit in edits):
            continue
        taken.extend(edits)
        chosen.append((finding, fix))
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-conflicting edits right to left, so earlier offsets stay valid.

    Line breaks in a replacement take the file's own style, so a CRLF file stays CRLF.
    """
    first_newline = _NEWLINE.search(text)
    newline = first_newline.group(0) if first_newline else "\n"
    pieces = []
    end = len(text)
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        replacement = _NEWLINE.sub(newline, edit.replacement) if newline != "\n" else edit.replacement
        pieces.append(text[edit.span.end : end])
        pieces.append(replacement)
        end = edit.span.start
    pieces.append(text[:end])
    return "".join(reversed(pieces))


def deletes_markup(doc: Document, span: Span) -> bool:
    """True when ``span`` covers source text that is not prose, such as ``**`` or ``](url)``."""
    if span.start == span.end:
        return False
    for block in doc.blocks:
        runs = _verbatim_runs(block.view)
        if not any(start <= span.start < end for start, end in runs):
            continue
        position = span.start
        for start, end in runs:
            if end <= position or start >= span.end:
                continue
            if start > position and not _LINE_GAP.fullmatch(doc.source[position:start]):
                return True
            position = max(position, end)
        return position < span.end and not _LINE_GAP.fullmatch(doc.source[position : span.end])
    return False


def _verbatim_runs(view: TextView) -> list[tuple[int, int]]:
    """Source ranges copied verbatim into the view, in source order."""
    runs = []
    bounds = [index for index, _ in view.segments[1:]] + [len(view.text)]
    for (text_start, source_start), text_end in zip(view.segments, bounds, strict=True):
        if text_end > text_start:
            runs.append((source_start, source_start + text_end - text_start))
    return sorted(runs)


@dataclass(slots=True)
class FixOutcome:
    """The last pass of the fix loop, and what it took to get there."""

    original: FileResult
    result: FileResult
    applied: list[Finding] = field(default_factory=list)
    converged: bool = True

    @property
    def text(self) -> str:
        return self.result.source.text if self.result.source else ""

    @property
    def changed(self) -> bool:
        return self.original.source is not None and self.text != self.original.source.text


def fix_result(linter: Linter, first: FileResult, unsafe: bool, max_passes: int = MAX_PASSES) -> FixOutcome:
    """Apply fixes to a checked file and re-lint until no fix applies (at most ``max_passes``)."""
    outcome = FixOutcome(first, first)
    if first.source is None or first.error is not None:
        return outcome
    seen = {first.source.text}
    for _ in range(max_passes):
        current = outcome.result
        assert current.source is not None
        chosen = _choose_for(current, unsafe)
        if not chosen:
            return outcome
        text = apply_edits(current.source.text, [edit for _, fix in chosen for edit in fix.edits])
        if text == current.source.text:
            return outcome  # the fixes change nothing: a rule's fix that re-states its match
        if text in seen:
            return _not_converged(outcome, "a later fix undid an earlier one")
        relinted = linter.check_source(replace(current.source, text=text))
        if relinted.error is not None:  # a fix broke the front matter: keep the last good text
            return _not_converged(outcome, f"a fix made the file unreadable ({relinted.error.message})")
        seen.add(text)
        outcome.applied.extend(finding for finding, _ in chosen)
        outcome.result = relinted
    if _choose_for(outcome.result, unsafe):
        return _not_converged(outcome, f"fixes still applied after {max_passes} passes")
    return outcome


def _choose_for(result: FileResult, unsafe: bool) -> list[tuple[Finding, Fix]]:
    """Choose this pass's fixes; parse only when an edit replaces text (for the markup check)."""
    fixes = [fix for fix in (applicable_fix(f, unsafe) for f in result.findings) if fix is not None]
    replaces = any(edit.span.start < edit.span.end for fix in fixes for edit in fix.edits)
    doc = parse(result.source.text, result.path) if replaces and result.source else None
    return choose(result.findings, unsafe, doc)


def _not_converged(outcome: FixOutcome, why: str) -> FixOutcome:
    start = Location(1, 1)
    finding = Finding(
        path=outcome.result.path,
        span=Span(0, 0),
        start=start,
        end=start,
        rule=NOT_CONVERGED.id,
        ruleset=NOT_CONVERGED.ruleset,
        category=NOT_CONVERGED.category,
        severity=NOT_CONVERGED.severity,
        message=f"Fixes did not settle ({why}); the remaining findings need a manual edit.",
    )
    outcome.result = replace(outcome.result, findings=[*outcome.result.findings, finding])
    outcome.converged = False
    return outcome
