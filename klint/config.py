"""klint.yaml / .klint.yaml / ``[tool.klint]``: found upward from the checked path, validated.

Unknown keys are errors that name the key and its line, so a misspelt option never
silently does nothing.
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import regex

from klint.model import SEVERITIES, RuleInfo, Severity
from klint.yamlfile import KlintError, LineDict, load_yaml

CONFIG_NAMES = ("klint.yaml", ".klint.yaml")

KEYS = {
    "rulesets": "rule sets by shipped name, plugin name or path",
    "select": "rule ids, prefixes, rule sets or categories to enable (default: all)",
    "ignore": "rule ids, prefixes, rule sets or categories to disable",
    "severity": "mapping of rule id/prefix to error, warning or info",
    "include": "extra glob patterns of files to check in folders",
    "exclude": "glob patterns of files and folders to skip",
    "per-file-ignores": "mapping of glob to rule ids disabled in matching files",
    "fail-on": "lowest severity that makes the exit status 1",
    "site": "how documents group into sites: {field: site, folders: {glob: name}}",
    "disclaimers": "mapping of disclaimer name to the organisation's text the fix inserts",
    "disclaimer-before": "regexes of a footer or signature line; disclaimers go before it",
    "claims-library": "path of the organisation's approved-claims YAML file",
    "cache-dir": "folder of the result cache (default .klint_cache)",
    "max-file-size": "largest file in bytes that is checked (default 50000000)",
}


@dataclass(frozen=True, slots=True)
class Config:
    """The validated configuration, with paths resolved against its folder."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    #: Rule sets to load; empty means every shipped rule set.
    rulesets: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: Severity = "warning"
    site: Mapping[str, Any] = field(default_factory=dict)
    disclaimers: Mapping[str, str] = field(default_factory=dict)
    disclaimer_before: tuple[str, ...] = ()
    claims_library: Path | None = None
    cache_dir: Path | None = None
    max_file_size: int = 50_000_000

    def settings(self) -> dict[str, Any]:
        """What rule kinds may read from the configuration."""
        return {
            "disclaimers": dict(self.disclaimers),
            "disclaimer-before": list(self.disclaimer_before),
            "claims-library": str(self.claims_library) if self.claims_library else None,
            "site": dict(self.site),
        }

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def find_config(start: Path) -> Path | None:
    """The nearest klint.yaml, .klint.yaml or pyproject.toml with [tool.klint]."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.klint" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """Read and validate a config file (None: the defaults, rooted at the cwd)."""
    if path is None:
        return Config()
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KlintError(f"cannot read configuration: {error}", origin) from None
    if path.name == "pyproject.toml":
        data = _pyproject_table(text, origin)
    else:
        data = load_yaml(text, origin)
        if data is None:
            data = LineDict()
    if not isinstance(data, dict):
        raise KlintError("configuration must be a mapping of keys to values", origin, 1)
    return _validate(data, path)


def _pyproject_table(text: str, origin: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        table = tomllib.loads(text).get("tool", {}).get("klint", {})
    except tomllib.TOMLDecodeError as error:
        raise KlintError(f"invalid TOML: {error}", origin) from None
    return table if isinstance(table, dict) else {}


def _validate(data: Mapping[str, Any], path: Path) -> Config:
    origin = str(path)

    def line(key: str) -> int | None:
        return data.line_of(key) if isinstance(data, LineDict) else None

    def fail(key: str, message: str) -> KlintError:
        return KlintError(f"'{key}': {message}", origin, line(key))

    for key in data:
        if key not in KEYS:
            raise KlintError(
                f"unknown configuration key '{key}' (known: {', '.join(KEYS)})", origin, line(key)
            )

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "must be a string or a list of strings")
        return tuple(value)

    def mapping(key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise fail(key, "must be a mapping")
        return value

    severity = {str(k): v for k, v in mapping("severity").items()}
    for rule, level in severity.items():
        if level not in SEVERITIES:
            raise fail("severity", f"'{rule}' must be one of {', '.join(SEVERITIES)}")
    fail_on = data.get("fail-on", "warning")
    if fail_on not in SEVERITIES:
        raise fail("fail-on", f"must be one of {', '.join(SEVERITIES)}")
    per_file = {}
    for glob, ids in mapping("per-file-ignores").items():
        ids = [ids] if isinstance(ids, str) else ids
        if not isinstance(ids, list):
            raise fail("per-file-ignores", f"'{glob}' must list rule ids")
        per_file[str(glob)] = tuple(str(i) for i in ids)
    site = dict(mapping("site"))
    unknown_site = set(site) - {"field", "folders"}
    if unknown_site:
        raise fail("site", f"unknown key '{sorted(unknown_site)[0]}' (expected field, folders)")
    disclaimers = {str(k): str(v) for k, v in mapping("disclaimers").items()}
    root = path.parent.resolve()
    library = data.get("claims-library")
    cache = data.get("cache-dir")
    size = data.get("max-file-size", 50_000_000)
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise fail("max-file-size", "must be a positive number of bytes")
    rulesets = strings("rulesets")
    for pattern in strings("disclaimer-before"):
        try:
            regex.compile(pattern)
        except regex.error as error:
            raise fail("disclaimer-before", f"bad regex '{pattern}': {error}") from None
    return Config(
        path=path,
        root=root,
        rulesets=tuple(_resolve_ruleset(name, root) for name in rulesets),
        select=strings("select"),
        ignore=strings("ignore"),
        severity=severity,
        include=strings("include"),
        exclude=strings("exclude"),
        per_file_ignores=per_file,
        fail_on=fail_on,
        site=site,
        disclaimers=disclaimers,
        disclaimer_before=strings("disclaimer-before"),
        claims_library=(root / str(library)) if library else None,
        cache_dir=(root / str(cache)) if cache else None,
        max_file_size=size,
    )


def _resolve_ruleset(name: str, root: Path) -> str:
    if name.endswith((".yaml", ".yml")) or "/" in name:
        return str(root / name)
    return name


# -- rule selection ----------------------------------------------------------------
def selector_score(selector: str, info: RuleInfo) -> int:
    """How specifically ``selector`` names the rule (0: not at all)."""
    if selector == info.id:
        return 1000
    if info.id.startswith(selector + "."):
        return 100 + len(selector)
    if selector == info.ruleset:
        return 50
    if selector == info.category:
        return 10
    return 0


def is_enabled(info: RuleInfo, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Selected (or no select given) and not ignored more specifically; ties go to ignore."""
    best_select = max((selector_score(s, info) for s in select), default=1)
    best_ignore = max((selector_score(s, info) for s in ignore), default=0)
    return best_select > 0 and best_ignore < best_select


def severity_for(info: RuleInfo, overrides: Mapping[str, Severity]) -> Severity:
    """The configured severity of the most specific matching override, else the rule's own."""
    best = max(
        ((selector_score(s, info), level) for s, level in overrides.items()), default=(0, info.severity)
    )
    return best[1] if best[0] > 0 else info.severity


def ignored_in(path: str, info: RuleInfo, per_file: Mapping[str, Sequence[str]]) -> bool:
    """True when a per-file-ignores glob matching ``path`` names the rule."""
    posix = PurePosixPath(path.replace("\\", "/"))
    for glob, ids in per_file.items():
        if (posix.match(glob) or fnmatch.fnmatch(str(posix), glob)) and any(
            selector_score(s, info) for s in ids
        ):
            return True
    return False
