"""Baselines: reflowing or moving copy keeps findings hidden; new or reworded claims are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from klint.baseline import Entry, normalise, read_baseline
from klint.cli import main

POST = """\
# Ketamine care

Our ketamine program is a cure for depression. We explain the risks
at every visit.

Infusions are completely risk-free.
"""

REFLOWED = """\
# Ketamine care

A short introduction that makes no claim at all.

Our ketamine program is a
cure for   depression.
We explain the risks at every visit.

Infusions are completely risk-free.
"""

MOVED = """\
# Ketamine care

Infusions are completely risk-free.

Our ketamine program is a cure for depression. We explain the risks
at every visit.
"""

Capsys = pytest.CaptureFixture[str]

BASELINE = {
    "version": 1,
    "findings": [
        {"path": "posts/post.md", "rule": "health-core.absolute-safety", "count": 1,
         "text": "infusions are completely risk-free."},
        {"path": "posts/post.md", "rule": "health-core.cure-claim", "count": 1,
         "text": "our ketamine program is a cure for depression."},
        {"path": "posts/post.md", "rule": "health-core.off-label", "count": 1,
         "text": "health-core.off-label"},
    ],
}  # fmt: skip


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "post.md").write_text(POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: Capsys, *arguments: str) -> tuple[int, list[tuple[int, int, str]], str]:
    """Exit status, (line, column, rule) of each finding, and the text summary line."""
    # One document-level finding (off-label) is enough here; medical-advice would be a second.
    pinned = ["--no-cache", "--ignore", "health-core.medical-advice"]
    status = main(["check", *pinned, "--format", "json", *arguments])
    found = [(f["line"], f["column"], f["rule"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    main(["check", *pinned, *arguments])
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    return status, found, summary


def edit(site: Path, text: str) -> None:
    (site / "posts" / "post.md").write_text(text, encoding="utf-8")


def test_write_baseline_records_sorted_counted_entries(site: Path, capsys: Capsys) -> None:
    status, found, summary = check(capsys, "--write-baseline", "klint-baseline.json")
    assert (status, found) == (0, [])
    assert summary == "Checked 1 file: no findings; 3 hidden by the baseline."
    written = (site / "klint-baseline.json").read_text(encoding="utf-8")
    assert json.loads(written) == BASELINE
    edit(site, REFLOWED)
    check(capsys, "--write-baseline", "klint-baseline.json")
    assert (site / "klint-baseline.json").read_text(encoding="utf-8") == written  # no churn


def test_reflowed_and_moved_paragraphs_stay_baselined(site: Path, capsys: Capsys) -> None:
    (site / "base.json").write_text(json.dumps(BASELINE), encoding="utf-8")
    for text in (REFLOWED, MOVED):
        edit(site, text)
        status, found, summary = check(capsys, "--baseline", "base.json")
        assert (status, found) == (0, [])
        assert summary == "Checked 1 file: no findings; 3 hidden by the baseline."


def test_a_reworded_claim_is_reported_and_its_old_entry_fixed(site: Path, capsys: Capsys) -> None:
    (site / "base.json").write_text(json.dumps(BASELINE), encoding="utf-8")
    edit(site, POST.replace("a cure for depression", "a cure for anxiety"))
    status, found, summary = check(capsys, "--baseline", "base.json")
    assert (status, found) == (1, [(3, 27, "health-core.cure-claim")])
    assert summary.endswith("2 hidden by the baseline; 1 baseline entry no longer found.")


def test_a_removed_finding_counts_as_fixed(site: Path, capsys: Capsys) -> None:
    (site / "base.json").write_text(json.dumps(BASELINE), encoding="utf-8")
    edit(site, POST.replace("Infusions are completely risk-free.", "Infusions are generally well tolerated."))
    status, found, summary = check(capsys, "--baseline", "base.json")
    assert (status, found) == (0, [])
    assert summary == (
        "Checked 1 file: no findings; 2 hidden by the baseline; 1 baseline entry no longer found."
    )
    main(
        [
            "check",
            "--no-cache",
            "--ignore",
            "health-core.medical-advice",
            "--format",
            "json",
            "--baseline",
            "base.json",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert (report["baselined"], report["baseline_fixed"]) == (2, 1)


def test_a_second_copy_of_a_baselined_claim_is_new(site: Path, capsys: Capsys) -> None:
    (site / "base.json").write_text(json.dumps(BASELINE), encoding="utf-8")
    edit(site, POST + "\nInfusions are completely   risk-free.\n")
    status, found, _ = check(capsys, "--baseline", "base.json")
    assert (status, found) == (1, [(8, 15, "health-core.absolute-safety")])


def test_entries_of_files_not_checked_are_not_fixed(site: Path, capsys: Capsys) -> None:
    (site / "posts" / "other.md").write_text("# Other\n\nIt is completely risk-free.\n", encoding="utf-8")
    check(capsys, "--write-baseline", "base.json")
    (site / "posts" / "other.md").unlink()
    (site / "posts" / "new.md").write_text("# New\n\nNothing to see.\n", encoding="utf-8")
    assert check(capsys, "--baseline", "base.json", "posts/new.md")[2] == "Checked 1 file: no findings."


def test_paths_are_relative_to_the_baseline_file(site: Path, capsys: Capsys) -> None:
    (site / "base.json").write_text(json.dumps(BASELINE), encoding="utf-8")
    status, found, _ = check(capsys, "--baseline", str(site / "base.json"), str(site / "posts"))
    assert (status, found) == (0, [])
    assert json.loads((site / "base.json").read_text(encoding="utf-8")) == BASELINE


def test_normalise_ignores_case_spacing_and_curly_quotes() -> None:
    assert normalise("  It\u2019s  a \u201cCure\u201d\n for\u00a0ALL. ") == 'it\'s a "cure" for all.'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "baseline is not valid JSON"),
        ('{"version": 2, "findings": []}', "not a klint baseline of version 1"),
        (
            '{"version": 1, "findings": [{"path": "a.md"}]}',
            "baseline entry 1 needs path, rule, text and count",
        ),
    ],
)
def test_a_bad_baseline_is_a_usage_error(site: Path, capsys: Capsys, text: str, message: str) -> None:
    (site / "base.json").write_text(text, encoding="utf-8")
    assert main(["check", "--no-cache", "--baseline", "base.json"]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_baseline_names_the_way_to_create_it(site: Path, capsys: Capsys) -> None:
    assert main(["check", "--no-cache", "--baseline", "nope.json"]) == 2
    assert "nope.json: baseline file not found (create it with --write-baseline)" in capsys.readouterr().err


def test_read_baseline_counts_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    entry = {"path": "a.md", "rule": "r", "text": "t"}
    path.write_text(json.dumps({"version": 1, "findings": [{**entry, "count": 2}, entry]}), encoding="utf-8")
    assert read_baseline(path) == {Entry("a.md", "r", "t"): 3}
