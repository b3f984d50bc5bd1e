"""``--jobs N`` reports exactly what a serial run reports, in the same order, cached or not."""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent import futures
from functools import partial
from pathlib import Path

import pytest

import klint.linter
import klint.loader
from klint.cli import main
from klint.config import Config
from klint.linter import Linter, load_rules
from klint.parallel import check_files

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

EXTRA = {
    "bad-front-matter.md": "---\ntitle: [unclosed\n---\n# Title\n",
    "binary.md": "# Title\n\x00\x01\x02",
    "suppressed.md": (
        "# Notes\n\n<!-- klint-disable-next-line health-core.cure-claim -->\n"
        "Ketamine is a cure for depression.\n\n<!-- klint-disable-next-line -->\nJust a plain line.\n"
    ),
    "empty.md": "",
}


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped examples many times over under varied names, plus files that fail to check."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = tmp_path / "corpus"
    for copy in range(6):
        for example in sorted(EXAMPLES.glob("*.md")):
            target = root / f"part{copy % 3}" / f"{copy}-{example.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(example, target)
    for name, text in EXTRA.items():
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def output(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    status = main(["check", "--format", "json", *arguments])
    return status, capsys.readouterr().out


def test_jobs_2_equals_jobs_1(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    serial = output(capsys, "--no-cache", "--jobs", "1")
    assert serial[0] == 2  # the unreadable files
    assert '"path": "binary.md"' in serial[1] and '"path": "bad-front-matter.md"' in serial[1]
    assert output(capsys, "--no-cache", "--jobs", "2") == serial
    assert output(capsys, "--jobs", "2") == serial  # cold cache, written by the workers
    assert output(capsys, "--jobs", "1") == serial  # warm cache


def test_a_warm_run_starts_no_workers(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = output(capsys, "--jobs", "2")
    monkeypatch.setattr(futures, "ProcessPoolExecutor", None)
    assert output(capsys, "--jobs", "2") == cold
    (corpus / "part0" / "0-balanced-article.md").write_text("# Changed\n\nIt is a cure.\n", encoding="utf-8")
    _, out = output(capsys, "--jobs", "2")  # one file to lint: no pool either
    assert '"path": "part0/0-balanced-article.md",\n      "line": 3' in out


def test_results_come_back_in_the_given_order(corpus: Path) -> None:
    config = Config()
    linter = Linter(config, load_rules(config))
    files = [(path, path.name) for path in sorted(corpus.rglob("*.md"), key=lambda p: p.name, reverse=True)]
    serial = check_files(linter, files, jobs=1)
    parallel = check_files(linter, files, jobs=2)
    assert [result.path for result in parallel] == [name for _, name in files]
    assert [(r.findings, r.error, r.collected) for r in parallel] == [
        (r.findings, r.error, r.collected) for r in serial
    ]


def _compile_again(*arguments: object) -> None:
    raise AssertionError("a worker compiled the rule sets again")


def test_workers_use_the_parents_rules(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config()
    linter = Linter(config, load_rules(config))
    files = [(path, path.name) for path in sorted(corpus.rglob("*.md"))]
    serial = check_files(linter, files, jobs=1)
    for module in (klint.loader, klint.linter):  # forked workers inherit the patches
        monkeypatch.setattr(module, "load_rulesets", _compile_again)
    parallel = check_files(linter, files, jobs=2)
    assert [(r.path, r.findings, r.error, r.collected) for r in parallel] == [
        (r.path, r.findings, r.error, r.collected) for r in serial
    ]


def test_spawned_workers_are_sent_the_compiled_rules(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where workers are spawned (macOS, Windows), the linter is pickled to them."""
    config = Config()
    linter = Linter(config, load_rules(config))
    files = [(path, path.name) for path in sorted(corpus.rglob("*.md"))[:8]]
    serial = check_files(linter, files, jobs=1)
    spawning = partial(futures.ProcessPoolExecutor, mp_context=multiprocessing.get_context("spawn"))
    monkeypatch.setattr(futures, "ProcessPoolExecutor", spawning)
    parallel = check_files(linter, files, jobs=2)
    assert [(r.path, r.findings, r.error, r.collected) for r in parallel] == [
        (r.path, r.findings, r.error, r.collected) for r in serial
    ]
