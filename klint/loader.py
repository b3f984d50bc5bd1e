"""Load rule sets (shipped, user YAML files, plugin entry points) into compiled rules.

Everything is validated on load, with the file and line of the offending key: an
unknown key, a bad regex, a missing message or a duplicate id stops the run with
exit status 2 instead of silently checking less than the author meant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from klint import patterns
from klint.document import SCOPES
from klint.model import SEVERITIES, RuleInfo
from klint.rules import get_kind
from klint.rules.base import Kind, Param, Rule, RuleSpec, SiteRule
from klint.yamlfile import KlintError, LineDict, load_yaml

TOP_KEYS = {"ruleset", "description", "version", "rules"}
COMMON_KEYS = {
    "id",
    "kind",
    "category",
    "severity",
    "message",
    "rationale",
    "references",
    "examples",
    "scope",
    "case",
    "disclaimer",
}
ALL_SCOPES = frozenset(SCOPES) | {"footnote"}
_ID = patterns.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

AnyRule = Rule | SiteRule


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A loaded rule set: its name, where it came from, and its compiled rules."""

    name: str
    description: str
    origin: str
    rules: tuple[AnyRule, ...]


def shipped_rulesets() -> list[str]:
    """Names of the rule sets inside the installed package."""
    folder = resources.files("klint.rulesets")
    return sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_rulesets(
    names: Sequence[str], settings: Mapping[str, Any] | None = None, base: Path | None = None
) -> list[RuleSet]:
    """Load each named or pathed rule set; rule ids must be unique across all of them."""
    loaded = [load_ruleset(name, settings or {}, base) for name in names]
    seen: dict[str, str] = {}
    for ruleset in loaded:
        for rule in ruleset.rules:
            rule_id = rule.info.id
            if rule_id in seen:
                where, _, line = rule.info.origin.rpartition(":")
                raise KlintError(f"duplicate rule id '{rule_id}' (also at {seen[rule_id]})", where, int(line))
            seen[rule_id] = rule.info.origin
    return loaded


def load_ruleset(name: str, settings: Mapping[str, Any], base: Path | None = None) -> RuleSet:
    """A rule set by shipped name, plugin name, or path (relative to ``base``)."""
    return parse_ruleset(*ruleset_source(name, base), settings)


def ruleset_source(name: str, base: Path | None = None) -> tuple[str, str]:
    """The YAML text of a rule set named as :func:`load_ruleset` takes it, and its origin."""
    path = Path(name) if base is None else base / name
    if name.endswith((".yaml", ".yml")) or path.is_file():
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as error:
            raise KlintError(f"cannot read rule set: {error}", str(path)) from None
    if name in shipped_rulesets():
        resource = resources.files("klint.rulesets") / f"{name}.yaml"
        return resource.read_text(encoding="utf-8"), f"{name}.yaml"
    plugin = _plugin_ruleset(name)
    if plugin is not None:
        return plugin
    known = ", ".join(shipped_rulesets())
    raise KlintError(f"unknown rule set '{name}': not a file, a shipped rule set ({known}) or a plugin")


def _plugin_ruleset(name: str) -> tuple[str, str] | None:
    """``klint.rulesets`` entry points: name = "package:file.yaml" (a package resource)."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="klint.rulesets"):
        if entry.name != name:
            continue
        package, _, filename = entry.value.partition(":")
        try:
            text = (resources.files(package) / (filename or f"{name}.yaml")).read_text(encoding="utf-8")
        except (OSError, ModuleNotFoundError) as error:
            raise KlintError(f"rule set '{name}' from plugin {entry.value} failed to load: {error}") from None
        return text, f"{entry.value}"
    return None


def parse_ruleset(text: str, origin: str, settings: Mapping[str, Any]) -> RuleSet:
    data = load_yaml(text, origin)
    if not isinstance(data, LineDict):
        raise KlintError("a rule set is a mapping with 'ruleset' and 'rules'", origin, 1)
    _reject_unknown(data, TOP_KEYS, origin, "rule set")
    name = data.get("ruleset")
    if not isinstance(name, str) or not _ID.match(name):
        raise KlintError(
            "'ruleset' must name the rule set (letters, digits, . _ -)", origin, data.line_of("ruleset")
        )
    rules_data = data.get("rules")
    if not isinstance(rules_data, list):
        raise KlintError("'rules' must be a list", origin, data.line_of("rules"))
    rules = tuple(_build_rule(raw, name, origin, settings) for raw in rules_data)
    return RuleSet(name, str(data.get("description", "")), origin, rules)


def _reject_unknown(data: LineDict, allowed: Iterable[str], origin: str, what: str) -> None:
    allowed = set(allowed)
    for key in data:
        if key not in allowed:
            raise KlintError(
                f"unknown key '{key}' in {what} (expected one of: {', '.join(sorted(allowed))})",
                origin,
                data.line_of(key),
            )


def _build_rule(raw: Any, ruleset: str, origin: str, settings: Mapping[str, Any]) -> AnyRule:
    if not isinstance(raw, LineDict):
        raise KlintError("each rule is a mapping", origin, getattr(raw, "line", None))
    line = raw.line

    def fail(message: str, key: str | None = None) -> KlintError:
        rule_id = raw.get("id")
        prefix = f"rule '{rule_id}': " if isinstance(rule_id, str) else ""
        return KlintError(prefix + message, origin, raw.line_of(key) if key else line)

    for key in ("id", "kind", "message"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(f"missing or empty '{key}'", key if key in raw else None)
    if not _ID.match(raw["id"]):
        raise fail("'id' may hold only letters, digits, '.', '_' and '-'", "id")
    try:
        kind_class = get_kind(raw["kind"])
    except KlintError as error:
        raise fail(error.message, "kind") from None
    keys: Mapping[str, Param] = getattr(kind_class, "KEYS", {})
    _reject_unknown(raw, COMMON_KEYS | set(keys), origin, f"rule '{raw['id']}' (kind {raw['kind']})")
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        raise fail(f"'severity' must be one of {', '.join(SEVERITIES)}", "severity")
    case = raw.get("case", "insensitive")
    if case not in ("sensitive", "insensitive"):
        raise fail("'case' must be 'sensitive' or 'insensitive'", "case")
    for key, param in keys.items():
        if key in raw and not _type_ok(raw[key], param.type):
            raise fail(f"'{key}' must be {_TYPE_NAMES[param.type]}", key)
        if param.required and key not in raw:
            raise fail(f"missing '{key}' (required by kind {raw['kind']})")
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
        raise fail("'examples' is a mapping with 'bad' and 'good' lists", "examples")
    info = RuleInfo(
        id=raw["id"],
        kind=raw["kind"],
        ruleset=ruleset,
        category=str(raw.get("category", "style")),
        severity=severity,
        message=raw["message"].strip(),
        rationale=str(raw.get("rationale", "")).strip(),
        references=tuple(str(r) for r in _as_list(raw.get("references"))),
        examples_bad=tuple(str(e) for e in _as_list(examples.get("bad"))),
        examples_good=tuple(str(e) for e in _as_list(examples.get("good"))),
        disclaimer=raw.get("disclaimer"),
        origin=f"{origin}:{line}",
    )
    params = LineDict({k: v for k, v in raw.items() if k not in COMMON_KEYS})
    params.line, params.key_lines = raw.line, raw.key_lines
    spec = RuleSpec(
        info=info,
        params=params,
        scopes=_scopes(raw, fail),
        case_sensitive=case == "sensitive",
        origin=(origin, line),
        settings=settings,
    )
    rule = kind_class(spec)
    if not isinstance(rule, (Kind, Rule, SiteRule)):
        raise fail(f"kind '{raw['kind']}' did not build a rule")
    return rule


def _scopes(raw: LineDict, fail: Any) -> frozenset[str] | None:
    scope = raw.get("scope")
    if scope is None:
        return None
    names = [scope] if isinstance(scope, str) else scope
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise fail("'scope' is a scope name or a list of them", "scope")
    unknown = [n for n in names if n not in ALL_SCOPES]
    if unknown:
        raise fail(f"unknown scope '{unknown[0]}' (known: {', '.join(sorted(ALL_SCOPES))})", "scope")
    return frozenset(names)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_TYPE_NAMES = {
    "str": "a string",
    "bool": "true or false",
    "int": "a whole number",
    "strings": "a string or a list of strings",
    "patterns": "a regex or a list of regexes",
    "mapping": "a mapping",
    "list": "a list",
    "any": "a value",
}


def _type_ok(value: Any, type_name: str) -> bool:
    if type_name == "str":
        return isinstance(value, str)
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name in ("strings", "patterns"):
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if type_name == "mapping":
        return isinstance(value, dict)
    if type_name == "list":
        return isinstance(value, list)
    return True
