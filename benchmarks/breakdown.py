#!/usr/bin/env python3
"""Where klint's time goes: per rule kind and rule, and (with --cprofile) per function.

    python benchmarks/breakdown.py DIR [--top 25] [--cprofile]

It checks the Markdown files under DIR the way ``klint check --no-cache`` does (default
rule sets, the cross-document pass included), in this process, and prints CPU seconds
(``time.process_time``, so a busy machine skews it less than wall time): loading the rules,
reading + parsing + suppressions (everything but the rules), each rule kind, the slowest
rules, and the cross-document pass. The rule figures come from wrapping each rule's own
methods, so the linter's literal prefilter (which skips rules) works as in a real run.
``--cprofile`` adds cProfile's top functions by own time (it slows the run about 2x).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import GeneratorType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from klint.config import Config  # noqa: E402  (the checkout's klint, as run.py uses it)
from klint.discovery import discover  # noqa: E402
from klint.linter import Linter, load_rules  # noqa: E402


def timed(spent: dict[str, float], keys: tuple[str, ...], method: Callable[..., Any]) -> Callable[..., Any]:
    """``method``, adding the CPU time of each call (its results drained) to every key in ``keys``."""

    def wrapper(*args: Any) -> Any:
        start = time.process_time()
        result = method(*args)
        if isinstance(result, GeneratorType):  # a rule's check yields: time the whole of it
            result = list(result)
        took = time.process_time() - start
        for key in keys:
            spent[key] += took
        return result

    return wrapper


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--top", type=int, default=20, help="rules and functions to list (default 20)")
    ap.add_argument("--cprofile", action="store_true", help="also list cProfile's top functions")
    args = ap.parse_args(argv)

    start = time.process_time()
    config = Config()
    rules = load_rules(config)
    load = time.process_time() - start
    spent: dict[str, float] = defaultdict(float)
    for rule in rules:
        for name in ("check", "collect", "check_site"):
            if hasattr(rule, name):
                keys = (f"kind {rule.info.kind}", f"rule {rule.info.id}")
                setattr(rule, name, timed(spent, keys, getattr(rule, name)))
    linter = Linter(config, rules)
    files = list(discover([args.folder], config.include, config.exclude))
    profiler = cProfile.Profile() if args.cprofile else None
    start = time.process_time()
    if profiler:
        profiler.enable()
    results = [linter.check_file(path, display) for path, display in files]
    checked = time.process_time() - start
    in_rules = sum(v for k, v in spent.items() if k.startswith("kind "))
    linter.run(results)
    if profiler:
        profiler.disable()
    total = time.process_time() - start

    n = len(files)
    print(f"{n} files; CPU seconds (ms per file in brackets)")
    print(f"  load rules                       {load:8.3f}")
    rest = checked - in_rules
    print(f"  read, parse, suppress (no rules) {rest:8.3f}  [{rest / n * 1e3:.2f}]")
    for key, value in sorted(spent.items(), key=lambda kv: -kv[1]):
        if key.startswith("kind "):  # check, collect and the cross-document check_site
            print(f"  {key:<32} {value:8.3f}  [{value / n * 1e3:.2f}]")
    print(f"  cross-document pass              {total - checked:8.3f}")
    print(f"  total (without loading)          {total:8.3f}  [{total / n * 1e3:.2f}]")
    print(f"\nslowest {args.top} rules:")
    ranked = sorted((kv for kv in spent.items() if kv[0].startswith("rule ")), key=lambda kv: -kv[1])
    for key, value in ranked[: args.top]:
        print(f"  {key[5:]:<44} {value:8.3f}  [{value / n * 1e3:.2f}]")
    if profiler:
        print()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
