"""One ``klint check`` run: which files, in what order, and the steps around the linter.

The CLI parses arguments and prints; this module decides nothing about findings
either: it sequences discovery, reading, linting and the cross-document pass. The modules
of optional steps (fixing, baselines, --diff-base, claim listing) are imported when a run
asks for them, which keeps a one-file run (a pre-commit hook) from paying for them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from klint.cache import ResultCache
from klint.config import Config
from klint.discovery import discover
from klint.linter import FileResult, Linter
from klint.loader import AnyRule
from klint.markdown import FrontMatterError, parse
from klint.model import FileError, RunResult
from klint.parallel import check_files
from klint.source import decode, read_source
from klint.yamlfile import KlintError

if TYPE_CHECKING:
    from klint.claims import Claim, ClaimType


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What the user asked of ``klint check`` beyond the configuration."""

    paths: Sequence[Path] = field(default_factory=list)
    read_stdin: bool = False
    stdin_filename: str = "<stdin>"
    jobs: int = 1
    use_cache: bool = True
    #: Report only findings on lines changed since this git revision.
    diff_base: str | None = None
    #: Hide the findings this baseline file records / record the findings in this file.
    baseline: Path | None = None
    write_baseline: Path | None = None
    #: Apply safe fixes (and unsafe ones too with ``unsafe_fixes``); ``diff`` shows them instead.
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False


def run_check(config: Config, rules: Sequence[AnyRule], options: CheckOptions) -> RunResult:
    """Check every requested document and return the combined result."""
    linter = Linter(config, rules)
    for given in options.paths:
        if not given.exists() and not given.is_symlink():
            raise KlintError("no such file or folder", str(given))
    results: list[FileResult] = []
    if options.read_stdin:
        results.append(linter.check_bytes(sys.stdin.buffer.read(), options.stdin_filename))
    cache = ResultCache.open(config, linter.rules) if options.use_cache else None
    files = list(discover(options.paths, config.include, config.exclude))
    results.extend(check_files(linter, files, options.jobs, cache))
    fixed: dict[str, int] = {}
    if options.fix or options.diff:
        from klint.writer import fix_files

        targets: list[Path | None] = [None] * (len(results) - len(files))
        targets += [path for path, _ in files]
        done = fix_files(
            linter,
            list(zip(results, targets, strict=True)),
            unsafe=options.unsafe_fixes,
            diff=options.diff,
            out=sys.stdout,
        )
        results, fixed = done.results, done.fixed
    checked = linter.run(results, site_context(linter, files, cache))
    checked.fixed = fixed
    run = checked
    if options.baseline is not None or options.write_baseline is not None:
        from klint import baseline

        run = baseline.narrow(checked, [r.path for r in results], options.baseline, options.write_baseline)
    if options.diff_base:
        from klint import gitdiff

        run = gitdiff.narrow(run, options.diff_base, options.paths)
    return run


def site_context(
    linter: Linter, checked: Sequence[tuple[Path, str]], cache: ResultCache | None = None
) -> list[FileResult]:
    """The repository's other documents, read only for the site rules' data.

    Pre-commit passes only the changed files, yet a new draft must still be compared with
    the published articles of its site. The repository is the configuration's folder, so
    this runs only when a configuration file was found; cached results are reused.
    """
    config = linter.config
    if not linter.site_rules or config.path is None:
        return []
    given = {os.path.abspath(path) for path, _ in checked}
    context = []
    for path, display in discover([config.root], config.include, config.exclude):
        if os.path.abspath(path) in given:
            continue
        try:
            if path.stat().st_size > config.max_file_size:
                continue
            data = path.read_bytes()
            cached = cache.lookup(display, data) if cache is not None else None
            context.append(cached or linter.collect_source(decode(data, display)))
        except (OSError, KlintError):  # unreadable files are reported only when checked
            continue
    return context


def list_claims(
    config: Config, rules: Sequence[AnyRule], paths: Sequence[Path]
) -> tuple[list[tuple[ClaimType, Claim]], list[FileError]]:
    """Every claim the claim-extracting rules (``contradiction``) find in the files (``klint claims``)."""
    from klint.claims import ClaimType

    typed = [rule for rule in rules if isinstance(getattr(rule, "claim_type", None), ClaimType)]
    found: list[tuple[ClaimType, Claim]] = []
    errors: list[FileError] = []
    for path, display in discover(paths, config.include, config.exclude):
        try:
            doc = parse(read_source(path, display, config.max_file_size).text, display)
        except KlintError as error:
            errors.append(FileError(display, error.message, error.line))
            continue
        except FrontMatterError as error:
            errors.append(FileError(display, str(error), error.line))
            continue
        found.extend((rule.claim_type, c) for rule in typed for c in rule.claims(doc))  # type: ignore[union-attr]
    return found, errors
