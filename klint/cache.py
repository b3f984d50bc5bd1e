"""A content-hash cache of per-file results, so a second run over unchanged files parses nothing.

One entry per checked file (named by a hash of its path, so the cache never grows past the
number of files), holding the file's content hash, the run key and the FileResult's
findings, error and site-rule data. The run key covers everything else a result depends
on: klint's version and code, the parser's and regex engine's versions, every enabled rule
(kind, options, messages) and the configuration rules read. Any mismatch is a miss.

Entries are pickles, signed with a key kept outside the repository (in the user's cache
folder), so a ``.klint_cache`` committed to a repository can never make klint unpickle
data it did not write itself. Writes go to a temporary file renamed into place, so a
concurrent run sees a whole entry or none; an entry that is corrupt, truncated, unsigned
or from another run key is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import markdown_it
import regex

from klint import __version__
from klint.cachefiles import signed, user_key, verified, write_atomically
from klint.config import Config
from klint.linter import TIMEOUT_RULE, FileResult
from klint.loader import AnyRule
from klint.source import decode
from klint.yamlfile import KlintError

CACHE_FOLDER = ".klint_cache"
_MAGIC = b"klint-cache-1\n"
_GITIGNORE = "# Created by klint: a cache, never commit it.\n*\n"
_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# klint result cache\n"


class ResultCache:
    """Reads and writes entries for one run key; every failure is just a miss."""

    def __init__(self, folder: Path, run_key: str, secret: bytes) -> None:
        self.folder = folder
        self.run_key = run_key
        self._secret = secret

    @classmethod
    def open(cls, config: Config, rules: Sequence[AnyRule]) -> ResultCache | None:
        """The cache for this configuration and these rules; None when it cannot be used."""
        secret = user_key()
        folder = config.cache_dir or config.root / CACHE_FOLDER
        if secret is None or not _prepare(folder):
            return None
        return cls(folder, run_key(config, rules), secret)

    def lookup(self, display: str, data: bytes) -> FileResult | None:
        """The stored result for these exact bytes under this name, or None."""
        try:
            blob = self._entry(display).read_bytes()
        except OSError:
            return None
        payload = verified(_MAGIC, blob, self._secret)
        if payload is None:
            return None
        try:
            stored_key, digest, path, findings, error, collected = pickle.loads(payload)
        except Exception:  # a signed entry from another klint build may not unpickle here
            return None
        if stored_key != self.run_key or digest != _digest(data) or path != display:
            return None
        try:
            source = decode(data, display)
        except KlintError:  # undecodable input: the cached error says so
            source = None
        return FileResult(display, list(findings), error, source, dict(collected))

    def store(self, display: str, data: bytes, result: FileResult) -> None:
        """Remember ``result`` unless it holds a time-out, which another run may not hit."""
        if any(finding.rule == TIMEOUT_RULE.id for finding in result.findings):
            return
        record = (self.run_key, _digest(data), display, result.findings, result.error, result.collected)
        try:
            payload = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a plugin's site data that cannot be pickled is simply not cached
            return
        write_atomically(self._entry(display), signed(_MAGIC, payload, self._secret))

    def _entry(self, display: str) -> Path:
        identity = f"{os.path.abspath(display)}\0{display}".encode("utf-8", "surrogatepass")
        name = hashlib.blake2b(identity, digest_size=16)
        return self.folder / f"{name.hexdigest()}.entry"


def run_key(config: Config, rules: Sequence[AnyRule]) -> str:
    """A hash of everything besides the file's bytes that a file's result depends on."""
    parts: list[Any] = [
        __version__,
        sys.version_info[:2],
        markdown_it.__version__,
        regex.__version__,
        _code_stamp(rules),
        sorted(config.select),
        sorted(config.ignore),
        sorted(config.severity.items()),
        sorted((glob, tuple(ids)) for glob, ids in config.per_file_ignores.items()),
        repr(sorted(config.settings().items())),
        _file_digest(config.claims_library),
    ]
    for rule in sorted(rules, key=lambda rule: rule.info.id):
        spec = getattr(rule, "spec", None)
        parts.append((type(rule).__module__, type(rule).__qualname__, repr(rule.info)))
        if spec is not None:
            parts.append(
                (repr(sorted(spec.params.items())), repr(sorted(spec.scopes or ())), spec.case_sensitive)
            )
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _code_stamp(rules: Sequence[AnyRule]) -> list[tuple[str, int, int]]:
    """Size and modification time of klint's modules and of every plugin kind's module.

    The version alone does not change while klint is developed from a checkout.
    """
    files = sorted(Path(__file__).resolve().parent.rglob("*.py"))
    for rule in rules:
        module = sys.modules.get(type(rule).__module__)
        location = getattr(module, "__file__", None)
        if location:
            files.append(Path(location))
    stamp = []
    for path in files:
        try:
            status = path.stat()
        except OSError:
            continue
        stamp.append((str(path), status.st_size, status.st_mtime_ns))
    return stamp


def _file_digest(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return _digest(path.read_bytes())
    except OSError:
        return "unreadable"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _prepare(folder: Path) -> bool:
    """Create the cache folder, marked so git and backup tools leave it alone."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            if not (folder / name).exists():
                write_atomically(folder / name, text.encode())
    except OSError:
        return False
    return os.access(folder, os.W_OK)
