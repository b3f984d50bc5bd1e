"""Module-level regexes, compiled once per user rather than once per process.

The ``regex`` module's compiler is written in Python: the fifty-odd patterns klint's rule
kinds compile when they are imported cost about a tenth of a second, a third of a one-file
run (what a pre-commit hook pays). Every module-level pattern is made with :func:`compile`,
which records it. The rule-set cache (:mod:`klint.rulecache`) stores the recorded patterns
beside the rule sets and hands them back with :func:`preload` before it unpickles the rule
sets, which imports the rule modules: their patterns then come from the cache, already
compiled (``regex`` pickles a pattern with its compiled program).
"""

from __future__ import annotations

from collections.abc import Mapping

import regex

Key = tuple[str, int]

_known: dict[Key, regex.Pattern[str]] = {}


def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, from the preloaded patterns when it is one of them."""
    key = (pattern, flags)
    found = _known.get(key)
    if found is None:
        found = _known[key] = regex.compile(pattern, flags)
    return found


def compiled() -> dict[Key, regex.Pattern[str]]:
    """Every pattern made with :func:`compile` so far (for the rule-set cache to store)."""
    return dict(_known)


def preload(patterns: Mapping[Key, regex.Pattern[str]]) -> None:
    """Make ``patterns`` the result of :func:`compile` for their keys, where none is made yet."""
    for key, pattern in patterns.items():
        if isinstance(pattern, regex.Pattern) and pattern.pattern == key[0]:
            _known.setdefault(key, pattern)
