"""--fix, --unsafe-fixes and --diff: exact text before and after, and files that are never lost."""

from __future__ import annotations

import codecs
import io
import os
import stat
from pathlib import Path

import pytest

from klint.cli import main
from klint.config import Config
from klint.fixes import NOT_CONVERGED, apply_edits, choose, fix_result
from klint.linter import Linter, load_rules
from klint.model import Edit, Location, Span
from klint.source import SourceText
from klint.writer import fix_files, unified_diff
from tests.helpers import lint_text, ruleset_linter

RULES = """\
ruleset: fixture
rules:
  - id: fixture.stimulating
    kind: term
    category: mechanism-error
    severity: error
    message: "Ketamine blocks NMDA receptors; '{match}' says the opposite."
    terms: [stimulating]
    suggest: [blocking]
    fix: safe
  - id: fixture.stimulates
    kind: term
    category: mechanism-error
    severity: error
    message: "Ketamine blocks NMDA receptors; '{match}' says the opposite."
    terms: [stimulates]
    suggest: [blocks]
    fix: safe
  - id: fixture.no-side-effects
    kind: term
    category: absolute-claim
    severity: error
    message: "'{match}' is an absolute claim."
    terms: [no side effects]
    suggest: [few side effects]
    fix: safe
  - id: fixture.side-effects
    kind: term
    category: style
    severity: info
    message: "Say 'adverse effects'."
    terms: [side effects]
    suggest: [adverse effects]
    fix: safe
  - id: fixture.miracle
    kind: term
    category: absolute-claim
    severity: error
    message: "'{match}' promises a cure."
    terms: [miracle cure]
    suggest: [promising treatment]
  - id: fixture.guarantee
    kind: term
    category: absolute-claim
    severity: error
    message: "'{match}' is a guarantee."
    terms: [guaranteed relief]
    suggest: [lasting relief, real relief]
  - id: fixture.approval
    kind: sentence
    category: false-regulatory-claim
    severity: error
    message: "Ketamine is not FDA-approved for depression."
    all: ['\\bFDA[- ]approved\\b', '\\bketamine\\b', '\\bdepression\\b']
    none: ['\\besketamine\\b']
    suggest: [used off-label]
  - id: fixture.crisis-line
    kind: required
    category: missing-disclaimer
    severity: error
    disclaimer: crisis-line
    message: "Mentions suicide but gives no crisis line."
    triggers: ['\\bsuicid\\w*']
    require: ['\\b988\\b']
    skip-reported: false
    insert: "If you are in crisis, call or text 988."
"""

CRISIS = "If you are in crisis, call or text 988."


@pytest.fixture
def linter(tmp_path: Path) -> Linter:
    return ruleset_linter(tmp_path, RULES)


def fixed(linter: Linter, text: str, unsafe: bool = False) -> str:
    outcome = fix_result(linter, linter.check_source(SourceText("doc.md", text)), unsafe)
    return outcome.text


# -- the text of fixes ------------------------------------------------------------------
def test_term_fix_keeps_the_markup_around_the_span(linter: Linter) -> None:
    before = "# Mechanism\n\nKetamine works by **stimulating** NMDA receptors.\n"
    assert fixed(linter, before) == "# Mechanism\n\nKetamine works by **blocking** NMDA receptors.\n"


def test_term_fix_keeps_case(linter: Linter) -> None:
    before = "Stimulating the receptor helps.\n\nIT STIMULATES THE RECEPTOR.\n\nIt stimulates it.\n"
    after = "Blocking the receptor helps.\n\nIT BLOCKS THE RECEPTOR.\n\nIt blocks it.\n"
    assert fixed(linter, before) == after


def test_a_fix_that_would_delete_markup_is_left_to_the_writer(linter: Linter) -> None:
    before = "Our infusions have no **side effects** at all.\n"
    assert fixed(linter, before) == before
    findings = lint_text(linter, before)
    assert [(f.rule, f.start.column) for f in findings] == [("fixture.no-side-effects", 20)]
    assert findings[0].fix is not None and findings[0].fix.applicability == "safe"


def test_unsafe_fixes_apply_only_with_the_flag(linter: Linter) -> None:
    before = "It is a miracle cure for low mood.\n"
    assert fixed(linter, before) == before
    assert fixed(linter, before, unsafe=True) == "It is a promising treatment for low mood.\n"


def test_a_choice_between_candidates_is_never_applied(linter: Linter) -> None:
    before = "Expect guaranteed relief within days.\n"
    assert fixed(linter, before, unsafe=True) == before


def test_sentence_fix(linter: Linter) -> None:
    before = "Intro.\n\nOur ketamine infusions are FDA-approved for depression.\n"
    after = "Intro.\n\nOur ketamine infusions are used off-label for depression.\n"
    assert fixed(linter, before) == before
    assert fixed(linter, before, unsafe=True) == after


def test_disclaimer_is_inserted_once_as_its_own_paragraph(linter: Linter) -> None:
    before = "# Care\n\nSome patients have suicidal thoughts.\n"
    assert fixed(linter, before) == f"# Care\n\nSome patients have suicidal thoughts.\n\n{CRISIS}\n"


def test_disclaimer_in_a_crlf_file_without_final_newline(linter: Linter) -> None:
    before = "# Care\r\n\r\nSome patients have suicidal thoughts."
    after = f"# Care\r\n\r\nSome patients have suicidal thoughts.\r\n\r\n{CRISIS}"
    assert fixed(linter, before) == after


def test_term_fix_in_a_crlf_file(linter: Linter) -> None:
    before = "Ketamine is\r\nstimulating NMDA receptors.\r\n"
    assert fixed(linter, before) == "Ketamine is\r\nblocking NMDA receptors.\r\n"


def test_overlapping_fixes_first_wins_and_the_other_is_found_again(linter: Linter) -> None:
    before = "Our infusions have no side effects.\n"
    first = linter.check_source(SourceText("doc.md", before))
    chosen = choose(first.findings, unsafe=False)
    assert [finding.rule for finding, _ in chosen] == ["fixture.no-side-effects"]
    outcome = fix_result(linter, first, unsafe=False)
    assert outcome.text == "Our infusions have few adverse effects.\n"
    assert [f.rule for f in outcome.applied] == ["fixture.no-side-effects", "fixture.side-effects"]
    assert outcome.result.findings == []


def test_adjacent_edits_conflict_and_disjoint_ones_apply_right_to_left() -> None:
    def edit(start: int, end: int, text: str) -> Edit:
        return Edit(Span(start, end), text, Location(1, start + 1), Location(1, end + 1))

    assert apply_edits("abc def ghi", [edit(0, 3, "ABCD"), edit(8, 11, "G")]) == "ABCD def G"
    assert apply_edits("a\r\nb", [edit(1, 1, "\nX")]) == "a\r\nX\r\nb"


def test_fixes_that_undo_each_other_stop_with_a_finding(tmp_path: Path) -> None:
    rules = """\
ruleset: loop
rules:
  - {id: loop.a, kind: term, message: m, terms: [alpha], suggest: [beta], fix: safe}
  - {id: loop.b, kind: term, message: m, terms: [beta], suggest: [alpha], fix: safe}
"""
    linter = ruleset_linter(tmp_path, rules)
    outcome = fix_result(linter, linter.check_source(SourceText("doc.md", "Say alpha.\n")), unsafe=False)
    assert not outcome.converged
    assert outcome.text == "Say beta.\n"
    assert [f.rule for f in outcome.result.findings] == ["loop.b", NOT_CONVERGED.id]


def test_an_organisation_text_that_misses_require_is_still_inserted_once(tmp_path: Path) -> None:
    org = "Need help now? Phone our 24-hour team on 0800 000 000."
    linter = ruleset_linter(tmp_path, RULES, disclaimers={"crisis-line": org})
    outcome = fix_result(linter, linter.check_source(SourceText("d.md", "Suicidal thoughts.\n")), False)
    assert outcome.converged
    assert outcome.text == f"Suicidal thoughts.\n\n{org}\n"


# -- the command line ----------------------------------------------------------------
@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "klint.yaml").write_text("rulesets: [rules.yaml]\n", encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["check", "--no-cache", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_diff_prints_changes_writes_nothing_and_exits_1(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Ketamine works by **stimulating** NMDA receptors.\nIt is calm."
    (folder / "a.md").write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "--diff", "a.md")
    assert status == 1
    assert out == (
        "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n"
        "-Ketamine works by **stimulating** NMDA receptors.\n"
        "+Ketamine works by **blocking** NMDA receptors.\n"
        " It is calm.\n\\ No newline at end of file\n"
    )
    assert "Would fix 1 finding in 1 file." in err
    assert (folder / "a.md").read_text(encoding="utf-8") == text


def test_diff_exits_0_when_nothing_would_change(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "a.md").write_text("It is a miracle cure.\n", encoding="utf-8")
    assert run(capsys, "--diff", "a.md")[:2] == (0, "")
    assert run(capsys, "--diff", "--unsafe-fixes", "a.md")[0] == 1


def test_fix_exit_status_follows_what_remains(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "a.md").write_text("It keeps stimulating receptors.\n", encoding="utf-8")
    (folder / "b.md").write_text("It is a miracle cure.\n", encoding="utf-8")
    status, out, _ = run(capsys, "--fix", "a.md")
    assert status == 0
    assert "fixed 1 finding in 1 file" in out
    assert (folder / "a.md").read_text(encoding="utf-8") == "It keeps blocking receptors.\n"
    status, out, _ = run(capsys, "--fix", "a.md", "b.md")
    assert status == 1
    assert "fixture.miracle" in out and "fixed" not in out


def test_fix_keeps_bom_crlf_missing_final_newline_and_mode(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "a.md"
    path.write_bytes(codecs.BOM_UTF8 + b"# Care\r\n\r\nSuicidal thoughts are stimulating.")
    path.chmod(0o640)
    assert run(capsys, "--fix", "a.md")[0] == 0
    assert path.read_bytes() == codecs.BOM_UTF8 + (
        b"# Care\r\n\r\nSuicidal thoughts are blocking.\r\n\r\n" + CRISIS.encode()
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "klint.yaml", "rules.yaml"]


def test_configured_disclaimer_goes_before_the_footer(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "klint.yaml").write_text(
        "rulesets: [rules.yaml]\n"
        "disclaimers:\n  crisis-line: 'In crisis? Call or text 988, day or night.'\n"
        "disclaimer-before: ['^Written by']\n",
        encoding="utf-8",
    )
    (folder / "a.md").write_text(
        "---\ntitle: Written by hand\n---\nSuicidal thoughts need care.\nWritten by Dr. Lee\n",
        encoding="utf-8",
    )
    assert run(capsys, "--fix", "a.md")[0] == 0
    assert (folder / "a.md").read_text(encoding="utf-8") == (
        "---\ntitle: Written by hand\n---\nSuicidal thoughts need care.\n\n"
        "In crisis? Call or text 988, day or night.\n\nWritten by Dr. Lee\n"
    )


def test_fix_on_stdin_writes_the_document_to_stdout(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"It keeps stimulating receptors.\r\nIt is a miracle cure.\r\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, out, err = run(capsys, "--fix", "-")
    assert status == 1
    assert out == "It keeps blocking receptors.\r\nIt is a miracle cure.\r\n"
    assert "fixture.miracle" in err and "fixed 1 finding in 1 file" in err


def test_a_read_only_file_is_an_error_and_the_others_are_fixed(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked, other = folder / "locked.md", folder / "other.md"
    locked.write_text("It keeps stimulating receptors.\n", encoding="utf-8")
    other.write_text("It keeps stimulating receptors.\n", encoding="utf-8")
    locked.chmod(0o444)
    status, out, _ = run(capsys, "--fix", ".")
    assert status == 2
    assert "locked.md: error: the file is read-only; not fixed" in out
    assert locked.read_text(encoding="utf-8") == "It keeps stimulating receptors.\n"
    assert other.read_text(encoding="utf-8") == "It keeps blocking receptors.\n"


def test_a_failed_write_leaves_the_file_and_no_temporary(
    folder: Path, linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "a.md"
    path.write_text("It keeps stimulating receptors.\n", encoding="utf-8")
    first = linter.check_file(path, "a.md")

    def full_disk(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    done = fix_files(linter, [(first, path)], unsafe=False, diff=False, out=io.StringIO())
    error = done.results[0].error
    assert error is not None and error.path == "a.md"
    assert error.message == "could not write the fixes (no space left on device); the file is unchanged"
    assert done.fixed == {}
    assert path.read_text(encoding="utf-8") == "It keeps stimulating receptors.\n"
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "klint.yaml", "rules.yaml"]


def test_a_file_changed_on_disk_since_it_was_read_is_not_fixed(folder: Path, linter: Linter) -> None:
    path = folder / "a.md"
    path.write_text("It keeps stimulating receptors.\n", encoding="utf-8")
    first = linter.check_file(path, "a.md")
    path.write_text("It keeps stimulating receptors. New words.\n", encoding="utf-8")
    done = fix_files(linter, [(first, path)], unsafe=False, diff=False, out=io.StringIO())
    error = done.results[0].error
    assert error is not None
    assert error.message == "changed on disk since klint read it; not fixed (run klint again)"
    assert path.read_text(encoding="utf-8") == "It keeps stimulating receptors. New words.\n"


def test_a_symbolic_link_stays_a_link(folder: Path, linter: Linter) -> None:
    real = folder / "real.md"
    real.write_text("It keeps stimulating receptors.\n", encoding="utf-8")
    link = folder / "link.md"
    link.symlink_to(real)
    done = fix_files(
        linter, [(linter.check_file(link, "link.md"), link)], unsafe=False, diff=False, out=io.StringIO()
    )
    assert done.fixed == {"link.md": 1}
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "It keeps blocking receptors.\n"


def test_health_core_unsafe_fix() -> None:
    config = Config()
    linter = Linter(config, load_rules(config))
    before = "# Offer\n\nOur infusions have no side effects.\n"
    assert fixed(linter, before) == before
    assert fixed(linter, before, unsafe=True) == "# Offer\n\nOur infusions have few side effects.\n"


def test_unified_diff_of_crlf_lines() -> None:
    assert unified_diff("x.md", "a\r\nb\r\n", "a\r\nc\r\n") == (
        "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n"
    )
