"""Reading files: bytes to text, with every way a file can be unreadable named precisely.

The text keeps its newlines exactly (CRLF stays CRLF); a BOM is removed from the text
and remembered so ``--fix`` can write it back.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
from dataclasses import dataclass
from pathlib import Path

from klint.yamlfile import KlintError


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded file and what is needed to write it back byte-faithfully."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    digest: str = ""


def decode(data: bytes, path: str) -> SourceText:
    """Decode file bytes; KlintError (naming the line) when they are not text."""
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if data.startswith(codecs.BOM_UTF8):
        encoding, bom, data_body = "utf-8", True, data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return SourceText(path, data.decode("utf-16"), "utf-16", True, digest)
        except UnicodeDecodeError as error:
            raise KlintError(f"not valid UTF-16 at byte {error.start}", path) from None
    else:
        encoding, bom, data_body = "utf-8", False, data
    if b"\x00" in data_body:
        line = data_body.count(b"\n", 0, data_body.index(b"\x00")) + 1
        raise KlintError("binary file (contains a NUL byte); not checked", path, line)
    try:
        text = data_body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if bom else 0)
        line = data_body.count(b"\n", 0, error.start) + 1
        raise KlintError(f"not valid UTF-8 at byte {offset}", path, line) from None
    return SourceText(path, text, encoding, bom, digest)


def read_source(path: Path, display: str, max_size: int | None = None) -> SourceText:
    """Read and decode one file; any failure is a KlintError naming it."""
    try:
        if max_size is not None and path.stat().st_size > max_size:
            raise KlintError(f"file is larger than max-file-size ({max_size} bytes); not checked", display)
        data = path.read_bytes()
    except IsADirectoryError:
        raise KlintError("is a directory, not a file", display) from None
    except FileNotFoundError:
        raise KlintError("no such file (or a broken symbolic link)", display) from None
    except PermissionError:
        raise KlintError("permission denied", display) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise KlintError("symbolic link loop (too many levels of links)", display) from None
        raise KlintError(error.strerror or str(error), display) from None
    return decode(data, display)


def encode(source: SourceText, text: str) -> bytes:
    """Bytes to write back for ``text``, in the file's encoding and with its BOM."""
    if source.encoding == "utf-16":
        return text.encode("utf-16")  # Python writes a BOM for "utf-16"
    return (codecs.BOM_UTF8 if source.bom else b"") + text.encode("utf-8")
