"""The result cache: warm runs parse nothing, any change that matters invalidates, damage is harmless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import klint.linter
from klint.cache import ResultCache
from klint.cli import main
from klint.config import Config
from klint.linter import TIMEOUT_RULE, FileResult, Linter, load_rules
from klint.markdown import parse
from klint.model import Finding, Location, Span

Capsys = pytest.CaptureFixture[str]

POST = "# Ketamine care\n\nOur ketamine program is a cure for depression.\n"
ABOUT = "# About us\n\nInfusions are completely risk-free.\n"
RULESET = """\
ruleset: house
rules:
  - id: house.miracle
    kind: term
    category: absolute-claim
    severity: warning
    message: "'{match}' is a word we avoid."
    terms: [miracle]
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two documents in a folder of their own; the signing key lives in the test's tmp folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = tmp_path / "site"
    root.mkdir()
    (root / "post.md").write_text(POST, encoding="utf-8")
    (root / "about.md").write_text(ABOUT, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the linter parses (a cache hit parses nothing)."""
    paths: list[str] = []

    def counting_parse(text: str, path: str) -> object:
        paths.append(path)
        return parse(text, path)

    monkeypatch.setattr(klint.linter, "parse", counting_parse)
    return paths


def run(capsys: Capsys, *arguments: str) -> tuple[int, str]:
    status = main(["check", "--format", "concise", *arguments])
    return status, capsys.readouterr().out


def entries(site: Path) -> list[Path]:
    return sorted((site / ".klint_cache").glob("*.entry"))


def test_a_warm_run_parses_nothing_and_reports_the_same(
    site: Path, parsed: list[str], capsys: Capsys
) -> None:
    cold = run(capsys)
    assert sorted(parsed) == ["about.md", "post.md"]
    assert len(entries(site)) == 2
    assert (site / ".klint_cache" / ".gitignore").read_text(encoding="utf-8").endswith("\n*\n")
    parsed.clear()
    assert run(capsys) == cold
    assert parsed == []
    assert cold[0] == 1 and "post.md:3:27: health-core.cure-claim [error]" in cold[1]


def test_an_edited_file_is_checked_again(site: Path, parsed: list[str], capsys: Capsys) -> None:
    run(capsys)
    parsed.clear()
    (site / "post.md").write_text(POST.replace("a cure for", "a help with"), encoding="utf-8")
    _, out = run(capsys)
    assert parsed == ["post.md"]
    assert "cure-claim" not in out and "about.md:3:15: health-core.absolute-safety" in out


def test_changed_rules_or_configuration_invalidate(site: Path, parsed: list[str], capsys: Capsys) -> None:
    (site / "house.yaml").write_text(RULESET, encoding="utf-8")
    run(capsys, "--ruleset", "house.yaml")
    parsed.clear()
    (site / "house.yaml").write_text(RULESET.replace("a word we avoid", "a word to avoid"), encoding="utf-8")
    run(capsys, "--ruleset", "house.yaml")
    assert sorted(parsed) == ["about.md", "post.md"]
    parsed.clear()
    (site / "klint.yaml").write_text("severity: {health-core.cure-claim: info}\n", encoding="utf-8")
    status, out = run(capsys)
    assert sorted(parsed) == ["about.md", "post.md"]
    assert "post.md:3:27: health-core.cure-claim [info]" in out
    parsed.clear()
    assert run(capsys) == (status, out)
    assert parsed == []


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_damaged_entry_is_ignored_and_rebuilt(
    site: Path, parsed: list[str], capsys: Capsys, damage: str
) -> None:
    cold = run(capsys)
    for entry in entries(site):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if damage == "truncate" else b"\x00not a cache entry")
    parsed.clear()
    assert run(capsys) == cold
    assert sorted(parsed) == ["about.md", "post.md"]
    parsed.clear()
    assert run(capsys) == cold
    assert parsed == []


def test_an_entry_signed_with_another_key_is_ignored(site: Path, capsys: Capsys) -> None:
    """A .klint_cache committed to a repository can neither hide findings nor run code."""
    config = Config(root=site)
    genuine = ResultCache.open(config, load_rules(config))
    assert genuine is not None
    forger = ResultCache(genuine.folder, genuine.run_key, bytes(32))
    forger.store("post.md", POST.encode(), FileResult("post.md", []))
    assert genuine.lookup("post.md", POST.encode()) is None
    assert "post.md:3:27: health-core.cure-claim" in run(capsys)[1]


def test_no_cache_writes_nothing(site: Path, parsed: list[str], capsys: Capsys) -> None:
    run(capsys, "--no-cache")
    run(capsys, "--no-cache")
    assert len(parsed) == 4
    assert not (site / ".klint_cache").exists()


def test_cache_dir_from_the_configuration(site: Path, capsys: Capsys) -> None:
    (site / "klint.yaml").write_text("cache-dir: build/klint\n", encoding="utf-8")
    run(capsys)
    assert len(list((site / "build" / "klint").glob("*.entry"))) == 2
    assert not (site / ".klint_cache").exists()


def test_a_timed_out_rule_is_not_cached(site: Path) -> None:
    config = Config(root=site)
    cache = ResultCache.open(config, load_rules(config))
    assert cache is not None
    finding = Finding(
        "post.md",
        Span(0, 0),
        Location(1, 1),
        Location(1, 1),
        TIMEOUT_RULE.id,
        "klint",
        "style",
        "warning",
        "m",
    )
    cache.store("post.md", b"x", FileResult("post.md", [finding]))
    assert cache.lookup("post.md", b"x") is None
    cache.store("post.md", b"x", FileResult("post.md", []))
    hit = cache.lookup("post.md", b"x")
    assert hit is not None and hit.findings == [] and hit.source is not None
    assert cache.lookup("post.md", b"y") is None
    assert cache.lookup("other.md", b"x") is None


def test_site_rule_data_is_cached(site: Path) -> None:
    config = Config(root=site)
    rules = load_rules(config)
    cache = ResultCache.open(config, rules)
    assert cache is not None
    result = Linter(config, rules).check_bytes(POST.encode(), "post.md")
    result.collected["x.site-rule"] = {"claims": [("ketamine", 3)]}
    cache.store("post.md", POST.encode(), result)
    hit = cache.lookup("post.md", POST.encode())
    assert hit is not None
    assert (hit.findings, hit.error, hit.collected) == (result.findings, None, result.collected)


def test_concurrent_runs_share_the_cache(site: Path) -> None:
    for number in range(40):
        (site / f"doc{number:02}.md").write_text(POST * (number % 3 + 1), encoding="utf-8")
    command = [sys.executable, "-m", "klint", "check", "--format", "concise", "."]
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    runs = [subprocess.Popen(command, cwd=site, env=environment, stdout=subprocess.PIPE) for _ in range(3)]
    outputs = {process.communicate(timeout=300)[0] for process in runs}
    assert len(outputs) == 1
    after = subprocess.run(command, cwd=site, env=environment, capture_output=True, check=False)
    assert {after.stdout} == outputs
    assert len(entries(site)) == 42
    assert not list((site / ".klint_cache").glob(".tmp-*"))


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes as a name")
def test_a_file_name_that_is_not_utf8_is_cached(site: Path, parsed: list[str], capsys: Capsys) -> None:
    (site / os.fsdecode(b"caf\xe9.md")).write_text(POST, encoding="utf-8")
    run(capsys)
    parsed.clear()
    run(capsys)
    assert parsed == []
    assert len(entries(site)) == 3
