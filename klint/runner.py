"""One ``klint check`` run: which files, in what order, and the steps around the linter.

The CLI parses arguments and prints; this module decides nothing about findings
either: it sequences discovery, reading, linting and the cross-document pass.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from klint.config import Config
from klint.discovery import discover
from klint.linter import FileResult, Linter
from klint.loader import AnyRule
from klint.model import RunResult
from klint.yamlfile import KlintError


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What the user asked of ``klint check`` beyond the configuration."""

    paths: Sequence[Path] = field(default_factory=list)
    read_stdin: bool = False
    stdin_filename: str = "<stdin>"
    jobs: int = 1
    use_cache: bool = True


def run_check(config: Config, rules: Sequence[AnyRule], options: CheckOptions) -> RunResult:
    """Check every requested document and return the combined result."""
    linter = Linter(config, rules)
    for given in options.paths:
        if not given.exists() and not given.is_symlink():
            raise KlintError("no such file or folder", str(given))
    results: list[FileResult] = []
    if options.read_stdin:
        results.append(linter.check_bytes(sys.stdin.buffer.read(), options.stdin_filename))
    for path, display in discover(options.paths, config.include, config.exclude):
        results.append(linter.check_file(path, display))
    return linter.run(results)
