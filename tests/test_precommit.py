"""The pre-commit hooks, run for real: pre-commit installs klint from this checkout with pip.

Slow (the first test builds pre-commit's virtualenv, about 10 s) but part of the suite.
pre-commit clones the hook repository at a commit, so the tests commit a snapshot of the
checkout's current files (tracked and untracked, as git lists them) into a temporary
repository: they test the working tree, whatever is committed yet.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from klint.cli import build_parser
from tests.gitrepo import GIT_ENV, commit, git, make_repo, need_git, write

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BAD_DRAFT = "# Ketamine\n\nKetamine is a cure for depression.\n"
GOOD_DRAFT = "# Our clinic\n\nWe are open on weekdays from nine to five.\n"


def _pre_commit() -> list[str]:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed")
    return [found]


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A committed snapshot of the checkout, and its commit."""
    need_git()
    if not (ROOT / ".git").exists():
        pytest.skip("the checkout is not a git repository")
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout
    snapshot = tmp_path_factory.mktemp("klint-hooks")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    make_repo(snapshot, {})
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """pre-commit's store and klint's cache key in temporary folders, shared by this module's tests."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(home / "store"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "NO_COLOR": "1",
    }


def run(command: list[str], cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_hooks_file_declares_both_hooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(hook["id"], hook["entry"], hook["types_or"]) for hook in hooks] == [
        ("klint", "klint check", ["markdown"]),
        ("klint-fix", "klint check --fix", ["markdown"]),
    ]
    assert {(hook["language"], hook["require_serial"]) for hook in hooks} == {("python", True)}


def test_try_repo_blocks_a_bad_draft_and_passes_a_good_one(
    tmp_path: Path, hooks_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    site = make_repo(tmp_path / "site", {"README.md": GOOD_DRAFT})
    (site / "draft.md").write_text(BAD_DRAFT, encoding="utf-8")
    (site / "ok.md").write_text(GOOD_DRAFT, encoding="utf-8")
    try_repo = [*_pre_commit(), "try-repo", str(hooks_repo[0]), "klint", "--files"]
    bad = run([*try_repo, "draft.md"], site, environment)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "draft.md:3:15: error health-core.cure-claim 'cure' claims a cure" in bad.stdout
    good = run([*try_repo, "ok.md"], site, environment)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "klint" in good.stdout and "Passed" in good.stdout


def test_an_installed_hook_blocks_a_bad_commit(
    tmp_path: Path, hooks_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    snapshot, revision = hooks_repo
    config = {"repos": [{"repo": str(snapshot), "rev": revision, "hooks": [{"id": "klint"}]}]}
    site = make_repo(tmp_path / "site", {".pre-commit-config.yaml": yaml.safe_dump(config)})
    installed = run([*_pre_commit(), "install"], site, environment)
    assert installed.returncode == 0, installed.stderr
    (site / "posts").mkdir()
    (site / "posts" / "draft.md").write_text(BAD_DRAFT, encoding="utf-8")
    git(site, "add", "posts/draft.md")
    blocked = run(["git", "commit", "--message", "a new post"], site, environment)
    assert blocked.returncode != 0
    assert "posts/draft.md:3:15: error health-core.cure-claim" in blocked.stdout + blocked.stderr
    assert git(site, "log", "--format=%s").stdout.split("\n")[0] == "base"
    (site / "posts" / "draft.md").write_text(GOOD_DRAFT, encoding="utf-8")
    git(site, "add", "posts/draft.md")
    passed = run(["git", "commit", "--message", "a new post"], site, environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(site, "log", "--format=%s").stdout.split("\n")[0] == "a new post"


def test_a_staged_draft_is_compared_with_the_rest_of_the_site(
    tmp_path: Path, hooks_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    """pre-commit passes only the staged draft; the published article is read from the repository."""
    snapshot, revision = hooks_repo
    config = {"repos": [{"repo": str(snapshot), "rev": revision, "hooks": [{"id": "klint"}]}]}
    site = make_repo(
        tmp_path / "site",
        {
            ".pre-commit-config.yaml": yaml.safe_dump(config),
            "klint.yaml": "fail-on: warning\n",
            "posts/published.md": "# Ketamine side effects\n\nKetamine side effects are temporary.\n",
        },
    )
    assert run([*_pre_commit(), "install"], site, environment).returncode == 0
    draft = "# What to expect\n\nKetamine can cause permanent side effects after long courses.\n"
    write(site, {"posts/draft.md": draft})
    git(site, "add", "posts/draft.md")
    blocked = run(["git", "commit", "--message", "a new post"], site, environment)
    assert blocked.returncode != 0
    assert (
        "posts/draft.md:3:20: warning consistency.side-effect-duration How long side effects last: "
        "'permanent' contradicts 'temporary' (posts/published.md:3)."
    ) in blocked.stdout + blocked.stderr


def test_the_fix_hook_rewrites_the_draft(
    tmp_path: Path, hooks_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    if build_parser().parse_known_args(["check", "--fix"])[1]:
        pytest.skip("klint check has no --fix yet")
    draft = "# Ketamine\n\nKetamine infusions can ease depression for some patients.\n"
    site = make_repo(tmp_path / "site", {"draft.md": draft})
    (site / "draft.md").write_text(draft + "\nMore about our clinic.\n", encoding="utf-8")
    try_repo = [*_pre_commit(), "try-repo", str(hooks_repo[0]), "klint-fix", "--files", "draft.md"]
    first = run(try_repo, site, environment)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    fixed = (site / "draft.md").read_text(encoding="utf-8")
    assert fixed != draft + "\nMore about our clinic.\n" and "off-label" in fixed.lower()
    commit(site, "fixed")
    second = run(try_repo, site, environment)
    assert second.returncode == 0, second.stdout + second.stderr
