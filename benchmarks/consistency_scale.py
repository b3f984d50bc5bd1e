"""How the consistency pass scales: ``collect`` + ``check_site`` over N documents of one site.

Generates small clinic pages (front matter naming one site, a heading, a few paragraphs)
whose sentences state onset, side-effect frequency, course, approval year, addiction and
response-rate claims; about one page in ten disagrees with the rest, so the site pass has
real conflicts to report. Parsing is timed separately: the pass under test is extraction
and collection per document (``collect``) and the comparison across the site
(``check_site``), which indexes claims by (type, subject, context) and then by value, so
its time should grow linearly with the number of documents. Times are CPU seconds of
this process, so other work on the machine does not inflate them.

    .venv/bin/python benchmarks/consistency_scale.py                  # 1,000 and 10,000
    .venv/bin/python benchmarks/consistency_scale.py --docs 500 5000 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from klint.config import Config
from klint.linter import load_rules
from klint.markdown import parse
from klint.rules.contradiction import ContradictionRule

AGREED = [
    "Most patients notice relief within hours of the first infusion.",
    "Side effects are rare and usually mild.",
    "A typical course is six infusions over two weeks.",
    "Ketamine has been FDA-approved since the 1970s.",
    "Misuse of ketamine can lead to dependence, so every dose is supervised.",
    "In our patients with depression, the response rate is about 70%.",
    "The benefits of a single infusion are usually temporary.",
]
DISAGREEING = [
    "Ketamine usually takes several weeks to work.",
    "Common side effects include nausea and dizziness.",
    "Patients receive eight infusions over four weeks.",
    "Ketamine was first approved by the FDA in 1962.",
    "With depression, only 40% of patients respond.",
]
FILLER = [
    "Our team walks you through every step of the visit.",
    "Call us to ask about scheduling and insurance.",
    "Each visit starts with a short check of your blood pressure.",
    "We keep the treatment room quiet and comfortable.",
    "Bring a friend who can drive you home afterwards.",
]


def generate(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """``count`` (path, text) pages of one site; the same seed gives the same pages."""
    rng = random.Random(seed)
    pages = []
    for index in range(count):
        sentences = rng.sample(AGREED, 3) + rng.sample(FILLER, 3)
        if rng.random() < 0.1:
            sentences.append(rng.choice(DISAGREEING))
        rng.shuffle(sentences)
        paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
        body = "\n\n".join(paragraphs)
        front = f'---\ntitle: "Page {index}"\nsite: bench-clinic\n---\n\n'
        text = f"{front}## Ketamine care, part {index}\n\n{body}\n"
        pages.append((f"site/page-{index:05d}.md", text))
    return pages


@dataclass
class Timing:
    documents: int
    parse: float
    collect: float
    check_site: float
    claims: int
    findings: int

    @property
    def consistency(self) -> float:
        return self.collect + self.check_site


def measure(pages: Sequence[tuple[str, str]], rules: Sequence[ContradictionRule]) -> Timing:
    """As the linter runs: each page parsed, every rule's ``collect`` on it, the page dropped;
    then ``check_site`` once per rule over everything collected."""
    collected: dict[str, list[tuple[str, Any]]] = {rule.info.id: [] for rule in rules}
    parsing = collecting = 0.0
    for path, text in pages:
        started = time.process_time()
        doc = parse(text, path)
        parsed = time.process_time()
        for rule in rules:
            collected[rule.info.id].append((path, rule.collect(doc)))
        parsing, collecting = parsing + parsed - started, collecting + time.process_time() - parsed
    started = time.process_time()
    findings = sum(len(list(rule.check_site(collected[rule.info.id]))) for rule in rules)
    comparing = time.process_time() - started
    claims = sum(len(data.claims) for rows in collected.values() for _, data in rows)
    return Timing(len(pages), parsing, collecting, comparing, claims, findings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is shown")
    args = parser.parse_args(argv)
    config = Config(rulesets=("consistency",))
    rules = [rule for rule in load_rules(config) if isinstance(rule, ContradictionRule)]
    print(f"{'docs':>7} {'claims':>7} {'findings':>8} {'parse s':>8} {'collect s':>9} {'site s':>7} "
          f"{'pass s':>7} {'pass µs/doc':>11}")  # fmt: skip
    baseline = None
    for count in args.docs:
        pages = generate(count)
        best = min((measure(pages, rules) for _ in range(args.repeat)), key=lambda t: t.consistency)
        per_doc = best.consistency / count * 1e6
        baseline = baseline or per_doc
        print(
            f"{count:>7} {best.claims:>7} {best.findings:>8} {best.parse:>8.2f} {best.collect:>9.2f} "
            f"{best.check_site:>7.3f} {best.consistency:>7.2f} {per_doc:>11.0f}  (x{per_doc / baseline:.2f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
