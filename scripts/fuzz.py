"""A long fuzz run: the properties of tests/test_fuzz.py with as many examples as you like.

    .venv/bin/python scripts/fuzz.py --examples 20000            # about 5 minutes on 2 cores
    .venv/bin/python scripts/fuzz.py --examples 2000 --seed 7    # a reproducible run

Prints examples per second and, on failure, the shrunk document and the traceback; exits 1
then. Hypothesis keeps failing examples in .hypothesis/ so the next run (and the suite) tries
them first.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, seed, settings

from klint.config import Config
from klint.linter import Linter, load_rules
from tests.test_fuzz import assert_pipeline, documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz klint with hostile Markdown (hypothesis).")
    parser.add_argument("--examples", type=int, default=5000, help="documents to try (default 5000)")
    parser.add_argument("--seed", type=int, help="random seed, for a reproducible run")
    args = parser.parse_args(argv)

    config = Config()
    linter = Linter(config, load_rules(config))
    tried = [0]
    shown: list[bytes] = []

    @settings(
        max_examples=args.examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(documents())
    def fuzz(data: bytes) -> None:
        tried[0] += 1
        shown[:] = [data]
        assert_pipeline(linter, data)

    run = seed(args.seed)(fuzz) if args.seed is not None else fuzz
    started = time.perf_counter()
    failed = False
    try:
        run()
    except Exception:  # hypothesis re-raises the shrunk failure: show it, not a crash
        failed = True
        print("FAILED on this document:", file=sys.stderr)
        print(repr(shown[0]) if shown else "(none)", file=sys.stderr)
        traceback.print_exc()
    elapsed = time.perf_counter() - started
    rate = tried[0] / elapsed if elapsed else 0.0
    outcome = "FAILED" if failed else "no failure"
    print(f"{tried[0]} examples in {elapsed:.1f} s ({rate:.1f} examples/s); {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
