"""Reporters: turn a finished :class:`~klint.model.RunResult` into text for one output format.

Each built-in format lives in its own module, imported only when that format is used, so
``klint`` starts fast whatever it prints. Plugins add formats through the
``klint.formatters`` entry-point group; they are looked up only for names that are not
built in, so a broken plugin cannot break the built-in formats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from klint.model import RunResult

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["PLUGIN_GROUP", "REPORTERS", "ReportOptions", "Reporter", "get_reporter"]

PLUGIN_GROUP = "klint.formatters"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How to present a result; the CLI decides these (terminal, flags), reporters obey."""

    color: bool = False
    show_fixes: bool = True
    quiet: bool = False
    unsafe_fixes: bool = False


Reporter = Callable[[RunResult, TextIO, ReportOptions], None]

# format name -> module under klint.report that defines ``report``
_BUILTIN_MODULES = {
    "text": "text",
    "concise": "concise",
    "json": "jsonout",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


def _lazy(module: str) -> Reporter:
    """A reporter that imports its module on first use, keeping json/xml off the start-up path."""

    def report(result: RunResult, stream: TextIO, options: ReportOptions) -> None:
        import_module(f"{__name__}.{module}").report(result, stream, options)

    report.__name__ = report.__qualname__ = f"report_{module}"
    return report


REPORTERS: dict[str, Reporter] = {name: _lazy(module) for name, module in _BUILTIN_MODULES.items()}


def get_reporter(name: str) -> Reporter:
    """The reporter called ``name``: a built-in one, else one from an installed plugin."""
    builtin = REPORTERS.get(name)
    if builtin is not None:
        return builtin
    return _plugin_reporter(name)


def _plugin_reporter(name: str) -> Reporter:
    """Load the ``klint.formatters`` entry point ``name``; every failure is a one-line KlintError."""
    from importlib.metadata import entry_points

    from klint.yamlfile import KlintError  # only now: it pulls in PyYAML

    found = sorted(entry_points(group=PLUGIN_GROUP, name=name), key=lambda ep: ep.value)
    if not found:
        known = sorted(set(REPORTERS) | {ep.name for ep in entry_points(group=PLUGIN_GROUP)})
        raise KlintError(f"unknown output format '{name}' (choose from {', '.join(known)})")
    if len(found) > 1:
        sources = ", ".join(_origin(ep) for ep in found)
        raise KlintError(f"output format '{name}' is defined by several plugins: {sources}")
    entry = found[0]
    try:
        reporter: Reporter = entry.load()
    except Exception as error:  # a plugin can fail in any way; name it instead of crashing
        raise KlintError(f"cannot load output format '{name}' from {_origin(entry)}: {error}") from error
    if not callable(reporter):
        raise KlintError(f"output format '{name}' from {_origin(entry)} is not callable")
    return reporter


def _origin(entry: EntryPoint) -> str:
    """``dist version (module:attr)``, so an error names the distribution to blame."""
    dist = entry.dist
    return entry.value if dist is None else f"{dist.name} {dist.version} ({entry.value})"
