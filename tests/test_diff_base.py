"""``--diff-base REF`` in a real git repository: only what a change adds is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from klint.cli import main
from klint.gitdiff import ChangedLines, changed_lines, only_changed, parse_diff
from klint.model import Finding, Location, Related, Span
from tests.gitrepo import commit, git, make_repo, need_git, write

POST = """\
# Ketamine care

Our ketamine program is a cure for depression.

We explain the risks at every visit.
"""

# Two findings of the shipped rules: health-core.cure-claim at 3:27 and the document-level
# health-core.off-label at 1:1.
OLD_FINDINGS = {("post.md", 1, 1, "health-core.off-label"), ("post.md", 3, 27, "health-core.cure-claim")}

PUBLISHED = "# Ketamine side effects\n\nKetamine side effects are temporary.\n"

UNTOUCHED = """\
# About our clinic

Infusions are completely risk-free.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    need_git()
    root = make_repo(tmp_path / "site", {"post.md": POST, "about.md": UNTOUCHED})
    monkeypatch.chdir(root)
    return root


def check(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, set[tuple[str, int, int, str]]]:
    # medical-advice would join off-label as a second document-level finding; one is enough here.
    status = main(
        ["check", "--no-cache", "--format", "json", "--ignore", "health-core.medical-advice", *arguments]
    )
    out = json.loads(capsys.readouterr().out)
    return status, {(f["path"], f["line"], f["column"], f["rule"]) for f in out["findings"]}


def test_without_changes_nothing_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, "--diff-base", "HEAD") == (0, set())
    status, everything = check(capsys)
    assert status == 1
    assert everything == OLD_FINDINGS | {("about.md", 3, 15, "health-core.absolute-safety")}


def test_only_added_lines_and_document_findings_of_changed_files(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, {"post.md": POST + "\nSessions are 100% safe.\n"})
    expected = {("post.md", 1, 1, "health-core.off-label"), ("post.md", 7, 14, "health-core.absolute-safety")}
    assert check(capsys, "--diff-base", "HEAD") == (1, expected)
    # committed changes count the same as changes in the work tree
    commit(repo, "more copy")
    assert check(capsys, "--diff-base", "HEAD~1") == (1, expected)
    assert check(capsys, "--diff-base", "HEAD", "post.md") == (0, set())


def test_a_changed_line_reports_its_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"post.md": POST.replace("a cure for depression", "a cure for anxiety")})
    assert check(capsys, "--diff-base", "HEAD", ".") == (1, OLD_FINDINGS)


def test_untracked_files_count_as_changed_throughout(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"drafts/new.md": UNTOUCHED})
    assert check(capsys, "--diff-base", "HEAD") == (
        1,
        {("drafts/new.md", 3, 15, "health-core.absolute-safety")},
    )


def test_a_deleted_line_marks_the_lines_around_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"careful.md": "# Ketamine\n\nKetamine is\nnot\na miracle cure for depression.\n"})
    commit(repo, "careful wording")
    write(repo, {"careful.md": "# Ketamine\n\nKetamine is\na miracle cure for depression.\n"})
    status, found = check(capsys, "--diff-base", "HEAD", "careful.md")
    assert (status, {rule for *_, rule in found}) == (1, {"health-core.cure-claim", "health-core.off-label"})
    assert ("careful.md", 4, 3, "health-core.cure-claim") in found


def test_what_the_base_branch_gained_since_is_not_a_change(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "switch", "--quiet", "--create", "feature")
    write(repo, {"post.md": POST + "\nSessions are 100% safe.\n"})
    commit(repo, "feature copy")
    git(repo, "switch", "--quiet", "main")
    write(repo, {"about.md": UNTOUCHED.replace("\n\n", "\n\nA line added on main.\n\n", 1)})
    commit(repo, "main moves on")
    git(repo, "switch", "--quiet", "feature")
    expected = {("post.md", 1, 1, "health-core.off-label"), ("post.md", 7, 14, "health-core.absolute-safety")}
    assert check(capsys, "--diff-base", "main") == (1, expected)


def test_a_new_draft_contradicting_a_published_post_reports_both_sides(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, {"klint.yaml": "fail-on: warning\n", "posts/published.md": PUBLISHED})
    commit(repo, "published")
    write(repo, {"posts/draft.md": "# What to expect\n\nKetamine can cause permanent side effects.\n"})
    assert check(capsys, "--diff-base", "HEAD") == (
        1,
        {
            ("posts/draft.md", 3, 20, "consistency.side-effect-duration"),
            ("posts/published.md", 3, 27, "consistency.side-effect-duration"),
        },
    )
    assert check(capsys, "--diff-base", "HEAD", "posts/draft.md") == (
        1,
        {("posts/draft.md", 3, 20, "consistency.side-effect-duration")},
    )


def test_an_unknown_base_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--diff-base", "no-such-branch"]) == 2
    assert "'no-such-branch' is not a commit git knows here" in capsys.readouterr().err


def test_outside_a_work_tree_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    need_git()
    (tmp_path / "a.md").write_text(UNTOUCHED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["check", "--no-cache", "--diff-base", "HEAD", "a.md"]) == 2
    assert "--diff-base: git rev-parse failed" in capsys.readouterr().err


def test_parse_diff_hunks_and_quoted_names() -> None:
    diff = [
        "diff --git a/posts/a.md b/posts/a.md",
        "--- a/posts/a.md",
        "+++ b/posts/a.md",
        "@@ -3 +3 @@ heading",
        "-old",
        "+new",
        "@@ -10,0 +11,2 @@",
        "+++ added line that looks like a header",
        "+second",
        "@@ -20,2 +21,0 @@",
        "-gone",
        "-gone too",
        "\\ No newline at end of file",
        "diff --git a/new.md b/new.md",
        "new file mode 100644",
        "--- /dev/null",
        '+++ "b/caf\\303\\251 \\"x\\".md"',
        "@@ -0,0 +1 @@",
        "+--- not a header either",
        "diff --git a/old.md b/old.md",
        "--- a/old.md",
        "+++ /dev/null",
        "@@ -1,2 +0,0 @@",
        "-one",
        "-two",
    ]
    assert parse_diff(diff) == {
        "posts/a.md": frozenset({3, 11, 12, 21, 22}),
        'café "x".md': frozenset({1}),
    }


def _finding(path: str, line: int, related: tuple[tuple[str, int], ...] = ()) -> Finding:
    return Finding(
        path=path,
        span=Span(0, 0),
        start=Location(line, 5),
        end=Location(line, 9),
        rule="x.contradiction",
        ruleset="x",
        category="contradiction",
        severity="error",
        message="m",
        related=tuple(Related(p, Location(n, 1), Location(n, 4), "other side") for p, n in related),
    )


def test_contradictions_count_when_either_side_changed(tmp_path: Path) -> None:
    changes = ChangedLines(tmp_path, {"b.md": frozenset({7})}, frozenset())
    old_pair = _finding(str(tmp_path / "a.md"), 2, ((str(tmp_path / "b.md"), 3),))
    new_other_side = _finding(str(tmp_path / "a.md"), 2, ((str(tmp_path / "b.md"), 7),))
    new_statement = _finding(str(tmp_path / "b.md"), 7, ((str(tmp_path / "a.md"), 2),))
    outside = _finding(str(tmp_path.parent / "elsewhere.md"), 1)
    kept = only_changed([old_pair, new_other_side, new_statement, outside], changes)
    assert kept == [new_other_side, new_statement, outside]


def test_git_is_asked_about_the_given_paths_only(repo: Path) -> None:
    write(repo, {"post.md": POST + "\nMore.\n", "about.md": UNTOUCHED + "\nMore.\n"})
    assert git(repo, "status", "--porcelain").stdout.split() == ["M", "about.md", "M", "post.md"]
    changes = changed_lines("HEAD", [Path("post.md")])
    assert changes.lines == {"post.md": frozenset({6, 7})}
