"""The CI recipes: the example workflow files are valid YAML, and their klint commands are run here.

The commands are taken from docs/examples/*.yml, the CI variables replaced, and run through
the CLI in a temporary repository where a pull request adds a claim: the SARIF output must
validate against the SARIF 2.1.0 schema, the GitHub output must be workflow commands, the
JUnit output must be well-formed.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from klint.cli import main
from klint.model import Finding as KlintFinding
from klint.model import Location, Related, RunResult, Span
from klint.report import ReportOptions, get_reporter
from tests.gitrepo import commit, git, make_repo, need_git, write
from tests.helpers import SHARED

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-2.1.0.json"
GITHUB_COMMAND = re.compile(
    r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]+::\S.*$"
)

POST = "# Ketamine care\n\nOur ketamine program is a cure for depression.\n"
NEW_LINE = "\nSessions are 100% safe.\n"


def klint_commands(path: Path) -> list[str]:
    """The ``klint ...`` command lines of a GitHub workflow's steps or a GitLab job's scripts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines: list[str] = []
    for job in (data.get("jobs") or data).values():
        lines += [step["run"] for step in job.get("steps", []) if "run" in step]
        lines += job.get("before_script", []) + job.get("script", [])
    return [line for line in lines if line.startswith("klint ")]


def arguments(command: str, variables: dict[str, str]) -> list[str]:
    """The CLI arguments of a command line, CI variables substituted, shell plumbing cut off."""
    for name, value in variables.items():
        command = command.replace(name, value)
    words = shlex.split(command)
    for stop in (">", "||", "|", "&&"):
        if stop in words:
            words = words[: words.index(stop)]
    return words[1:]


@pytest.fixture
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A repository whose feature branch adds one claim to a post; and the base commit."""
    need_git()
    # The page's only document-level need here is off-label; medical-advice is switched off.
    repo = make_repo(
        tmp_path / "site", {"posts/post.md": POST, "klint.yaml": "ignore: [health-core.medical-advice]\n"}
    )
    base = git(repo, "rev-parse", "HEAD").stdout.strip()
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    git(repo, "switch", "--quiet", "--create", "feature")
    write(repo, {"posts/post.md": POST + NEW_LINE})
    commit(repo, "a new claim")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return repo, base


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().out


def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} is absent")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}  # this copy keeps the log's shape there
    return jsonschema.Draft7Validator(schema)


def assert_valid_sarif(log: dict[str, Any]) -> None:
    errors = [f"{list(error.path)}: {error.message}" for error in sarif_validator().iter_errors(log)]
    assert not errors, errors


def test_the_github_workflow_runs_as_the_tests_run_it(
    pull_request: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    workflow = EXAMPLES / "klint-github-workflow.yml"
    commands = [arguments(c, {"${{ github.base_ref }}": "main"}) for c in klint_commands(workflow)]
    assert commands == [
        ["check", "--diff-base", "origin/main", "--format", "sarif"],
        ["check", "--diff-base", "origin/main", "--format", "github"],
    ]
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["klint"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif@") for step in steps)

    status, out = run(capsys, commands[0])
    assert status == 1
    log = json.loads(out)
    assert_valid_sarif(log)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("health-core.off-label", 1),
        ("health-core.absolute-safety", 5),
    ]
    assert results[0]["fixes"][0]["properties"] == {"applicability": "safe"}

    status, out = run(capsys, commands[1])
    assert status == 1
    lines = out.splitlines()
    assert all(GITHUB_COMMAND.match(line) for line in lines), lines
    assert lines[1] == (
        "::error file=posts/post.md,line=5,col=14,endLine=5,endColumn=23,title=health-core.absolute-safety::"
        "'100%25 safe' promises total safety, which no treatment can. "
        "Describe the risks and how they are managed."
    )


def test_the_gitlab_job_runs_as_the_tests_run_it(
    pull_request: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, base = pull_request
    job = EXAMPLES / "klint-gitlab-ci.yml"
    commands = [arguments(c, {"$CI_MERGE_REQUEST_DIFF_BASE_SHA": base}) for c in klint_commands(job)]
    assert commands == [["check", "--diff-base", base, "--format", "junit"]]
    assert yaml.safe_load(job.read_text(encoding="utf-8"))["klint"]["artifacts"]["reports"] == {
        "junit": "klint-junit.xml"
    }
    status, out = run(capsys, commands[0])
    assert status == 1
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures")) == ("1", "1")
    failures = suite.findall("testcase/failure")
    assert [failure.get("type") for failure in failures] == [
        "health-core.off-label",
        "health-core.absolute-safety",
    ]


def test_the_guide_shows_the_example_files_verbatim() -> None:
    guide = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.S)
    for name in ("klint-github-workflow.yml", "klint-gitlab-ci.yml"):
        assert (EXAMPLES / name).read_text(encoding="utf-8") in blocks


def test_sarif_links_the_other_side_of_a_contradiction() -> None:
    where = Location(3, 1)
    finding = KlintFinding(
        path="posts/b.md",
        span=Span(0, 0),
        start=where,
        end=Location(3, 9),
        rule="site.fda-status",
        ruleset="site",
        category="contradiction",
        severity="error",
        message="Says [approved]; elsewhere not.",
        related=(Related("posts/a.md", where, Location(3, 20), "the earlier statement"),),
    )
    stream = io.StringIO()
    get_reporter("sarif")(RunResult([finding], [], 2, []), stream, ReportOptions())
    log = json.loads(stream.getvalue())
    assert_valid_sarif(log)
    (result,) = log["runs"][0]["results"]
    assert result["message"]["text"] == r"Says \[approved\]; elsewhere not. (see [the earlier statement](1))"
    assert result["relatedLocations"][0]["id"] == 1
