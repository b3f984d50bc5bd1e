"""What the human-readable formats share: terminal-safe text, colour and the summary line.

File names and document text are untrusted: a file can hold ANSI escape sequences or
bidirectional overrides that would repaint the terminal or reorder what the reader sees,
so every such character is shown as a visible escape (``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from klint.model import FileError, RunResult
    from klint.report import ReportOptions

# C0 and C1 controls (ESC starts every ANSI sequence), DEL, bidi marks, embeddings,
# overrides and isolates, line/paragraph separators, and lone surrogates (undecodable
# file-name bytes, which would also crash a UTF-8 stream).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

RESET = "\x1b[0m"
BOLD = "1"
DIM = "2"
SEVERITY_STYLE = {"error": "1;31", "warning": "1;33", "info": "1;36"}


def escape_char(char: str) -> str:
    """The visible stand-in for one unsafe character."""
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def is_unsafe(char: str) -> bool:
    return _UNSAFE.match(char) is not None


def safe(text: str) -> str:
    """``text`` with every control, bidi and surrogate character escaped; one line, no sequences."""
    return _UNSAFE.sub(lambda match: escape_char(match.group()), text)


def paint(text: str, style: str, color: bool) -> str:
    """Wrap already-safe ``text`` in an SGR style when colour is on."""
    return f"\x1b[{style}m{text}{RESET}" if color and style else text


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def error_line(error: FileError, color: bool) -> str:
    """``path[:line]: error: message`` for a file that could not be checked."""
    where = safe(error.path) + (f":{error.line}" if error.line else "")
    label = paint("error", SEVERITY_STYLE["error"], color)
    return f"{paint(where, BOLD, color)}: {label}: {safe(error.message)}"


def summary(result: RunResult, options: ReportOptions) -> str:
    """One line: what was checked, found, fixable, fixed and hidden by the baseline."""
    findings = result.findings
    parts = []
    if findings:
        counts = Counter(finding.severity for finding in findings)
        by_severity = ", ".join(
            plural(counts[name], name, "info" if name == "info" else None)
            for name in ("error", "warning", "info")
            if counts[name]
        )
        parts.append(f"{plural(len(findings), 'finding')} ({by_severity})")
    else:
        parts.append("no findings")
    failed = len({error.path for error in result.errors})
    if failed:
        parts.append(f"{plural(failed, 'file')} could not be checked")
    fixable = _fixable(result, options)
    if fixable:
        parts.append(fixable)
    fixed = sum(result.fixed.values())
    if fixed:
        files = sum(1 for count in result.fixed.values() if count)
        parts.append(f"fixed {plural(fixed, 'finding')} in {plural(files, 'file')}")
    if result.baselined:
        parts.append(f"{result.baselined} hidden by the baseline")
    if result.baseline_fixed:
        parts.append(f"{plural(result.baseline_fixed, 'baseline entry', 'baseline entries')} no longer found")
    line = f"Checked {plural(result.files_checked, 'file')}: {'; '.join(parts)}."
    return paint(line, BOLD, options.color)


def _fixable(result: RunResult, options: ReportOptions) -> str:
    """How many findings ``--fix`` would fix now, and how many more ``--unsafe-fixes`` would."""
    from klint.fixes import applicable_fix

    safe_count = sum(1 for f in result.findings if applicable_fix(f, unsafe=False))
    with_unsafe = sum(1 for f in result.findings if applicable_fix(f, unsafe=True))
    unsafe_count = with_unsafe - safe_count
    if options.unsafe_fixes:
        safe_count, unsafe_count = with_unsafe, 0
    parts = []
    if safe_count:
        parts.append(f"{safe_count} fixable with --fix")
    if unsafe_count:
        flag = "more with --unsafe-fixes" if safe_count else "fixable with --fix --unsafe-fixes"
        parts.append(f"{unsafe_count} {flag}")
    return ", ".join(parts)
