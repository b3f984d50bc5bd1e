"""Baselines: adopt klint in a repository that already has findings, and see only new ones.

A finding's identity is its file, its rule and the normalised sentence it is about
(``Finding.context``; a stable key for document-level findings), never its line: reflowing
or moving a paragraph keeps it baselined, while a new or reworded claim is reported.
Identical findings in one file are counted, so a second copy of a baselined claim is new.

The file is JSON, sorted and free of line numbers, so rewriting it after an unrelated edit
changes nothing and a review of it shows exactly which findings were accepted.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from klint.model import Finding, RunResult
from klint.yamlfile import KlintError

BASELINE_VERSION = 1
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})


@dataclass(frozen=True, order=True, slots=True)
class Entry:
    """What identifies a finding across edits: where (file), which rule, about what."""

    path: str
    rule: str
    text: str


def normalise(text: str) -> str:
    """Text compared case-blind, with curly quotes straightened and white space collapsed."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def entry(finding: Finding, folder: Path) -> Entry:
    """The baseline entry of ``finding``; paths are relative to the baseline's folder."""
    return Entry(_relative(finding.path, folder), finding.rule, normalise(finding.context or finding.message))


def entries(findings: Iterable[Finding], folder: Path) -> Counter[Entry]:
    return Counter(entry(finding, folder) for finding in findings)


def write_baseline(path: Path, findings: Iterable[Finding]) -> None:
    """Record ``findings`` in ``path`` (written atomically: a failed run leaves the old file)."""
    counted = entries(findings, _folder(path))
    data = {
        "version": BASELINE_VERSION,
        "findings": [
            {"path": key.path, "rule": key.rule, "text": key.text, "count": count}
            for key, count in sorted(counted.items())
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        raise KlintError(f"cannot write baseline: {error.strerror or error}", str(path)) from None


def read_baseline(path: Path) -> Counter[Entry]:
    """The entries recorded in ``path``; KlintError when it is missing or not a baseline."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KlintError("baseline file not found (create it with --write-baseline)", str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise KlintError(f"cannot read baseline: {error}", str(path)) from None
    except json.JSONDecodeError as error:
        raise KlintError(f"baseline is not valid JSON: {error.msg}", str(path), error.lineno) from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise KlintError(f"not a klint baseline of version {BASELINE_VERSION}", str(path))
    counted: Counter[Entry] = Counter()
    for number, item in enumerate(data.get("findings") or [], start=1):
        try:
            key = Entry(str(item["path"]), str(item["rule"]), str(item["text"]))
            count = int(item.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise KlintError(f"baseline entry {number} needs path, rule, text and count", str(path)) from None
        counted[key] += max(count, 0)
    return counted


def apply_baseline(
    run: RunResult, baseline: Counter[Entry], folder: Path, checked: Sequence[str]
) -> RunResult:
    """``run`` without its baselined findings, counting them and the entries no longer found.

    Only entries of files checked in this run can be "no longer found": checking one file
    (a pre-commit batch) says nothing about the others.
    """
    remaining = Counter(baseline)
    kept = []
    for finding in run.findings:
        key = entry(finding, folder)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    checked_paths = {_relative(path, folder) for path in checked}
    fixed = sum(count for key, count in remaining.items() if key.path in checked_paths)
    return replace(
        run,
        findings=kept,
        baselined=run.baselined + len(run.findings) - len(kept),
        baseline_fixed=run.baseline_fixed + fixed,
    )


def narrow(run: RunResult, checked: Sequence[str], baseline: Path | None, write: Path | None) -> RunResult:
    """Write the baseline when asked, then hide what the baseline in effect records."""
    if write is not None:
        write_baseline(write, run.findings)
        return apply_baseline(run, entries(run.findings, _folder(write)), _folder(write), checked)
    if baseline is None:
        return run
    return apply_baseline(run, read_baseline(baseline), _folder(baseline), checked)


def _folder(path: Path) -> Path:
    return Path(os.path.abspath(path)).parent


def _relative(path: str, folder: Path) -> str:
    """``path`` relative to ``folder`` with ``/`` separators; as given when it is not a file path."""
    if path.startswith("<"):  # <stdin>
        return path
    try:
        return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return path.replace(os.sep, "/")
