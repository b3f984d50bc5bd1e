"""Sites: grouping documents, and contradictions between the documents of one site, also
when only the changed file is checked (pre-commit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from klint.config import load_config
from klint.linter import Linter, load_rules
from klint.model import RunResult
from klint.runner import CheckOptions, run_check
from klint.sites import DEFAULT_SITE, matches, site_of

# -- grouping -----------------------------------------------------------------------------
FOLDERS = {"field": "brand", "folders": {"blog/**": "main", "partners/*.md": "partner"}}


@pytest.mark.parametrize(
    ("path", "front_matter", "settings", "site"),
    [
        ("a.md", {"site": "Clinic A"}, {}, "Clinic A"),
        ("a.md", {"site": "unknown"}, {}, "file:a.md"),
        ("a.md", {"site": " "}, {}, DEFAULT_SITE),
        ("a.md", {}, {}, DEFAULT_SITE),
        ("blog/2024/a.md", {}, FOLDERS, "main"),
        ("content/blog/a.md", {}, FOLDERS, "main"),
        ("partners/a.md", {}, FOLDERS, "partner"),
        ("partners/x/a.md", {}, FOLDERS, DEFAULT_SITE),
        ("blog/a.md", {"brand": "Other"}, FOLDERS, "Other"),
        ("blog/a.md", {"site": "Ignored"}, FOLDERS, "main"),
    ],
)
def test_site_of(path: str, front_matter: dict[str, str], settings: dict[str, object], site: str) -> None:
    assert site_of(path, front_matter, settings) == site


def test_globs_anchor_with_a_leading_slash() -> None:
    assert matches("../site/blog/a.md", "blog/*.md")
    assert not matches("site/blog/a.md", "/blog/*.md")
    assert matches("blog/a.md", "/blog/*.md")


# -- across documents -----------------------------------------------------------------------
PUBLISHED = """\
# What to expect

Relief usually comes within hours of the first infusion.

Most clinics schedule six infusions over two weeks.
"""
DRAFT = """\
# New draft

Ketamine takes several weeks to work.

We give infusions three times a week for two weeks.
"""
PARTNER = """\
---
site: partner
---
Ketamine takes several weeks to work.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "klint.yaml").write_text(
        'select: [consistency]\nsite:\n  folders:\n    "blog/**": main\n', encoding="utf-8"
    )
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "published.md").write_text(PUBLISHED, encoding="utf-8")
    (tmp_path / "blog" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "partner.md").write_text(PARTNER, encoding="utf-8")
    return tmp_path


def check(repo: Path, *paths: str) -> RunResult:
    config = load_config(repo / "klint.yaml")
    return run_check(
        config, load_rules(config), CheckOptions(paths=[Path(p) for p in paths], use_cache=False)
    )


def summary(run: RunResult) -> list[tuple[str, str, int, int, list[tuple[str, int]]]]:
    return [
        (f.path, f.rule, f.start.line, f.start.column, [(r.path, r.start.line) for r in f.related])
        for f in run.findings
    ]


def test_every_document_of_a_site_is_compared(repo: Path) -> None:
    run = check(repo, ".")
    assert summary(run) == [
        ("blog/draft.md", "consistency.onset", 3, 10, [("blog/published.md", 3)]),
        ("blog/published.md", "consistency.onset", 3, 22, [("blog/draft.md", 3)]),
    ]
    assert run.findings[0].message == (
        "How soon it works: 'takes several weeks to' contradicts 'within hours' (blog/published.md:3)."
    )


def test_a_draft_checked_alone_is_compared_with_the_published_site(repo: Path) -> None:
    run = check(repo, "blog/draft.md")
    assert run.files_checked == 1
    assert summary(run) == [("blog/draft.md", "consistency.onset", 3, 10, [("blog/published.md", 3)])]


def test_documents_of_other_sites_are_not_compared(repo: Path) -> None:
    assert summary(check(repo, "partner.md")) == []
    (repo / "blog" / "draft.md").write_text("---\nsite: unknown\n---\n" + DRAFT, encoding="utf-8")
    assert summary(check(repo, ".")) == []


def test_per_file_ignores_apply_to_site_findings(repo: Path) -> None:
    config_text = (repo / "klint.yaml").read_text(encoding="utf-8")
    config_text += 'per-file-ignores:\n  "blog/published.md": [consistency.onset]\n'
    (repo / "klint.yaml").write_text(config_text, encoding="utf-8")
    assert [row[0] for row in summary(check(repo, "."))] == ["blog/draft.md"]


def test_compared_documents_are_read_only_for_their_claims(repo: Path) -> None:
    config = load_config(repo / "klint.yaml")
    linter = Linter(config, load_rules(config))
    draft = linter.check_file(repo / "blog" / "draft.md", "blog/draft.md")
    published = linter.check_file(repo / "blog" / "published.md", "blog/published.md")
    run = linter.run([draft], context=[published])
    assert run.files_checked == 1
    assert [(f.path, f.start.line) for f in run.findings] == [("blog/draft.md", 3)]
    assert linter.run([draft]).findings == []


# -- suppressions ---------------------------------------------------------------------------
SUPPRESSED_DRAFT = """\
# New draft

<!-- klint-disable-next-line consistency.onset -->
Ketamine takes several weeks to work.

<!-- klint-disable-next-line consistency.onset -->
We give infusions three times a week for two weeks.
"""


@pytest.fixture
def reporting_unused(repo: Path) -> Path:
    """The repository with all of klint's own checks on: ``select`` would turn them off."""
    (repo / "klint.yaml").write_text(
        'rulesets: [consistency]\nsite:\n  folders:\n    "blog/**": main\n', encoding="utf-8"
    )
    return repo


def test_a_suppression_comment_hides_a_site_finding_and_counts_as_used(reporting_unused: Path) -> None:
    repo = reporting_unused
    (repo / "blog" / "draft.md").write_text(SUPPRESSED_DRAFT, encoding="utf-8")
    assert summary(check(repo, "blog/draft.md")) == [
        ("blog/draft.md", "klint.unused-suppression", 6, 1, []),
    ]
    assert summary(check(repo, ".")) == [
        ("blog/draft.md", "klint.unused-suppression", 6, 1, []),
        ("blog/published.md", "consistency.onset", 3, 22, [("blog/draft.md", 4)]),
    ]


def test_front_matter_disables_site_findings(repo: Path) -> None:
    disabled = "---\nklint:\n  disable: [contradiction]\n---\n" + DRAFT
    (repo / "blog" / "draft.md").write_text(disabled, encoding="utf-8")
    assert summary(check(repo, "blog/draft.md")) == []


def test_site_findings_stay_suppressed_on_a_cached_run(
    reporting_unused: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = reporting_unused
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo / "user-cache"))
    (repo / "blog" / "draft.md").write_text(SUPPRESSED_DRAFT, encoding="utf-8")
    config = load_config(repo / "klint.yaml")
    options = CheckOptions(paths=[Path("blog/draft.md")], use_cache=True)
    runs = [summary(run_check(config, load_rules(config), options)) for _ in range(2)]
    assert (repo / ".klint_cache").is_dir()
    assert runs[0] == runs[1] == [("blog/draft.md", "klint.unused-suppression", 6, 1, [])]
