"""The command line: exit codes, JSON shape, unreadable files, stdin, explain, init."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from klint.cli import main

CLEAN = "# Plain notes\n\nWe are open on weekdays.\n"
BAD = "# Offer\n\nOur infusions have no side effects.\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_exit_0_when_clean(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", "clean.md")
    assert status == 0
    assert "Checked 1 file" in out


def test_exit_1_on_findings_and_json_shape(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", "--format", "json", ".")
    assert status == 1
    report = json.loads(out)
    assert report["version"] == 1 and report["files_checked"] == 2 and report["errors"] == []
    finding = next(f for f in report["findings"] if f["rule"] == "health-core.no-side-effects")
    assert {k: finding[k] for k in ("path", "line", "column", "end_line", "end_column", "category")} == {
        "path": "bad.md",
        "line": 3,
        "column": 20,
        "end_line": 3,
        "end_column": 35,
        "category": "absolute-claim",
    }
    assert finding["fix"]["applicability"] == "unsafe"
    assert finding["related"] == [] and finding["disclaimer"] is None


def test_fail_on_error_ignores_warnings(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (drafts / "warn.md").write_text("It is a safe option.\n", encoding="utf-8")
    assert _run(capsys, "check", "--fail-on", "error", "warn.md")[0] == 0
    assert _run(capsys, "check", "warn.md")[0] == 1


def test_unreadable_files_are_errors_and_the_rest_is_checked(
    drafts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (drafts / "binary.md").write_bytes(b"abc\x00def")
    (drafts / "latin1.md").write_bytes("caf\xe9\n".encode("latin-1"))
    (drafts / "frontmatter.md").write_text("---\ntitle: [oops\n---\nBody\n", encoding="utf-8")
    status, out, _ = _run(capsys, "check", "--format", "json", ".")
    report = json.loads(out)
    assert status == 2
    assert sorted((e["path"], e.get("line")) for e in report["errors"]) == [
        ("binary.md", 1),
        ("frontmatter.md", 2),
        ("latin1.md", 1),
    ]
    assert any(f["path"] == "bad.md" for f in report["findings"])
    assert report["files_checked"] == 5


def test_missing_path_and_bad_config_exit_2_with_one_line(
    drafts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "check", "nowhere.md")
    assert status == 2 and err.strip() == "klint: error: nowhere.md: no such file or folder"
    (drafts / "klint.yaml").write_text("fail-on: warning\nselct: [x]\n", encoding="utf-8")
    status, _, err = _run(capsys, "check", "clean.md")
    assert status == 2
    assert err.startswith(
        f"klint: error: {(drafts / 'klint.yaml').resolve()}:2: unknown configuration key 'selct'"
    )
    assert "Traceback" not in err


def test_unknown_selector_is_a_usage_error(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "check", "--select", "health-core.nope", "clean.md")
    assert status == 2 and "'health-core.nope' names no rule" in err


def test_select_and_ignore(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "check", "--ignore", "absolute-claim", "bad.md")[0] == 0
    assert _run(capsys, "check", "--select", "health-core.cure-claim", "bad.md")[0] == 0


def test_stdin_with_a_filename(drafts: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    status, out, _ = _run(capsys, "check", "--format", "concise", "--stdin-filename", "draft.md", "-")
    assert status == 1
    assert out.splitlines()[0].startswith("draft.md:3:20: health-core.no-side-effects")


def test_rules_explain_and_init(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "rules")
    assert status == 0 and "health-core.cure-claim" in out
    status, out, _ = _run(capsys, "explain", "health-core.cure-claim")
    assert status == 0 and "why:" in out and "flagged:" in out and "references:" in out
    assert _run(capsys, "explain", "nope.rule")[0] == 2
    assert _run(capsys, "init")[0] == 0
    assert (drafts / "klint.yaml").is_file()
    assert _run(capsys, "init")[0] == 2
    assert _run(capsys, "check", "clean.md")[0] == 0, "the starter config is valid"


def test_folders_honour_gitignore(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.system("git --version >/dev/null 2>&1") != 0:
        pytest.skip("git is not installed")
    os.system("git init -q .")
    (drafts / ".gitignore").write_text("bad.md\n", encoding="utf-8")
    status, out, _ = _run(capsys, "check", "--format", "json", ".")
    assert status == 0 and json.loads(out)["files_checked"] == 1


def test_check_reuses_the_compiled_rules_unless_no_cache(
    drafts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(drafts / "user-cache"))
    # the key stamps klint's files, which a checkout being edited may change mid-test
    monkeypatch.setattr("klint.rulecache._package_stamp", lambda: [("klint", 0, 0)])
    entries = drafts / "user-cache" / "klint"
    uncached = _run(capsys, "check", "--no-cache", "--format", "json", "bad.md")
    assert not list(entries.glob("rules-*.pickle"))
    assert _run(capsys, "check", "--format", "json", "bad.md") == uncached  # compiles, stores
    assert len(list(entries.glob("rules-*.pickle"))) == 1

    def compile_again(*arguments: object) -> None:
        raise AssertionError("the rule sets were compiled again")

    monkeypatch.setattr("klint.rulecache.load_rulesets", compile_again)
    (drafts / "bad.md").write_text(BAD + "\n", encoding="utf-8")  # a result-cache miss: the file is linted
    status, out, _ = _run(capsys, "check", "--format", "json", "bad.md")
    assert (status, out) == uncached[:2]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_the_command_exits_2_with_one_line_when_the_report_cannot_be_written(drafts: Path) -> None:
    """``python -m klint`` ends with a hard exit; a report it could not flush is still an error."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(drafts / "user-cache")}
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [sys.executable, "-m", "klint", "check", "--format", "json", "bad.md"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            check=False,
        )
    assert (run.returncode, run.stderr) == (
        2,
        "klint: error: could not write the report: No space left on device\n",
    )
    clean = subprocess.run(
        [sys.executable, "-m", "klint", "check", "clean.md"], capture_output=True, text=True, env=environment
    )
    assert (clean.returncode, clean.stdout.splitlines()[-1:]) == (0, ["Checked 1 file: no findings."])
