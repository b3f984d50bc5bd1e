"""``--diff-base REF``: keep only the findings a change brings, for pull requests and hooks.

"Changed" is measured by ``git diff --unified=0`` from the merge base of ``REF`` and ``HEAD``
to the work tree: committed, staged and unstaged changes all count, and whatever the base
branch gained since the branch left it does not. A finding is kept when one of its lines
was added or changed, when it is a document-level finding of a changed file (deleting a
disclaimer changes no remaining line), or when any of its related locations is on a
changed line (a new statement that contradicts an old one is reported at the old one
too). Untracked files count as changed throughout, and so does anything git cannot
answer for (stdin, files outside the work tree). Lines next to a deletion count as
changed: deleting a line can change the meaning of the sentence around it.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from klint.model import Finding, RunResult
from klint.report.common import is_document_level
from klint.yamlfile import KlintError

_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_QUOTED_ESCAPE = re.compile(r"\\([0-7]{3}|.)")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13}


@dataclass(frozen=True, slots=True)
class ChangedLines:
    """Which lines of which files differ from the base, keyed by path inside the work tree."""

    root: Path
    lines: dict[str, frozenset[int]]
    untracked: frozenset[str]

    def key(self, path: str) -> str | None:
        """``path`` (as reported) relative to the work tree, or None when outside it."""
        real = os.path.realpath(os.path.abspath(path))
        try:
            relative = os.path.relpath(real, self.root)
        except ValueError:  # another drive on Windows
            return None
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return None
        return relative.replace(os.sep, "/")

    def file_changed(self, path: str) -> bool:
        key = self.key(path)
        return key is None or key in self.untracked or key in self.lines

    def touches(self, path: str, first: int, last: int) -> bool:
        """True when any of lines ``first..last`` of ``path`` is new or changed."""
        key = self.key(path)
        if key is None or key in self.untracked:
            return True
        changed = self.lines.get(key)
        return bool(changed) and any(line in changed for line in range(first, last + 1))


def changed_lines(base: str, paths: Sequence[Path]) -> ChangedLines:
    """Ask git what changed under ``paths`` since ``base``; KlintError when it cannot say."""
    start = paths[0] if paths else Path.cwd()
    folder = start if start.is_dir() else start.parent
    root = Path(_git(["rev-parse", "--show-toplevel"], folder).strip()).resolve()
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"], root, base)
    commit = _merge_base(commit.strip(), root)
    probe = ChangedLines(root, {}, frozenset())
    specs = sorted({key for key in (probe.key(str(p)) for p in paths or [Path.cwd()]) if key is not None})
    if not specs:  # nothing inside the work tree: every finding counts as new
        return probe
    pathspecs = ["--", *specs]
    diff = _git(
        [
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--find-renames",
            "--unified=0",
            commit,
            *pathspecs,
        ],
        root,
    )
    listed = _git(["ls-files", "-z", "--others", "--exclude-standard", *pathspecs], root)
    untracked = frozenset(name for name in listed.split("\0") if name)
    return ChangedLines(root, parse_diff(diff.split("\n")), untracked)


def parse_diff(lines: Iterable[str]) -> dict[str, frozenset[int]]:
    """Changed line numbers (in the new version) per file of a ``--unified=0`` diff.

    A hunk's lines are skipped by its counts, so an added line that reads like a header
    (``+++ …``) is never taken for one.
    """
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    pending = 0  # lines of the current hunk still to skip
    for line in lines:
        if pending:
            if not line.startswith("\\"):  # "\ No newline at end of file" is not a hunk line
                pending -= 1
            continue
        if line.startswith("+++ "):
            name = _unquote(line[4:])
            current = changed.setdefault(name[2:], set()) if name.startswith("b/") else None
            continue
        match = _HUNK.match(line)
        if match is None:
            continue
        old_count, start, count = (int(match.group(n) or "1") for n in (1, 2, 3))
        pending = old_count + count
        if current is None:
            continue
        if count:
            current.update(range(start, start + count))
        else:  # a pure deletion after line ``start``: the lines around it may read differently
            current.update(line for line in (start, start + 1) if line > 0)
    return {name: frozenset(numbers) for name, numbers in changed.items()}


def only_changed(findings: Iterable[Finding], changes: ChangedLines) -> list[Finding]:
    """The findings a change introduced (see the module docstring)."""
    kept = []
    for finding in findings:
        if (
            _touches(changes, finding.path, finding.start.line, finding.end.line, finding.end.column)
            or (is_document_level(finding) and changes.file_changed(finding.path))
            or any(
                _touches(changes, related.path, related.start.line, related.end.line, related.end.column)
                for related in finding.related
            )
        ):
            kept.append(finding)
    return kept


def narrow(run: RunResult, base: str, paths: Sequence[Path]) -> RunResult:
    """``run`` with only the findings on lines changed since ``base``."""
    return replace(run, findings=only_changed(run.findings, changed_lines(base, paths)))


def _merge_base(commit: str, root: Path) -> str:
    """Where the current branch left ``commit``'s history: what the base gained since is no change."""
    try:
        return _git(["merge-base", commit, "HEAD"], root).strip() or commit
    except KlintError:  # no commit yet, or unrelated histories
        return commit


def _touches(changes: ChangedLines, path: str, first: int, last: int, end_column: int) -> bool:
    if last > first and end_column == 1:  # the span ends at the very start of ``last``
        last -= 1
    return changes.touches(path, first, last)


def _unquote(name: str) -> str:
    """A path as git prints it, C-quoted when it holds special characters."""
    name = name.rstrip("\t")
    if not (len(name) >= 2 and name[0] == name[-1] == '"'):
        return name
    out = bytearray()
    position = 0
    body = name[1:-1]
    for match in _QUOTED_ESCAPE.finditer(body):
        out += body[position : match.start()].encode("utf-8", "surrogateescape")
        escape = match.group(1)
        if len(escape) == 3:
            out.append(int(escape, 8))
        elif escape in _ESCAPES:
            out.append(_ESCAPES[escape])
        else:  # \" and \\
            out += escape.encode("utf-8", "surrogateescape")
        position = match.end()
    out += body[position:].encode("utf-8", "surrogateescape")
    return out.decode("utf-8", "surrogateescape")


def _git(arguments: list[str], cwd: Path, base: str | None = None) -> str:
    """Output of one git command; KlintError naming what went wrong."""
    command = ["git", "-c", "core.quotepath=off", "--literal-pathspecs", *arguments]
    try:
        completed = subprocess.run(command, cwd=cwd, capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise KlintError(f"--diff-base needs git: {error}") from None
    if completed.returncode != 0:
        if base is not None:
            raise KlintError(f"--diff-base: '{base}' is not a commit git knows here")
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KlintError(
            f"--diff-base: git {arguments[0]} failed: {detail[-1] if detail else completed.returncode}"
        )
    return completed.stdout.decode("utf-8", "surrogateescape")
