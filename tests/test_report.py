"""Reporters format a RunResult built by hand: exact output per format, escaping, schema validity."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klint.model import Edit, FileError, Finding, Fix, Location, Related, RuleInfo, RunResult, Span
from klint.report import REPORTERS, ReportOptions, get_reporter
from klint.report.sarif import artifact_uri
from klint.report.text import excerpt
from klint.yamlfile import KlintError

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-2.1.0.json"

# Line 4 ends in CRLF, line 5 holds a form feed (str.splitlines would split there) and ends in CR.
SOURCE_A = (
    "---\ntitle: Myths\n---\n"
    "Ketamine works by stimulating NMDA receptors.\r\n"
    "It has no side effects.\x0cReally.\r"
    "Results are 100% guaranteed.\n"
)
SOURCE_B = "# B\nKetamine is FDA-approved for depression.\n"


def make(path: str, start: tuple[int, int], end: tuple[int, int], rule: str, **extra: object) -> Finding:
    fields: dict[str, object] = {
        "severity": "warning",
        "category": "absolute-claim",
        "message": "a message",
        **extra,
    }
    return Finding(
        path=path,
        span=Span(0, 0),
        start=Location(*start),
        end=Location(*end),
        rule=rule,
        ruleset=rule.split(".")[0],
        **fields,  # type: ignore[arg-type]
    )


def edit(start: tuple[int, int], end: tuple[int, int], replacement: str) -> Edit:
    return Edit(Span(0, 0), replacement, Location(*start), Location(*end))


NMDA_FIX = Fix("safe", "replace 'stimulating' with 'blocking'", (edit((4, 19), (4, 30), "blocking"),))
FEW_FIX = Fix("unsafe", "replace 'no side effects' with 'few side effects'", (edit((5, 8), (5, 23), "few"),))
MILD_FIX = Fix(
    "unsafe", "replace 'no side effects' with 'mild side effects'", (edit((5, 8), (5, 23), "mild"),)
)
NMDA_RULE = RuleInfo(
    id="ketamine.nmda-action",
    kind="sentence",
    ruleset="ketamine",
    category="mechanism-error",
    severity="error",
    message="Ketamine blocks (antagonises) NMDA receptors; it does not {verb} them.",
    rationale="Ketamine is an NMDA receptor antagonist.",
    references=("https://example.org/ketamine",),
    examples_bad=("Ketamine stimulates NMDA receptors.",),
    examples_good=("Ketamine blocks NMDA receptors.",),
)


def sample(**changes: object) -> RunResult:
    findings = [
        make(
            "posts/a.md",
            (5, 8),
            (5, 23),
            "health.no-side-effects",
            message="'no side effects' is an absolute claim.",
            fix=FEW_FIX,
            suggestions=(MILD_FIX,),
        ),
        make(
            "posts/b.md",
            (2, 1),
            (2, 9),
            "health.fda-contradiction",
            severity="error",
            category="contradiction",
            message="Contradicts another statement.",
            related=(Related("posts/a.md", Location(4, 1), Location(4, 9), "the other statement"),),
        ),
        make(
            "posts/a.md",
            (4, 19),
            (4, 30),
            "ketamine.nmda-action",
            severity="error",
            category="mechanism-error",
            message="Ketamine blocks NMDA receptors.",
            fix=NMDA_FIX,
            context="ketamine works by stimulating nmda receptors.",
        ),
        make("posts/a.md", (6, 13), (6, 28), "health.guarantee", message="'100% guaranteed' is a guarantee."),
        make(
            "posts/a.md",
            (1, 1),
            (1, 1),
            "disclaimers.crisis-line",
            severity="info",
            category="missing-disclaimer",
            message="Add a crisis line.",
            disclaimer="crisis-line",
        ),
    ]
    result = RunResult(
        findings=findings,
        errors=[
            FileError("posts/c.md", "unknown key 'foo'", 3),
            FileError("posts/bin.md", "not valid UTF-8"),
        ],
        files_checked=4,
        rules=[NMDA_RULE],
        sources={"posts/a.md": SOURCE_A, "posts/b.md": SOURCE_B},
        klint_version="0.1.0",
    )
    for name, value in changes.items():
        setattr(result, name, value)
    return result


def render(name: str, result: RunResult, **options: bool) -> str:
    """The report as a strict UTF-8 stream receives it, so unwritable output fails the test."""
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="strict", newline="")
    get_reporter(name)(result, stream, ReportOptions(**options))
    stream.flush()
    return buffer.getvalue().decode("utf-8")


# --- text ------------------------------------------------------------------------------------

TEXT = """\
posts/a.md:1:1: info disclaimers.crisis-line Add a crisis line.

posts/a.md:4:19: error ketamine.nmda-action Ketamine blocks NMDA receptors.
  |
4 | Ketamine works by stimulating NMDA receptors.
  |                   ^^^^^^^^^^^
  = fix: replace 'stimulating' with 'blocking'

posts/a.md:5:8: warning health.no-side-effects 'no side effects' is an absolute claim.
  |
5 | It has no side effects.\\x0cReally.
  |        ^^^^^^^^^^^^^^^
  = suggestion: replace 'no side effects' with 'few side effects'
  = suggestion: replace 'no side effects' with 'mild side effects'

posts/a.md:6:13: warning health.guarantee '100% guaranteed' is a guarantee.
  |
6 | Results are 100% guaranteed.
  |             ^^^^^^^^^^^^^^^

posts/b.md:2:1: error health.fda-contradiction Contradicts another statement.
  |
2 | Ketamine is FDA-approved for depression.
  | ^^^^^^^^
  = related: posts/a.md:4:1 the other statement

posts/bin.md: error: not valid UTF-8
posts/c.md:3: error: unknown key 'foo'

Checked 4 files: 5 findings (2 errors, 2 warnings, 1 info); 2 files could not be checked; \
1 fixable with --fix.
"""


def test_text_full_output() -> None:
    assert render("text", sample()) == TEXT


def test_text_unsafe_fixes_are_fixes_when_enabled() -> None:
    out = render("text", sample(), unsafe_fixes=True)
    # A choice between candidates stays the writer's, even with --unsafe-fixes.
    assert "  = suggestion: replace 'no side effects' with 'few side effects'\n" in out
    assert "  = suggestion: replace 'no side effects' with 'mild side effects'\n" in out
    assert out.endswith("could not be checked; 1 fixable with --fix.\n")
    single = sample(findings=[replace(sample().findings[0], suggestions=())], errors=[])
    out = render("text", single, unsafe_fixes=True)
    assert "  = fix: replace 'no side effects' with 'few side effects' (unsafe)\n" in out
    assert out.endswith("1 fixable with --fix.\n")


def test_text_show_fixes_off_keeps_related() -> None:
    out = render("text", sample(), show_fixes=False)
    assert "= fix:" not in out and "= suggestion:" not in out
    assert "  = related: posts/a.md:4:1 the other statement\n" in out


def test_text_quiet_has_no_summary() -> None:
    out = render("text", sample(), quiet=True)
    assert "Checked" not in out
    assert out.endswith("posts/c.md:3: error: unknown key 'foo'\n")


def test_text_summary_variants() -> None:
    empty = RunResult(findings=[], errors=[], files_checked=1, rules=[])
    assert render("text", empty) == "Checked 1 file: no findings.\n"
    assert render("text", empty, quiet=True) == ""
    counted = RunResult(
        findings=[],
        errors=[],
        files_checked=3,
        rules=[],
        fixed={"a.md": 2, "b.md": 1},
        baselined=4,
        baseline_fixed=1,
    )
    assert render("text", counted) == (
        "Checked 3 files: no findings; fixed 3 findings in 2 files; 4 hidden by the baseline; "
        "1 baseline entry no longer found.\n"
    )
    only_unsafe = sample(findings=[replace(sample().findings[0], suggestions=())], errors=[])
    assert render("text", only_unsafe).endswith(
        "Checked 4 files: 1 finding (1 warning); 1 fixable with --fix --unsafe-fixes.\n"
    )


def test_text_multi_line_span_underlines_to_end_of_first_line() -> None:
    finding = make("a.md", (1, 7), (2, 3), "x.multi")
    out = render(
        "text", RunResult([finding], [], 1, [], sources={"a.md": "first line\nsecond\n"}), quiet=True
    )
    assert out == "a.md:1:7: warning x.multi a message\n  |\n1 | first line\n  |       ^^^^\n"


def test_text_without_source_prints_header_and_notes_only() -> None:
    finding = make("gone.md", (3, 2), (3, 4), "x.rule", fix=NMDA_FIX)
    out = render("text", RunResult([finding], [], 1, []), quiet=True)
    assert out == "gone.md:3:2: warning x.rule a message\n  = fix: replace 'stimulating' with 'blocking'\n"


def test_excerpt_measures_cells() -> None:
    assert excerpt("a\tbc", 2, 3) == ("a    bc", "     ^")  # tab shown as four spaces
    assert excerpt("药物安全 claim", 2, 4) == ("药物安全 claim", "    ^^^^")  # wide characters
    assert excerpt("abc", 3, 3) == ("abc", "   ^")  # an empty span still points
    assert excerpt("x\x1b[2Jy", 5, 6) == ("x\\x1b[2Jy", "        ^")  # escapes are measured as shown


def test_excerpt_cuts_long_lines_around_the_span() -> None:
    line = "a" * 300 + "TARGET" + "b" * 300
    shown, underline = excerpt(line, 300, 306)
    assert shown == "…" + "a" * 40 + "TARGET" + "b" * 72 + "…"
    assert underline == " " * 41 + "^" * 6
    assert len(shown) == 120


def test_text_escapes_terminal_sequences_from_files() -> None:
    path = "evil\x1b]0;pwned\x07.md"
    source = "Safe \x1b[2J text \u202eevil\u202c here\n"
    finding = make(path, (1, 6), (1, 10), "x.rule", message="bad \x1b[31mred\x9b and\nnew line")
    error = FileError("bad\x1b[2K.md\udcff", "cannot read \u2066file\u2069")
    result = RunResult([finding], [error], 1, [], sources={path: source})
    out = render("text", result, quiet=True)
    assert out == (
        "evil\\x1b]0;pwned\\x07.md:1:6: warning x.rule bad \\x1b[31mred\\x9b and\\nnew line\n"
        "  |\n"
        "1 | Safe \\x1b[2J text \\u202eevil\\u202c here\n"
        "  |      ^^^^^^^\n"
        "\n"
        "bad\\x1b[2K.md\\udcff: error: cannot read \\u2066file\\u2069\n"
    )
    assert render("concise", result, quiet=True) == (
        "evil\\x1b]0;pwned\\x07.md:1:6: x.rule [warning] bad \\x1b[31mred\\x9b and\\nnew line\n"
        "bad\\x1b[2K.md\\udcff: error: cannot read \\u2066file\\u2069\n"
    )
    coloured = render("text", result, color=True)
    assert "\x1b[2J" not in coloured and "\x1b]0;" not in coloured and "\u202e" not in coloured
    assert "\x1b[1;33mwarning\x1b[0m" in coloured


# --- concise ---------------------------------------------------------------------------------


def test_concise_output() -> None:
    assert render("concise", sample()) == (
        "posts/a.md:1:1: disclaimers.crisis-line [info] Add a crisis line.\n"
        "posts/a.md:4:19: ketamine.nmda-action [error] Ketamine blocks NMDA receptors.\n"
        "posts/a.md:5:8: health.no-side-effects [warning] 'no side effects' is an absolute claim.\n"
        "posts/a.md:6:13: health.guarantee [warning] '100% guaranteed' is a guarantee.\n"
        "posts/b.md:2:1: health.fda-contradiction [error] Contradicts another statement.\n"
        "posts/bin.md: error: not valid UTF-8\n"
        "posts/c.md:3: error: unknown key 'foo'\n"
        "Checked 4 files: 5 findings (2 errors, 2 warnings, 1 info); 2 files could not be checked; "
        "1 fixable with --fix.\n"
    )
    assert "Checked" not in render("concise", sample(), quiet=True)


# --- json ------------------------------------------------------------------------------------


def _finding_json(
    path: str, start: tuple[int, int], end: tuple[int, int], rule: str, **extra: object
) -> dict:
    data = {
        "path": path,
        "line": start[0],
        "column": start[1],
        "end_line": end[0],
        "end_column": end[1],
        "rule": rule,
        "ruleset": rule.split(".")[0],
        "category": "absolute-claim",
        "severity": "warning",
        "message": "a message",
        "disclaimer": None,
        "related": [],
        "fix": None,
        "suggestions": [],
    }
    data.update(extra)
    return data


def _fix_json(fix: Fix) -> dict:
    edits = [
        {
            "line": e.start.line,
            "column": e.start.column,
            "end_line": e.end.line,
            "end_column": e.end.column,
            "replacement": e.replacement,
        }
        for e in fix.edits
    ]
    return {"applicability": fix.applicability, "description": fix.description, "edits": edits}


def test_json_matches_design_schema() -> None:
    data = json.loads(render("json", sample()))
    assert data == {
        "version": 1,
        "klint_version": "0.1.0",
        "files_checked": 4,
        "findings": [
            _finding_json(
                "posts/a.md",
                (1, 1),
                (1, 1),
                "disclaimers.crisis-line",
                severity="info",
                category="missing-disclaimer",
                message="Add a crisis line.",
                disclaimer="crisis-line",
            ),
            _finding_json(
                "posts/a.md",
                (4, 19),
                (4, 30),
                "ketamine.nmda-action",
                severity="error",
                category="mechanism-error",
                message="Ketamine blocks NMDA receptors.",
                fix=_fix_json(NMDA_FIX),
            ),
            _finding_json(
                "posts/a.md",
                (5, 8),
                (5, 23),
                "health.no-side-effects",
                message="'no side effects' is an absolute claim.",
                fix=_fix_json(FEW_FIX),
                suggestions=[_fix_json(MILD_FIX)],
            ),
            _finding_json(
                "posts/a.md",
                (6, 13),
                (6, 28),
                "health.guarantee",
                message="'100% guaranteed' is a guarantee.",
            ),
            _finding_json(
                "posts/b.md",
                (2, 1),
                (2, 9),
                "health.fda-contradiction",
                severity="error",
                category="contradiction",
                message="Contradicts another statement.",
                related=[
                    {
                        "path": "posts/a.md",
                        "line": 4,
                        "column": 1,
                        "end_line": 4,
                        "end_column": 9,
                        "message": "the other statement",
                    }
                ],
            ),
        ],
        "errors": [
            {"path": "posts/bin.md", "message": "not valid UTF-8"},
            {"path": "posts/c.md", "message": "unknown key 'foo'", "line": 3},
        ],
        "baselined": 0,
        "baseline_fixed": 0,
    }


def test_json_stays_valid_with_hostile_strings() -> None:
    path = "bad\udcff\x00\u2028.md"  # an undecodable file-name byte, NUL, a line separator
    finding = make(path, (1, 1), (1, 2), "x.rule", message='quote " backslash \\ esc \x1b')
    data = json.loads(render("json", RunResult([finding], [], 1, [])))
    assert data["findings"][0]["path"] == path
    assert data["findings"][0]["message"] == finding.message


# --- github ----------------------------------------------------------------------------------


def test_github_commands() -> None:
    assert render("github", sample()) == (
        "::notice file=posts/a.md,line=1,col=1,endLine=1,endColumn=1,title=disclaimers.crisis-line::"
        "Add a crisis line.\n"
        "::error file=posts/a.md,line=4,col=19,endLine=4,endColumn=30,title=ketamine.nmda-action::"
        "Ketamine blocks NMDA receptors.\n"
        "::warning file=posts/a.md,line=5,col=8,endLine=5,endColumn=23,title=health.no-side-effects::"
        "'no side effects' is an absolute claim.\n"
        "::warning file=posts/a.md,line=6,col=13,endLine=6,endColumn=28,title=health.guarantee::"
        "'100%25 guaranteed' is a guarantee.\n"
        "::error file=posts/b.md,line=2,col=1,endLine=2,endColumn=9,title=health.fda-contradiction::"
        "Contradicts another statement.\n"
        "::error file=posts/bin.md::not valid UTF-8\n"
        "::error file=posts/c.md,line=3::unknown key 'foo'\n"
    )


def test_github_escapes_data_and_properties() -> None:
    finding = make("dir,1/a:b%.md", (2, 3), (2, 4), "x:y,z", message="50% of\r\npatients: 1,2")
    error = FileError("c,d:e%\n.md", "line one\nline: two, 100%")
    assert render("github", RunResult([finding], [error], 1, [])) == (
        "::warning file=dir%2C1/a%3Ab%25.md,line=2,col=3,endLine=2,endColumn=4,title=x%3Ay%2Cz::"
        "50%25 of%0D%0Apatients: 1,2\n"
        "::error file=c%2Cd%3Ae%25%0A.md::line one%0Aline: two, 100%25\n"
    )


def test_github_writes_undecodable_names() -> None:
    result = RunResult([], [FileError("a\udcff.md", "binary")], 1, [])
    assert render("github", result) == "::error file=a\ufffd.md::binary\n"


# --- junit -----------------------------------------------------------------------------------


def test_junit_is_well_formed_and_counts_files() -> None:
    root = ET.fromstring(render("junit", sample()))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.get("name") == "klint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "2")
    cases = {case.get("classname"): case for case in suite.iter("testcase")}
    assert sorted(cases) == ["posts/a.md", "posts/b.md", "posts/bin.md", "posts/c.md"]
    failures = cases["posts/a.md"].findall("failure")
    assert [f.get("type") for f in failures] == [
        "disclaimers.crisis-line",
        "ketamine.nmda-action",
        "health.no-side-effects",
        "health.guarantee",
    ]
    assert failures[1].get("message") == "Ketamine blocks NMDA receptors."
    assert failures[1].text == (
        "posts/a.md:4:19: error ketamine.nmda-action Ketamine blocks NMDA receptors.\n"
        "fix: replace 'stimulating' with 'blocking'"
    )
    (error,) = cases["posts/c.md"].findall("error")
    assert (error.get("message"), error.text) == ("unknown key 'foo'", "posts/c.md:3")


def test_junit_strips_characters_xml_forbids() -> None:
    finding = make("a\x1b.md", (1, 1), (1, 2), "x.rule", message='nul\x00 esc\x1b[31m <&> " \ufffe \udcff ok')
    root = ET.fromstring(render("junit", RunResult([finding], [], 1, [])))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'nul esc[31m <&> "   ok'
    assert root.find("testsuite/testcase").get("classname") == "a.md"  # type: ignore[union-attr]


# --- sarif -----------------------------------------------------------------------------------


def _sarif_validator():  # -> jsonschema validator
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} is absent")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft7Validator
    validator_class.check_schema(schema)
    # This copy of the schema keeps the log's shape under definitions/Root, not at the top.
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    validator = validator_class(schema)
    assert not validator.is_valid({"runs": []}), "the validator must check the log's shape"
    return validator


def test_sarif_validates_against_schema() -> None:
    validator = _sarif_validator()
    for result in (sample(), RunResult([], [], 0, [])):
        log = json.loads(render("sarif", result))
        errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
        assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]


def test_sarif_content() -> None:
    log = json.loads(render("sarif", sample()))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("klint", "0.1.0")
    rule = driver["rules"][0]
    assert rule["id"] == "ketamine.nmda-action"
    assert rule["shortDescription"]["text"] == NMDA_RULE.message
    assert rule["helpUri"] == "https://klint.readthedocs.io/rules/ketamine.nmda-action"
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"]["references"] == ["https://example.org/ketamine"]
    assert "Ketamine stimulates NMDA receptors." in rule["help"]["text"]
    ids = [descriptor["id"] for descriptor in driver["rules"]]
    assert len(ids) == len(set(ids)) == 5  # findings of undeclared rules get a minimal descriptor
    results = run["results"]
    assert [r["ruleId"] for r in results] == [
        "disclaimers.crisis-line",
        "ketamine.nmda-action",
        "health.no-side-effects",
        "health.guarantee",
        "health.fda-contradiction",
    ]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    assert [r["level"] for r in results] == ["note", "error", "warning", "warning", "error"]
    nmda = results[1]
    assert nmda["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "posts/a.md"},
        "region": {"startLine": 4, "startColumn": 19, "endLine": 4, "endColumn": 30},
    }
    assert nmda["fixes"] == [
        {
            "description": {"text": "replace 'stimulating' with 'blocking'"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "posts/a.md"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 4,
                                "startColumn": 19,
                                "endLine": 4,
                                "endColumn": 30,
                            },
                            "insertedContent": {"text": "blocking"},
                        }
                    ],
                }
            ],
            "properties": {"applicability": "safe"},
        }
    ]
    assert len(results[2]["fixes"]) == 2  # the fix and its alternative
    assert results[4]["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "posts/a.md"},
                "region": {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 9},
            },
            "message": {"text": "the other statement"},
        }
    ]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notifications] == ["not valid UTF-8", "unknown key 'foo'"]
    assert notifications[1]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


def test_sarif_fingerprint_ignores_position() -> None:
    moved = make("a.md", (9, 1), (9, 5), "x.rule", context="the  same\nsentence")
    here = make("a.md", (2, 4), (2, 8), "x.rule", context="the same sentence")
    other = make("a.md", (2, 4), (2, 8), "y.rule", context="the same sentence")
    log = json.loads(render("sarif", RunResult([moved, here, other], [], 1, [])))
    prints = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r["partialFingerprints"][
            "klintContextHash/v1"
        ]
        for r in log["runs"][0]["results"]
    }
    assert prints["x.rule", 9] == prints["x.rule", 2] != prints["y.rule", 2]


def test_sarif_uris() -> None:
    assert artifact_uri("posts/my post#1.md") == "posts/my%20post%231.md"
    assert artifact_uri("./c:d/ä.md") == "c%3Ad/%C3%A4.md"
    assert artifact_uri("/srv/site/a b.md") == "file:///srv/site/a%20b.md"
    assert artifact_uri("bad\udcff.md") == "bad%FF.md"  # the undecodable byte itself
    assert artifact_uri("odd\ud800.md") == "odd%ED%A0%80.md"


# --- registry --------------------------------------------------------------------------------


def test_builtin_names() -> None:
    assert set(REPORTERS) == {"text", "concise", "json", "sarif", "github", "junit"}
    for name in REPORTERS:
        assert get_reporter(name) is REPORTERS[name]


def _fake_entry_points(monkeypatch: pytest.MonkeyPatch, *entries: tuple[str, str]) -> None:
    points = metadata.EntryPoints(
        metadata.EntryPoint(name=name, value=value, group="klint.formatters") for name, value in entries
    )
    monkeypatch.setattr(metadata, "entry_points", lambda **params: points.select(**params))


def test_plugin_reporters(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_entry_points(
        monkeypatch,
        ("dumps", "json:dumps"),
        ("broken", "klint_no_such_module:report"),
        ("inert", "json:__name__"),
    )
    assert get_reporter("dumps") is json.dumps
    with pytest.raises(KlintError, match="cannot load output format 'broken'"):
        get_reporter("broken")
    with pytest.raises(KlintError, match="not callable"):
        get_reporter("inert")
    with pytest.raises(
        KlintError, match=r"unknown output format 'nope' \(choose from broken, concise, dumps"
    ):
        get_reporter("nope")


def test_import_is_light() -> None:
    heavy = "{'json', 'xml.etree.ElementTree', 'yaml', 'importlib.metadata'}"
    code = f"import sys, klint.report; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- properties ------------------------------------------------------------------------------

_TEXT = st.text(st.characters() | st.sampled_from("\x1b\r\n\u202e\x00%:,\udcff"))


@settings(max_examples=60, deadline=None)
@given(path=_TEXT, message=_TEXT, source=_TEXT)
def test_every_format_survives_any_text(path: str, message: str, source: str) -> None:
    finding = make(path, (1, 2), (1, 4), "x.rule", message=message)
    result = RunResult([finding], [FileError(path, message)], 1, [], sources={path: source})
    for name in ("text", "concise"):
        out = render(name, result)
        assert not any(ord(char) < 32 and char != "\n" for char in out)
        assert "\u202e" not in out
    assert json.loads(render("json", result))["findings"][0]["message"] == message
    assert json.loads(render("sarif", result))["runs"][0]["results"][0]["message"]["text"] == message
    ET.fromstring(render("junit", result))
    assert render("github", result).count("\n") == 2
