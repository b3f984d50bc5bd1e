#!/usr/bin/env python3
"""The parse floor: what any linter built on klint's parser pays before a single rule runs.

    python benchmarks/floor.py [--stage read|parse] [--report] PATH [PATH ...]

It reads every file (a folder stands for its *.md and *.markdown files, recursively),
decodes it as UTF-8 and parses it whole with markdown-it-py, with the rules klint's
``klint/markdown.py`` enables::

    MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")

and nothing else: no front-matter YAML, no rules, no output beyond one summary line.
klint itself runs markdown-it's inline parser only on content holding a markup character
(most paragraphs hold none, and their one text token is the content itself), so its
markdown-it work is less than this: the floor is what parsing every document whole costs.
Timed from outside as a whole process (``benchmarks/run.py`` does), its wall time is the
floor that klint's own time is compared with, start-up and import included.

``--stage read`` stops after reading (no markdown-it import), to show how much of the floor
is I/O.  ``--report`` also prints each stage's time measured inside the process.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

SUFFIXES = (".md", ".markdown")


def collect(paths: list[str]) -> list[Path]:
    """Files in the order klint would meet them: folders walked, sorted; files as given."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES and f.is_file()))
        else:
            files.append(p)
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--stage", choices=["read", "parse"], default="parse", help="stop after this stage")
    ap.add_argument("--report", action="store_true", help="print in-process stage times too")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    args = ap.parse_args(argv)

    files = collect(args.paths)
    if not files:
        print("floor.py: no Markdown files found", file=sys.stderr)
        return 2

    times: dict[str, float] = {}
    t = time.perf_counter()
    texts = [f.read_bytes().decode("utf-8") for f in files]
    times["read"] = time.perf_counter() - t
    nbytes = sum(len(x.encode("utf-8")) for x in texts)

    tokens = 0
    if args.stage == "parse":
        t = time.perf_counter()
        from markdown_it import MarkdownIt  # imported here so that the read stage pays nothing for it

        md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
        times["import + setup"] = time.perf_counter() - t
        t = time.perf_counter()
        for text in texts:
            tokens += len(md.parse(text))
        times["parse"] = time.perf_counter() - t

    print(f"floor.py: {len(files)} files, {nbytes / 1e6:.2f} MB, {tokens} tokens")
    if args.report:
        mb = nbytes / 1e6
        for name, sec in times.items():
            rate = f"{mb / sec:8.1f} MB/s" if name != "import + setup" and sec > 0 else ""
            print(f"  {name:<16}{sec:8.3f} s {rate}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
