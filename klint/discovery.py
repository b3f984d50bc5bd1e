"""Which files to check: Markdown files under the given paths, honouring .gitignore.

Inside a git work tree, folders are listed by ``git ls-files`` (tracked plus untracked,
not ignored), which is both exact about .gitignore and fast; elsewhere they are walked.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

MARKDOWN_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".klint_cache"}
)


def _matches(relative: str, globs: Sequence[str]) -> bool:
    posix = PurePosixPath(relative)
    for glob in globs:
        if posix.match(glob) or fnmatch.fnmatch(relative, glob):
            return True
        if any(fnmatch.fnmatch(part, glob.rstrip("/")) for part in posix.parts[:-1]):
            return True
    return False


def discover(
    paths: Sequence[Path], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, display name)`` for each file to check, each once, in sorted order.

    Files named explicitly are always checked (pre-commit passes exactly the files it
    wants); folders contribute their Markdown files and those matching ``include``.
    """
    seen: set[Path] = set()
    for given in paths:
        found = sorted(_folder_files(given, include, exclude)) if given.is_dir() else [given]
        for path in found:
            key = Path(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                yield path, _display(path)


def _display(path: Path) -> str:
    text = os.path.normpath(str(path))
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text.replace(os.sep, "/")
    return (relative if not relative.startswith("..") else text).replace(os.sep, "/")


def _wanted(relative: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    if exclude and _matches(relative, exclude):
        return False
    return relative.lower().endswith(MARKDOWN_SUFFIXES) or bool(include and _matches(relative, include))


def _folder_files(folder: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Path]:
    listed = _git_files(folder)
    if listed is not None:
        for relative in listed:
            if _wanted(relative, include, exclude) and _is_document(folder / relative):
                yield folder / relative
        return
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if _wanted(relative, include, exclude) and _is_document(path):
                yield path


def _is_document(path: Path) -> bool:
    """A file, or a symbolic link to no folder: a broken link or a loop is reported, not skipped."""
    return path.is_file() or (path.is_symlink() and not path.is_dir())


def _git_files(folder: Path) -> list[str] | None:
    """Files git knows under ``folder`` (tracked or untracked, not ignored), or None."""
    try:
        completed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    names = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({name for name in names if name})
