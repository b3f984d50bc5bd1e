"""Where fixed text goes: over the file, to stdout (for ``-``), or into a diff (``--diff``).

A file is never left half-written: the new bytes go to a temporary file in the same
folder, are synced, and only then renamed over the original, keeping its mode, BOM and
encoding. A file whose bytes changed since klint read them is not touched, and a write
that fails (read-only file, full disk) leaves the original as it was and becomes a
one-line error for that file while the other files go on.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from klint.fixes import fix_result
from klint.linter import FileResult, Linter
from klint.model import FileError
from klint.source import SourceText, decode, encode
from klint.yamlfile import KlintError

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_NO_NEWLINE = "\\ No newline at end of file\n"


@dataclass(slots=True)
class FixedFiles:
    """Results after fixing (what is now on disk) and fixes applied per path."""

    results: list[FileResult] = field(default_factory=list)
    fixed: dict[str, int] = field(default_factory=dict)


def fix_files(
    linter: Linter,
    items: Sequence[tuple[FileResult, Path | None]],
    *,
    unsafe: bool,
    diff: bool,
    out: TextIO,
) -> FixedFiles:
    """Fix each checked file (``None`` as its path: the document read from stdin).

    With ``diff`` nothing is written: the changes go to ``out`` as a unified diff and the
    results stay those of the files as they are. Otherwise a file is rewritten in place
    and the stdin document is written, fixed or not, to ``out``.
    """
    done = FixedFiles()
    for first, target in items:
        outcome = fix_result(linter, first, unsafe)
        if outcome.changed:
            done.fixed[first.path] = len(outcome.applied)
        if diff:
            if outcome.changed and first.source is not None:
                out.write(unified_diff(first.path, first.source.text, outcome.text))
            done.results.append(first)
            continue
        if target is None:
            if first.source is not None:
                write_stream(out, first.source, outcome.text)
        elif outcome.changed and first.source is not None:
            try:
                written = write_fixed(target, first.source, outcome.text, first.path)
            except KlintError as error:
                done.fixed.pop(first.path, None)
                done.results.append(replace(first, error=FileError(first.path, error.message)))
                continue
            outcome.result.source = written
        done.results.append(outcome.result)
    return done


def write_fixed(path: Path, original: SourceText, text: str, display: str) -> SourceText:
    """Replace the file's content by ``text`` atomically; the SourceText of what was written."""
    target = Path(os.path.realpath(path))  # a symbolic link stays a link to the fixed file
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        current = target.read_bytes()
    except OSError as error:
        reason = _reason(error)
        raise KlintError(
            f"could not re-read it before writing the fixes ({reason}); not fixed", display
        ) from None
    if _digest(current, display) != original.digest:
        raise KlintError("changed on disk since klint read it; not fixed (run klint again)", display)
    if not (mode & 0o222) or not os.access(target, os.W_OK):
        raise KlintError("the file is read-only; not fixed", display)
    data = encode(original, text)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        reason = _reason(error)
        raise KlintError(f"could not write the fixes ({reason}); the file is unchanged", display) from None
    finally:  # also on Ctrl-C: never leave a temporary file beside the original
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _sync_folder(target.parent)
    return replace(original, text=text, digest=_digest(data, display))


def write_stream(out: TextIO, source: SourceText, text: str) -> None:
    """Write a fixed stdin document byte-faithfully (BOM, CRLF) when ``out`` takes bytes."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(encode(source, text))
    buffer.flush()


def unified_diff(path: str, before: str, after: str) -> str:
    """A git-style unified diff of one file, marking a missing final newline."""
    lines = difflib.unified_diff(
        _LINE.findall(before), _LINE.findall(after), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else f"{line}\n{_NO_NEWLINE}" for line in lines)


def _digest(data: bytes, display: str) -> str:
    """The digest :func:`klint.source.decode` records, so the two always agree."""
    try:
        return decode(data, display).digest
    except KlintError:
        return ""  # no longer text: certainly not the bytes that were fixed


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; best effort, as not every platform can open a folder."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
