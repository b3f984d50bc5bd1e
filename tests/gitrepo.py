"""Temporary git repositories for tests of git-aware features (diff base, pre-commit, CI recipes)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: Keeps the user's git configuration (signing, hooks, default branch) out of the tests.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Klint Test",
    "GIT_AUTHOR_EMAIL": "klint@example.org",
    "GIT_COMMITTER_NAME": "Klint Test",
    "GIT_COMMITTER_EMAIL": "klint@example.org",
}


def need_git() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


def git(repo: Path, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in ``repo`` with a neutral configuration."""
    return subprocess.run(
        ["git", *arguments],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=check,
    )


def make_repo(path: Path, files: dict[str, str]) -> Path:
    """A repository at ``path`` with ``files`` committed on branch main."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "--quiet", "--initial-branch=main")
    write(path, files)
    commit(path, "base")
    return path


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    """Commit everything and return the new HEAD."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "--message", message)
    return git(repo, "rev-parse", "HEAD").stdout.strip()
