"""Command line: ``klint check | rules | explain | init``; ``main(argv) -> exit status``.

Exit status: 0 nothing at or above --fail-on, 1 such findings, 2 usage, configuration,
rule-set or input errors. No traceback ever reaches the user: every expected failure
is a KlintError printed as one line naming the file (and line).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from klint import __version__
from klint.config import Config, find_config, load_config
from klint.model import SEVERITIES, SEVERITY_RANK, RuleInfo, RunResult
from klint.yamlfile import KlintError

if TYPE_CHECKING:
    from klint.rules.base import RuleSpec

FORMATS = ("text", "concise", "json", "sarif", "github", "junit")


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="klint", description="Lint health-marketing copy in Markdown.")
    parser.add_argument("--version", action="version", version=f"klint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="lint files and folders (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    check.add_argument(
        "--format", default=None, metavar="FORMAT", help=f"{', '.join(FORMATS)} or a plugin's (default: text)"
    )
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files (stdin: to stdout)")
    check.add_argument("--unsafe-fixes", action="store_true", help="apply unsafe fixes too")
    check.add_argument("--diff", action="store_true", help="show what --fix would change")
    check.add_argument(
        "--select", type=_comma_list, action="extend", metavar="ID[,ID]", help="rules to enable"
    )
    check.add_argument(
        "--ignore", type=_comma_list, action="extend", metavar="ID[,ID]", help="rules to disable"
    )
    check.add_argument(
        "--ruleset", action="append", metavar="NAME_OR_PATH", help="rule set to use (repeatable)"
    )
    check.add_argument("--config", type=Path, metavar="PATH", help="configuration file")
    check.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run")
    check.add_argument(
        "--no-cache", action="store_true", help="do not read or write the result and rule-set caches"
    )
    check.add_argument("--jobs", type=int, default=1, metavar="N", help="check files in N processes")
    check.add_argument(
        "--diff-base", metavar="REF", help="report only findings on lines changed since git revision REF"
    )
    check.add_argument("--baseline", type=Path, metavar="FILE", help="hide the findings recorded in FILE")
    check.add_argument(
        "--write-baseline", type=Path, metavar="FILE", help="record the current findings in FILE"
    )
    check.add_argument("--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("--stdin-filename", metavar="NAME", help="name of the document read from stdin")
    check.add_argument("--version", action="version", version=f"klint {__version__}")

    rules = commands.add_parser("rules", help="list active rules")
    rules.add_argument("--ruleset", action="append", metavar="NAME_OR_PATH", help="only this rule set")
    rules.add_argument("--config", type=Path, metavar="PATH", help="configuration file")

    claims = commands.add_parser("claims", help="list the claims klint extracts (what the files assert)")
    claims.add_argument("paths", nargs="*", metavar="PATH", help="files and folders (default: .)")
    claims.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    claims.add_argument("--ruleset", action="append", metavar="NAME_OR_PATH", help="rule set to use")
    claims.add_argument("--config", type=Path, metavar="PATH", help="configuration file")

    explain = commands.add_parser("explain", help="explain one rule")
    explain.add_argument("rule", metavar="RULE_ID")
    explain.add_argument("--config", type=Path, metavar="PATH", help="configuration file")

    init = commands.add_parser("init", help="write a starter klint.yaml")
    init.add_argument("--force", action="store_true", help="overwrite an existing klint.yaml")
    return parser


def run() -> NoReturn:
    """The ``klint`` command: :func:`main`, then an exit that skips the interpreter's clean-up.

    Once the report is flushed nothing is left to do, yet a normal exit frees every compiled
    pattern, rule and parsed document one object at a time: tens of milliseconds of a
    one-file run in a pre-commit hook, more on large runs (mypy exits the same way).
    """
    status = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left early, as with `klint check | head`
        pass
    except OSError as error:  # what the last buffer held could not be written either
        print(f"klint: error: could not write the report: {error.strerror}", file=sys.stderr)
        status = 2
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # never crash on a terminal that can't show a quote
        sys.stdout.reconfigure(errors="backslashreplace")
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "claims":
            return _claims(args)
        if args.command == "explain":
            return _explain(args)
        return _init(args)
    except KlintError as error:
        print(f"klint: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("klint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _config(args: argparse.Namespace, paths: Sequence[Path]) -> Config:
    path = args.config
    if path is not None and not path.is_file():
        raise KlintError("configuration file not found", str(path))
    found = path or find_config(paths[0] if paths else Path.cwd())
    config = load_config(found)
    rulesets = getattr(args, "ruleset", None)
    return config.with_overrides(
        rulesets=tuple(rulesets) if rulesets else None,
        select=tuple(getattr(args, "select", None) or ()) or None,
        ignore=tuple(config.ignore) + tuple(getattr(args, "ignore", None) or ()) or None,
        fail_on=getattr(args, "fail_on", None),
    )


def _check(args: argparse.Namespace) -> int:
    from klint.linter import load_rules
    from klint.report import ReportOptions, get_reporter
    from klint.runner import CheckOptions, run_check

    given = args.paths or ["."]
    paths = [Path(p) for p in given if p != "-"]
    config = _config(args, paths)
    reporter = get_reporter(args.format or "text")
    options = CheckOptions(
        paths=paths,
        read_stdin="-" in given,
        stdin_filename=args.stdin_filename or "<stdin>",
        jobs=max(1, args.jobs),
        use_cache=not args.no_cache,
        diff_base=args.diff_base,
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
    )
    run = run_check(config, load_rules(config, cached=not args.no_cache), options)
    if args.diff:
        return _diff_summary(run)
    # with --fix on stdin, stdout carries the fixed document, so the report goes aside
    stream = sys.stderr if args.fix and options.read_stdin else sys.stdout
    color = _use_color(args.format) and stream is sys.stdout
    report_options = ReportOptions(color=color, quiet=args.quiet, unsafe_fixes=args.unsafe_fixes)
    try:
        reporter(run, stream, report_options)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:  # e.g. a full disk under `klint check > report.txt`
        raise KlintError(f"could not write the report: {error.strerror}") from None
    return exit_status(run, config.fail_on)


def _diff_summary(run: RunResult) -> int:
    """After ``--diff``: errors and a count on stderr; 1 when there are changes, 2 on errors."""
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        print(f"{where}: error: {error.message}", file=sys.stderr)
    count, files = sum(run.fixed.values()), len(run.fixed)
    if count:
        findings = f"{count} finding" + ("s" if count != 1 else "")
        print(f"Would fix {findings} in {files} file{'s' if files != 1 else ''}.", file=sys.stderr)
    else:
        print("No fixes available.", file=sys.stderr)
    sys.stdout.flush()
    if run.errors:
        return 2
    return 1 if run.fixed else 0


def exit_status(run: RunResult, fail_on: str) -> int:
    """2 on any unreadable input, 1 on a finding at or above ``fail_on``, else 0."""
    if run.errors:
        return 2
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in run.findings) else 0


def _use_color(fmt: str | None) -> bool:
    if fmt not in (None, "text") or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _rules(args: argparse.Namespace) -> int:
    from klint.builtin_rules import BUILTIN_RULES
    from klint.linter import load_rules

    config = _config(args, [])
    infos = [rule.info for rule in load_rules(config, cached=True)] + list(BUILTIN_RULES)
    for info in sorted(infos, key=lambda i: i.id):
        summary = info.message.replace("{match}", "…").splitlines()[0]
        print(f"{info.id:<42} {info.category:<24} {info.severity:<8} {summary}")
    return 0


def _claims(args: argparse.Namespace) -> int:
    from klint.linter import load_rules
    from klint.report.claims import format_claims
    from klint.runner import list_claims

    paths = [Path(p) for p in args.paths or ["."]]
    for given in paths:
        if not given.exists():
            raise KlintError("no such file or folder", str(given))
    config = _config(args, paths)
    found, errors = list_claims(config, load_rules(config, cached=True), paths)
    text = format_claims(found, args.format)
    if text:
        print(text)
    for error in errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        print(f"klint: error: {where}: {error.message}", file=sys.stderr)
    return 2 if errors else 0


def _explain(args: argparse.Namespace) -> int:
    from klint import rulecache
    from klint.builtin_rules import BUILTIN_RULES
    from klint.loader import shipped_rulesets

    config = _config(args, [])
    for ruleset in rulecache.load(config.rulesets or shipped_rulesets(), config.settings()):
        for rule in ruleset.rules:
            if rule.info.id == args.rule:
                print(explain_text(rule.info, getattr(rule, "spec", None)))
                return 0
    for info in BUILTIN_RULES:
        if info.id == args.rule:
            print(explain_text(info))
            return 0
    raise KlintError(f"no rule '{args.rule}' in the configured rule sets (see 'klint rules')")


def explain_text(info: RuleInfo, spec: RuleSpec | None = None) -> str:
    """The rule's rationale, examples, fix and references, for ``klint explain``."""
    lines = [
        f"{info.id}  ({info.ruleset}, {info.kind})",
        f"category: {info.category}    severity: {info.severity}",
        "",
        f"message: {info.message}",
    ]
    if info.rationale:
        lines += ["", "why:", *(f"  {line}" for line in info.rationale.splitlines())]
    if info.examples_bad:
        lines += ["", "flagged:", *(f"  - {e}" for e in info.examples_bad)]
    if info.examples_good:
        lines += ["", "accepted:", *(f"  - {e}" for e in info.examples_good)]
    suggestions = spec.strings("suggest") if spec is not None else []
    insert = spec.get("insert") if spec is not None else None
    if suggestions:
        applicability = "safe" if spec.get("fix") == "safe" and len(suggestions) == 1 else "suggestion"
        lines += ["", f"fix ({applicability}): " + " | ".join(suggestions)]
    elif insert:
        lines += ["", "fix (safe): adds this paragraph:", f"  {str(insert).strip()}"]
    if info.references:
        lines += ["", "references:", *(f"  - {r}" for r in info.references)]
    return "\n".join(lines)


STARTER_CONFIG = """\
# klint configuration: https://github.com/klint-dev/klint#configuration
# rulesets: [health-core, ketamine, mechanisms, regulatory]   # default: every shipped rule set
# select: [health-core]            # only these rules (ids, prefixes, rule sets or categories)
# ignore: [health-core.cure-claim]
fail-on: warning                   # error | warning | info
# severity: {health-core.establishment-claim: info}
# exclude: ["drafts/archive/**"]
# per-file-ignores: {"legal/*.md": [missing-disclaimer]}
# site: {field: site, folders: {"blog/**": main-site}}
# disclaimers:
#   medical-advice: "This article is for information only and is not medical advice."
"""


def _init(args: argparse.Namespace) -> int:
    target = Path("klint.yaml")
    if target.exists() and not args.force:
        raise KlintError("klint.yaml already exists (use --force to overwrite)", str(target))
    target.write_text(STARTER_CONFIG, encoding="utf-8")
    print(f"wrote {target}")
    return 0
