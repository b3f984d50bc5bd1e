"""A per-user cache of loaded rule sets, so a run starts without parsing YAML or compiling regexes.

Loading the shipped rule sets parses their YAML and compiles some 600 patterns with the
``regex`` module's compiler, which is written in Python: half a second or more, several
times what linting one file costs in a pre-commit hook. The loaded rule sets are pickled
(``regex`` pickles a pattern with its compiled program, so unpickling compiles nothing; each
rule pattern is unpickled only when first used, see :class:`LazyPattern`) with the
module-level patterns of the rule kinds (see :mod:`klint.patterns`), under a key
that covers everything loading reads: the rule sets' texts, the settings and
the claims library file they are given, every file of the klint package, and the versions
of Python, regex and PyYAML. Any change is a miss, and any failure to read or write is too.

Only rule sets that loaded without an error are stored, so a bad regex stays an error that
names its file and line. Rule sets with a plugin kind are not stored, because the plugin's
code is not part of the key. Entries live in the user's cache folder, never in a repository,
and are signed with the per-user key of klint.cachefiles, so klint unpickles only
what it wrote itself. Only the most recently used few are kept. Without a cache folder or
key that can be read and written, rule sets are simply loaded every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import regex
import yaml

from klint import __version__, patterns
from klint.cachefiles import signed, user_folder, user_key, verified, write_atomically
from klint.loader import RuleSet, load_rulesets, ruleset_source
from klint.yamlfile import KlintError

#: How many entries (rule-set combinations) are kept.
KEEP = 8
_PREFIX = "rules-"
_MAGIC = b"klint-rules-4\n"
_PACKAGE = Path(__file__).resolve().parent
#: What rules call on a pattern (see :class:`LazyPattern`).
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "splititer")


def load(names: Sequence[str], settings: Mapping[str, Any]) -> list[RuleSet]:
    """``loader.load_rulesets(names, settings)``, from the cache when nothing it reads has changed."""
    folder, key = user_folder(), _key(names, settings)
    if folder is None or key is None or (secret := user_key()) is None:
        return load_rulesets(names, settings)
    entry = folder / f"{_PREFIX}{key}.pickle"
    cached = _read(entry, secret)
    if cached is not None:
        return cached
    loaded = load_rulesets(names, settings)
    # a checkout being edited: code imported while loading may be newer than the key says
    unchanged = _key(names, settings) == key
    if unchanged and all(_builtin(rule) for ruleset in loaded for rule in ruleset.rules):
        _write(entry, loaded, secret)
    return loaded


def _key(names: Sequence[str], settings: Mapping[str, Any]) -> str | None:
    try:
        sources = [ruleset_source(name) for name in names]
    except KlintError:  # let the real load report it
        return None
    library = settings.get("claims-library")
    parts = [
        __version__,
        sys.version,
        regex.__version__,
        yaml.__version__,
        _package_stamp(),
        repr(sorted(settings.items())),
        _digest(Path(library)) if library else "",
        sources,
    ]
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _package_stamp() -> list[tuple[str, int, int]]:
    """Size and modification time of every file of the klint package (its code and data)."""
    stamp = []
    for path in sorted(_PACKAGE.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        with contextlib.suppress(OSError):
            status = path.stat()
            stamp.append((str(path.relative_to(_PACKAGE)), status.st_size, status.st_mtime_ns))
    return stamp


def _digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    except OSError:
        return "unreadable"


def _builtin(rule: Any) -> bool:
    """Whether the rule's kind is klint's own code (so the key covers it)."""
    module = sys.modules.get(type(rule).__module__)
    location = getattr(module, "__file__", None)
    return bool(location) and Path(location).resolve().is_relative_to(_PACKAGE)


class LazyPattern:
    """A rule set's compiled pattern, unpickled from the cache entry when first used.

    A one-file run unpickles every rule set, but its document meets the literal screens of
    only some rules, and the other rules' patterns are never searched. Unpickling a compiled
    pattern rebuilds its program: some 600 patterns, a tenth of a one-file run. Once
    compiled, the methods rules call are the pattern's own, bound into the instance, so a
    search costs what it costs on the pattern itself.
    """

    __slots__ = ("_data", "_pattern", *_METHODS)

    def __init__(self, data: bytes) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:  # called only for what is not set yet
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def compiled(self) -> regex.Pattern[str]:
        """The pattern itself (unpickled on the first call)."""
        try:
            return self._pattern
        except AttributeError:
            pattern: regex.Pattern[str] = pickle.loads(self._data)
        self._pattern = pattern
        for method in _METHODS:
            setattr(self, method, getattr(pattern, method))
        return pattern

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[bytes]]:
        return LazyPattern, (self._data,)

    def __repr__(self) -> str:
        return f"LazyPattern({self.compiled()!r})"


class _LazyPickler(pickle.Pickler):
    """Pickles each compiled pattern but the ``eager`` ones as a :class:`LazyPattern`."""

    def __init__(self, file: io.BytesIO, eager: Iterable[regex.Pattern[str]]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._eager = {id(pattern) for pattern in eager}

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, regex.Pattern) and id(obj) not in self._eager:
            return LazyPattern, (pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL),)
        return NotImplemented


def _read(entry: Path, secret: bytes) -> list[RuleSet] | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    payload = verified(_MAGIC, data, secret)
    if payload is None:
        return None  # not written by this user's klint: never unpickled
    try:
        stream = pickle.Unpickler(io.BytesIO(payload))
        patterns.preload(stream.load())  # before the rule modules are imported below
        loaded = stream.load()
    except Exception:  # from another build of klint or its dependencies: rebuild
        return None
    with contextlib.suppress(OSError):  # a read-only cache is still used
        os.utime(entry)  # recently used: kept by the clean-up
    if not isinstance(loaded, list) or not all(isinstance(r, RuleSet) for r in loaded):
        return None
    return loaded


def _write(entry: Path, loaded: list[RuleSet], secret: bytes) -> None:
    buffer = io.BytesIO()
    module_patterns = patterns.compiled()  # stored whole: they are preloaded, and every run uses them
    stream = _LazyPickler(buffer, eager=module_patterns.values())
    try:
        stream.dump(module_patterns)
        stream.dump(loaded)
    except Exception:  # a rule holding something that cannot be pickled is simply not cached
        return
    payload = buffer.getvalue()
    data = signed(_MAGIC, payload, secret)
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    if write_atomically(entry, data):
        _clean(entry.parent)


def _clean(folder: Path) -> None:
    """Remove all but the :data:`KEEP` most recently used entries."""
    entries = []
    for path in folder.glob(f"{_PREFIX}*.pickle"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()
