"""Compiling a ``contradiction`` rule's YAML into a :class:`~klint.claims.ClaimType`.

A claim type is data: its topic, subjects, contexts, hedges, dimensions and values are
rule-set keys, so a new claim needs only a YAML edit. Every mistake (an unknown dimension,
a placeholder a value does not capture, a bad regex) names the rule-set file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import regex

from klint.claim_extraction import with_screens
from klint.claims import ClaimType, DimensionSource, ValueDef
from klint.quantities import Interval, expand_placeholders
from klint.rules.base import RuleSpec, compile_patterns
from klint.yamlfile import KlintError, line_of

DIMENSION_KINDS = ("percent", "duration", "year", "count", "rate", "scale", "flag")
VALUE_KEYS = {"label", "patterns", "set", "polarity", "topic", "hedges"}


def compile_claim_type(spec: RuleSpec) -> ClaimType:
    """The rule's claim type; every mistake names the rule-set file and line."""
    dimensions = {str(k): str(v) for k, v in spec.get("dimensions").items()}
    for dim, kind in dimensions.items():
        if kind not in DIMENSION_KINDS:
            raise spec.error(f"dimension '{dim}' must be one of {', '.join(DIMENSION_KINDS)}", "dimensions")
    values = tuple(_compile_value(raw, spec, dimensions) for raw in spec.get("values"))
    if not values:
        raise spec.error("'values' needs at least one entry", "values")
    ctype = ClaimType(
        name=str(spec.get("claim") or spec.info.id.split(".", 1)[-1]),
        attribute=str(spec.get("attribute")),
        rule_id=spec.info.id,
        topic=compile_patterns(spec.strings("topic"), spec, "topic"),
        values=values,
        dimensions=dimensions,
        window=int(spec.get("window", 60)),
        exclude=compile_patterns(spec.strings("exclude"), spec, "exclude") if spec.get("exclude") else None,
        hedges=compile_patterns(spec.strings("hedges"), spec, "hedges") if spec.get("hedges") else None,
        subjects=_named_patterns(spec, "subjects"),
        contexts=_context_families(spec),
        optional_contexts=_optional_contexts(spec),
        scopes=spec.scopes,
        tolerance=_tolerance(spec),
    )
    return with_screens(ctype)


def _tolerance(spec: RuleSpec) -> float:
    value = spec.get("tolerance", 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise spec.error("'tolerance' is a fraction from 0 to 1, e.g. 0.1", "tolerance")
    return float(value)


def _compile_value(raw: Any, spec: RuleSpec, dimensions: Mapping[str, str]) -> ValueDef:
    line = line_of(raw, spec.origin[1])

    def fail(message: str) -> KlintError:
        return KlintError(f"rule '{spec.info.id}': {message}", spec.origin[0], line)

    if not isinstance(raw, dict) or not isinstance(raw.get("label"), str):
        raise fail("each entry of 'values' is a mapping with a 'label'")
    unknown = set(raw) - VALUE_KEYS
    if unknown:
        raise fail(
            f"unknown key '{sorted(unknown)[0]}' in value '{raw['label']}' (expected {sorted(VALUE_KEYS)})"
        )
    patterns: list[regex.Pattern[str]] = []
    placeholders: set[str] = set()
    for source in (
        [raw.get("patterns")] if isinstance(raw.get("patterns"), str) else raw.get("patterns") or []
    ):
        expanded, names = expand_placeholders(str(source))
        placeholders.update(names)
        try:
            patterns.append(compile_patterns([expanded], spec, "values"))
        except KlintError as error:
            raise fail(f"value '{raw['label']}': {error.message}") from None
    if not patterns:
        raise fail(f"value '{raw['label']}' needs 'patterns'")
    polarity = raw.get("polarity", "asserted")
    if polarity not in ("asserted", "denied"):
        raise fail(f"value '{raw['label']}': 'polarity' is 'asserted' or 'denied'")
    dims = []
    settings = raw.get("set") or {}
    if not isinstance(settings, dict):
        raise fail(f"value '{raw['label']}': 'set' maps dimensions to [low, high] or placeholders")
    for dim, how in settings.items():
        if dim not in dimensions:
            raise fail(
                f"value '{raw['label']}' sets unknown dimension '{dim}' (known: {', '.join(dimensions)})"
            )
        dims.append((str(dim), _dimension_source(how, placeholders, fail)))
    topic, hedges = (_value_patterns(raw, key, spec, fail) for key in ("topic", "hedges"))
    return ValueDef(str(raw["label"]), tuple(patterns), tuple(dims), polarity, topic, hedges)


def _value_patterns(raw: dict[str, Any], key: str, spec: RuleSpec, fail: Any) -> regex.Pattern[str] | None:
    """A value's own ``topic`` or ``hedges``: one pattern or a list of them."""
    given = raw.get(key)
    if given is None:
        return None
    sources = [given] if isinstance(given, str) else given
    if not isinstance(sources, list) or not sources or not all(isinstance(p, str) for p in sources):
        raise fail(f"value '{raw['label']}': '{key}' lists patterns")
    try:
        return compile_patterns(sources, spec, "values")
    except KlintError as error:
        raise fail(f"value '{raw['label']}': {error.message}") from None


def _dimension_source(how: Any, placeholders: set[str], fail: Any) -> DimensionSource:
    """``[low, high]`` (``.inf`` allowed), or a placeholder: ``name``, ``<name``, ``>name``, ``a*b``."""
    if isinstance(how, list) and len(how) == 2 and all(isinstance(n, (int, float)) for n in how):
        return DimensionSource(fixed=Interval(float(how[0]), float(how[1]), bounded=True))
    text = str(how).strip()
    op = text[0] if text[:1] in ("<", ">") else ("*" if "*" in text else "")
    names = tuple(n.strip() for n in text.lstrip("<>").split("*"))
    missing = [n for n in names if n not in placeholders]
    if missing or (op == "*" and len(names) != 2):
        raise fail(
            f"'{text}' must name placeholders of the value's patterns ({', '.join(sorted(placeholders))})"
        )
    return DimensionSource(names=names, op=op)


def _named_patterns(
    spec: RuleSpec, key: str, mapping: Mapping[str, Any] | None = None
) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    named = []
    for name, patterns in (spec.get(key) or {} if mapping is None else mapping).items():
        if not isinstance(patterns, (str, list)):
            raise spec.error(f"'{key}': '{name}' must list patterns", key)
        sources = [patterns] if isinstance(patterns, str) else patterns
        named.append((str(name), compile_patterns([str(p) for p in sources], spec, key)))
    return tuple(named)


def _optional_contexts(spec: RuleSpec) -> frozenset[str]:
    families = {family for family, _ in _context_families(spec)}
    optional = frozenset(spec.strings("optional-contexts"))
    unknown = sorted(optional - families)
    if unknown:
        raise spec.error(f"'optional-contexts' names no context family '{unknown[0]}'", "optional-contexts")
    return optional


def _context_families(
    spec: RuleSpec,
) -> tuple[tuple[str, tuple[tuple[str, regex.Pattern[str]], ...]], ...]:
    """``contexts`` maps names to patterns (one family), or families to such mappings."""
    contexts = spec.get("contexts") or {}
    if all(isinstance(value, dict) for value in contexts.values()) and contexts:
        return tuple(
            (str(family), _named_patterns(spec, "contexts", named)) for family, named in contexts.items()
        )
    return (("", _named_patterns(spec, "contexts")),) if contexts else ()
