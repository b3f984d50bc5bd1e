"""Rule kinds: the built-in ones and those plugins add through the ``klint.rules`` entry point."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from klint.yamlfile import KlintError

#: Built-in kinds, imported lazily: name -> "module:Class".
BUILTIN_KINDS = {
    "term": "klint.rules.term:TermRule",
    "sentence": "klint.rules.sentence:SentenceRule",
    "required": "klint.rules.required:RequiredRule",
    "mechanism": "klint.rules.mechanism:MechanismRule",
    "statistic": "klint.rules.statistic:StatisticRule",
    "contradiction": "klint.rules.contradiction:ContradictionRule",
}

_loaded: dict[str, Any] = {}


def kind_names() -> list[str]:
    return sorted(set(BUILTIN_KINDS) | set(_plugin_kinds()))


def get_kind(name: str) -> Any:
    """The class (or factory) implementing kind ``name``; KlintError when unknown."""
    if name in _loaded:
        return _loaded[name]
    target = BUILTIN_KINDS.get(name)
    if target is not None:
        module, _, attr = target.partition(":")
        factory = getattr(import_module(module), attr)
    else:
        entry = _plugin_kinds().get(name)
        if entry is None:
            raise KlintError(f"unknown rule kind '{name}' (known: {', '.join(kind_names())})")
        try:
            factory = entry.load()
        except Exception as error:  # a broken plugin must stop the run, loudly
            dist = getattr(entry, "dist", None)
            where = f"{dist.name} {dist.version}" if dist else entry.value
            raise KlintError(f"rule kind '{name}' from {where} failed to load: {error}") from None
    _loaded[name] = factory
    return factory


def _plugin_kinds() -> dict[str, Any]:
    from importlib.metadata import entry_points

    found = {}
    for entry in sorted(entry_points(group="klint.rules"), key=lambda e: e.name):
        if entry.name in BUILTIN_KINDS:
            raise KlintError(f"plugin kind '{entry.name}' ({entry.value}) reuses a built-in kind name")
        found[entry.name] = entry
    return found
