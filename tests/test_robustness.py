"""Hostile input: documents, rule sets, file-system faults and output that klint must survive.

Every case asserts what the user sees: the exit status, the one-line error naming the file
(and line), the other files still checked, and findings at the right place. A small rule set
of our own keeps the positions exact whatever the shipped rule sets do.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import unquote

import pytest

import klint.writer
from klint.cli import main

RULES = """\
ruleset: fixture
rules:
  - id: fixture.cure
    kind: term
    category: absolute-claim
    severity: error
    message: "'{match}' promises a cure."
    terms: [cure, cures]
    suggest: [treatment]
    fix: safe
"""
CATASTROPHIC = """\
  - id: fixture.backtrack
    kind: term
    category: style
    message: "runs of a"
    patterns: ['(a+)+$']
"""
PYTHON_TAG = '!!python/object/apply:os.system ["touch {sentinel}"]'

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with our rule set; the cache's signing key stays in the test's tmp folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = tmp_path / "project"
    root.mkdir()
    (root / "rules.yaml").write_text(RULES, encoding="utf-8")
    (root / "klint.yaml").write_text("rulesets: [rules.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def check(capsys: Capsys, *arguments: str) -> tuple[int, list[str], str]:
    """Exit status, stdout lines of ``--format concise --quiet`` and stderr."""
    status = main(["check", "--no-cache", "--format", "concise", "--quiet", *arguments])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def cure(path: str, line: int, column: int) -> str:
    return f"{path}:{line}:{column}: fixture.cure [error] 'cure' promises a cure."


# -- documents ------------------------------------------------------------------------------
def test_undecodable_files_are_one_line_errors_and_the_others_are_checked(
    folder: Path, capsys: Capsys
) -> None:
    (folder / "latin1.md").write_bytes(b"Fine.\n\nA caf\xe9 for a cure.\n")
    (folder / "binary.md").write_bytes(b"line one\nline two\x00\n")
    (folder / "good.md").write_text("A cure.\n", encoding="utf-8")
    status, lines, _ = check(capsys, ".")
    assert status == 2
    assert lines == [
        cure("good.md", 1, 3),
        "binary.md:2: error: binary file (contains a NUL byte); not checked",
        "latin1.md:3: error: not valid UTF-8 at byte 12",
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_lints_with_code_point_positions_and_is_fixed_in_utf16(
    folder: Path, capsys: Capsys, encoding: str
) -> None:
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    path = folder / "wide.md"
    path.write_bytes(bom + "# Title\r\n\r\n😀 A cure.\r\n".encode(encoding))
    assert check(capsys, "wide.md") == (1, [cure("wide.md", 3, 5)], "")
    assert check(capsys, "--fix", "wide.md")[0] == 0
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE)
    assert data.decode("utf-16") == "# Title\r\n\r\n😀 A treatment.\r\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("\n\n   \n", []),
        ("---\n---\n", []),
        ("---\ntitle: A cure at last\n---\n", [cure("doc.md", 2, 10)]),
        ("```\nA cure in code.\n", []),
        ("A cure.\n\n```python\nA cure in code.\n", [cure("doc.md", 1, 3)]),
        ("<!-- never closed\n\nA cure.\n", []),
    ],
    ids=[
        "empty",
        "blank",
        "empty-front-matter",
        "only-front-matter",
        "unclosed-fence",
        "fence-after",
        "comment",
    ],
)
def test_degenerate_documents_lint_without_errors(
    folder: Path, capsys: Capsys, text: str, expected: list[str]
) -> None:
    (folder / "doc.md").write_text(text, encoding="utf-8")
    assert check(capsys, "doc.md") == (1 if expected else 0, expected, "")


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: [never closed\n", 2),
        ("title: ok\nbad: a: b\n", 3),
        ("- a list\n", 2),
        ("x: !!python/name:os.system\n", 2),
        ("title: ok\ndate: 2020-13-45\n", 2),  # a date YAML types but datetime refuses
        ("k: " + "[" * 3000 + "]" * 3000 + "\n", 2),  # deeper than Python's recursion limit
    ],
)
def test_malformed_front_matter_is_an_error_with_its_line(
    folder: Path, capsys: Capsys, front_matter: str, line: int
) -> None:
    (folder / "bad.md").write_text(f"---\n{front_matter}---\nA cure.\n", encoding="utf-8")
    (folder / "good.md").write_text("A cure.\n", encoding="utf-8")
    status, lines, _ = check(capsys, ".")
    assert status == 2
    assert lines[0] == cure("good.md", 1, 3)
    assert lines[1].startswith(f"bad.md:{line}: error: front matter ")
    assert len(lines) == 2


@pytest.mark.parametrize(
    "nesting",
    [
        "> " * 500,
        ">" * 500 + " ",
        "> - " * 250,
        "".join("  " * level + "- item\n" for level in range(500)) + "\n",
    ],
    ids=["quotes", "quotes-tight", "quote-list", "lists"],
)
def test_500_levels_of_nesting_neither_crash_nor_hide_text(
    folder: Path, capsys: Capsys, nesting: str
) -> None:
    """Past markdown-it's nesting limit the rest is linted as plain text, never dropped."""
    text = f"{nesting}A cure deep down.\n\nAfter it, a cure.\n"
    (folder / "deep.md").write_text(text, encoding="utf-8")
    status, lines, _ = check(capsys, "deep.md")
    deep_line = text.count("\n", 0, text.index("A cure")) + 1
    deep_column = len(text.splitlines()[deep_line - 1]) - len("A cure deep down.") + 3
    assert (status, lines) == (
        1,
        [cure("deep.md", deep_line, deep_column), cure("deep.md", deep_line + 2, 13)],
    )


def test_a_1mb_single_line_is_linted_in_linear_time(folder: Path, capsys: Capsys) -> None:
    filler = "Plain words about sleep and mood. " * 30_000
    (folder / "long.md").write_text(f"{filler}A cure at the end.\n", encoding="utf-8")
    started = time.perf_counter()
    status, lines, _ = check(capsys, "long.md")
    assert time.perf_counter() - started < 20
    assert (status, lines) == (1, [cure("long.md", 1, len(filler) + 3)])


def test_mixed_newlines_count_lines_like_commonmark(folder: Path, capsys: Capsys) -> None:
    (folder / "mixed.md").write_bytes(b"One.\r\nTwo.\rThree.\nFour.\r\n\r\nA cure.\r")
    assert check(capsys, "mixed.md") == (1, [cure("mixed.md", 6, 3)], "")


def test_zero_width_characters_do_not_hide_a_word_and_columns_count_them(
    folder: Path, capsys: Capsys
) -> None:
    (folder / "zw.md").write_text("A cu\u00adre, a c\u200bure, a cur\u200de.\n", encoding="utf-8")
    status, lines, _ = check(capsys, "zw.md")
    assert status == 1
    assert [line.split(":")[1:3] for line in lines] == [["1", "3"], ["1", "12"], ["1", "21"]]
    assert (
        check(capsys, "--fix", "zw.md")[0] == 1
    )  # a span across an invisible character is left to the writer


def test_right_to_left_overrides_are_linted_and_escaped_in_text_output(folder: Path, capsys: Capsys) -> None:
    (folder / "rtl.md").write_text("Say \u202ea cure\u202c now.\n", encoding="utf-8")
    status = main(["check", "--no-cache", "rtl.md"])
    out = capsys.readouterr().out
    assert status == 1
    assert "rtl.md:1:8: error fixture.cure" in out
    assert "1 | Say \\u202ea cure\\u202c now." in out
    assert "\u202e" not in out


def test_columns_count_astral_code_points(folder: Path, capsys: Capsys) -> None:
    (folder / "emoji.md").write_text("🧠💊 𝐁old: a cure.\n", encoding="utf-8")
    assert check(capsys, "emoji.md") == (1, [cure("emoji.md", 1, 12)], "")


# -- file system ------------------------------------------------------------------------------
def test_a_folder_named_like_a_document_is_walked(folder: Path, capsys: Capsys) -> None:
    (folder / "x.md").mkdir()
    (folder / "x.md" / "inner.md").write_text("A cure.\n", encoding="utf-8")
    assert check(capsys, ".") == (1, [cure("x.md/inner.md", 1, 3)], "")
    assert check(capsys, "x.md") == (1, [cure("x.md/inner.md", 1, 3)], "")


def test_broken_links_and_link_loops_are_errors_and_the_rest_is_checked(folder: Path, capsys: Capsys) -> None:
    (folder / "broken.md").symlink_to(folder / "missing.md")
    (folder / "loop-a.md").symlink_to(folder / "loop-b.md")
    (folder / "loop-b.md").symlink_to(folder / "loop-a.md")
    (folder / "good.md").write_text("A cure.\n", encoding="utf-8")
    status, lines, _ = check(capsys, ".")
    assert status == 2
    assert lines == [
        cure("good.md", 1, 3),
        "broken.md: error: no such file (or a broken symbolic link)",
        "loop-a.md: error: symbolic link loop (too many levels of links)",
        "loop-b.md: error: symbolic link loop (too many levels of links)",
    ]


def test_an_unreadable_file_is_an_error_and_the_rest_is_checked(
    folder: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "secret.md").write_text("A cure.\n", encoding="utf-8")
    (folder / "good.md").write_text("A cure.\n", encoding="utf-8")
    if os.geteuid() == 0:  # root reads any file: deny the read itself
        real = Path.read_bytes

        def denied(path: Path) -> bytes:
            if path.name == "secret.md":
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(path)

        monkeypatch.setattr(Path, "read_bytes", denied)
    else:
        (folder / "secret.md").chmod(0)
    status, lines, _ = check(capsys, ".")
    assert (status, lines) == (2, [cure("good.md", 1, 3), "secret.md: error: permission denied"])


def test_a_file_changed_during_the_run_is_not_fixed(
    folder: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "draft.md"
    path.write_text("A cure.\n", encoding="utf-8")
    real = klint.writer.fix_result

    def edited_meanwhile(*arguments: object, **options: object) -> object:
        outcome = real(*arguments, **options)  # type: ignore[arg-type]
        path.write_text("A cure. The author kept typing.\n", encoding="utf-8")
        return outcome

    monkeypatch.setattr(klint.writer, "fix_result", edited_meanwhile)
    status, lines, _ = check(capsys, "--fix", "draft.md")
    assert status == 2
    assert "draft.md: error: changed on disk since klint read it; not fixed (run klint again)" in lines
    assert path.read_text(encoding="utf-8") == "A cure. The author kept typing.\n"


def test_a_read_only_file_is_not_fixed_and_the_others_are(folder: Path, capsys: Capsys) -> None:
    (folder / "locked.md").write_text("A cure.\n", encoding="utf-8")
    (folder / "open.md").write_text("A cure.\n", encoding="utf-8")
    (folder / "locked.md").chmod(0o444)
    status, lines, _ = check(capsys, "--fix", ".")
    assert (status, lines) == (
        2,
        [cure("locked.md", 1, 3), "locked.md: error: the file is read-only; not fixed"],
    )
    assert (folder / "locked.md").read_text(encoding="utf-8") == "A cure.\n"
    assert (folder / "open.md").read_text(encoding="utf-8") == "A treatment.\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_leaves_the_original_and_no_temporary_file(
    folder: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "post.md"
    path.write_text("A cure.\n", encoding="utf-8")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    status, lines, _ = check(capsys, "--fix", "post.md")
    assert status == 2
    assert (
        "post.md: error: could not write the fixes (no space left on device); the file is unchanged" in lines
    )
    assert path.read_text(encoding="utf-8") == "A cure.\n"
    assert leftovers(folder) == []


def test_ctrl_c_while_writing_removes_the_temporary_file_and_exits_130(
    folder: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.md", "b.md", "c.md"):
        (folder / name).write_text("A cure.\n", encoding="utf-8")
    real, documents_replaced = os.replace, []

    def interrupted(source: str, target: str) -> None:
        if Path(target).suffix == ".md":  # the documents; klint's own caches are written this way too
            documents_replaced.append(target)
            if len(documents_replaced) == 2:
                raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    status, _, err = check(capsys, "--fix", ".")
    assert (status, err) == (130, "klint: interrupted\n")
    texts = [(folder / name).read_text(encoding="utf-8") for name in ("a.md", "b.md", "c.md")]
    assert texts == ["A treatment.\n", "A cure.\n", "A cure.\n"]
    assert leftovers(folder) == []


def test_a_corrupt_or_truncated_cache_is_ignored_and_rebuilt(folder: Path, capsys: Capsys) -> None:
    for index in range(3):
        (folder / f"doc{index}.md").write_text(f"Post {index}: a cure.\n", encoding="utf-8")

    def cached_run() -> tuple[int, str]:
        status = main(["check", "--format", "json", "."])
        return status, capsys.readouterr().out

    cold = cached_run()
    entries = sorted((folder / ".klint_cache").glob("*.entry"))
    assert len(entries) == 3
    entries[0].write_bytes(entries[0].read_bytes()[:20])
    entries[1].write_bytes(b"\x80\x04 not a pickle")
    entries[2].write_bytes(b"")
    assert cached_run() == cold
    assert all(entry.stat().st_size > 100 for entry in entries)  # rewritten whole
    assert cached_run() == cold


def klint_process(folder: Path, *arguments: str) -> subprocess.Popen[bytes]:
    """``klint check`` in its own process group, as a shell runs a foreground job."""
    return subprocess.Popen(
        [sys.executable, "-m", "klint", "check", "--format", "json", *arguments],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def test_two_processes_sharing_a_cache_both_succeed_with_the_same_output(folder: Path) -> None:
    for index in range(40):
        (folder / f"doc{index:02d}.md").write_text(f"# Post {index}\n\nA cure, {index}.\n", encoding="utf-8")
    runs = [klint_process(folder, "."), klint_process(folder, ".")]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [1, 1]
    assert outputs[0][1] == outputs[1][1] == b""
    assert outputs[0][0] == outputs[1][0]
    assert len(json.loads(outputs[0][0])["findings"]) == 40
    again = klint_process(folder, ".").communicate(timeout=120)
    assert again[0] == outputs[0][0]


def fixing_began(run: subprocess.Popen[bytes], paths: list[Path], new: str, jobs: str) -> bool:
    """Serial: the first files are fixed. ``--jobs 2``: the worker processes exist."""
    if jobs == "1":
        return any(path.read_text(encoding="utf-8") == new for path in paths[:5])
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    return bool(children.read_text().split())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_fix_leaves_every_file_old_or_new_and_exits_130(folder: Path, jobs: str) -> None:
    """A real Ctrl-C (SIGINT to the process group) while files are fixed, or while workers lint."""
    if jobs == "2" and not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        pytest.skip("needs Linux /proc to see the worker processes start")
    old = "".join(f"Paragraph {k}: a cure for low mood.\n\n" for k in range(40))
    new = old.replace("a cure", "a treatment")
    paths = [folder / f"doc{index:04d}.md" for index in range(400)]
    for path in paths:
        path.write_text(old, encoding="utf-8")
    run = klint_process(folder, "--no-cache", "--fix", "--jobs", jobs, ".")
    deadline = time.monotonic() + 60
    while run.poll() is None and time.monotonic() < deadline and not fixing_began(run, paths, new, jobs):
        time.sleep(0.005)
    os.killpg(run.pid, signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err.decode()
    assert err.decode().endswith("klint: interrupted\n")
    contents = {path.read_text(encoding="utf-8") for path in paths}
    assert contents <= {old, new}
    assert leftovers(folder) == []


# -- rule sets ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rules", "arguments", "message"),
    [
        ("ruleset: x\nrules:\n  - id: a\n   kind: term\n", (), "rules.yaml:4: invalid YAML: "),
        (
            RULES.replace("terms: [cure, cures]", "terms: 5"),
            (),
            "rules.yaml:8: rule 'fixture.cure': 'terms' must",
        ),
        (RULES + RULES.split("rules:\n")[1], (), "rules.yaml:11: duplicate rule id 'fixture.cure'"),
        (
            RULES.replace("terms: [cure, cures]", "patterns: ['(unclosed']"),
            (),
            "rules.yaml:8: rule 'fixture.cure': bad",
        ),
        (
            RULES.replace("severity: error", "severity: fatal"),
            (),
            "rules.yaml:6: rule 'fixture.cure': 'severity'",
        ),
        ("ruleset: x\nrules: {}\n", (), "rules.yaml:2: 'rules' must be a list"),
        (RULES, ("--select", "fixture.nothing"), "'fixture.nothing' names no rule"),
        (RULES, ("--ignore", "nothing"), "'nothing' names no rule"),
    ],
    ids=[
        "yaml-syntax",
        "wrong-type",
        "duplicate-id",
        "bad-regex",
        "bad-severity",
        "not-a-list",
        "select",
        "ignore",
    ],
)
def test_a_bad_rule_set_is_one_error_line_naming_file_and_line(
    folder: Path, capsys: Capsys, rules: str, arguments: tuple[str, ...], message: str
) -> None:
    (folder / "rules.yaml").write_text(rules, encoding="utf-8")
    (folder / "doc.md").write_text("A cure.\n", encoding="utf-8")
    status, lines, err = check(capsys, *arguments, "doc.md")
    assert (status, lines) == (2, [])
    assert err.startswith("klint: error: ") and message in err
    assert err.count("\n") == 1


def test_a_catastrophic_regex_gives_up_once_per_document_and_the_run_goes_on(
    folder: Path, capsys: Capsys
) -> None:
    (folder / "rules.yaml").write_text(RULES + CATASTROPHIC, encoding="utf-8")
    runs = "a" * 40_000 + "!"
    (folder / "slow.md").write_text(f"A cure.\n\n{runs}\n\n{runs}\n", encoding="utf-8")
    (folder / "fast.md").write_text("A cure.\n", encoding="utf-8")
    started = time.perf_counter()
    status, lines, _ = check(capsys, ".")
    elapsed = time.perf_counter() - started
    assert status == 1
    assert lines == [
        cure("fast.md", 1, 3),
        "slow.md:1:1: klint.rule-timeout [warning] Rule 'fixture.backtrack' gave up after its time limit"
        " (2.4 s of CPU time) on this file; it was skipped.",
        cure("slow.md", 1, 3),
    ]
    assert elapsed < 8  # one alarm of 2 s plus 5 s per MB, not one per paragraph or match


def test_off_the_main_thread_each_search_has_its_own_time_limit(folder: Path, capsys: Capsys) -> None:
    """No alarm can be armed in a thread (an editor plugin's, say): the per-search limit applies."""
    (folder / "rules.yaml").write_text(RULES + CATASTROPHIC, encoding="utf-8")
    (folder / "slow.md").write_text("A cure.\n\n" + "a" * 40_000 + "!\n", encoding="utf-8")
    outcome: list[tuple[int, list[str], str]] = []
    worker = threading.Thread(target=lambda: outcome.append(check(capsys, "slow.md")))
    worker.start()
    worker.join()
    assert outcome == [
        (
            1,
            [
                "slow.md:1:1: klint.rule-timeout [warning] Rule 'fixture.backtrack' gave up after its time"
                " limit (1 s per pattern, plus 1 s per MB of text) on this file; it was skipped.",
                cure("slow.md", 1, 3),
            ],
            "",
        )
    ]


def test_a_rule_set_can_never_run_code(folder: Path, capsys: Capsys) -> None:
    sentinel = folder / "pwned"
    tag = PYTHON_TAG.format(sentinel=sentinel)
    (folder / "doc.md").write_text(f"---\nx: {tag}\n---\nA cure.\n", encoding="utf-8")
    for text in (f"ruleset: {tag}\nrules: []\n", RULES.replace("message: ", f"message: {tag} #")):
        (folder / "rules.yaml").write_text(text, encoding="utf-8")
        status, _, err = check(capsys, "doc.md")
        assert status == 2 and "could not determine a constructor for the tag" in err
    (folder / "rules.yaml").write_text(RULES, encoding="utf-8")
    (folder / "klint.yaml").write_text(f"rulesets: [rules.yaml]\nfail-on: {tag}\n", encoding="utf-8")
    assert check(capsys, "doc.md")[0] == 2
    (folder / "klint.yaml").write_text("rulesets: [rules.yaml]\n", encoding="utf-8")
    assert check(capsys, "doc.md") == (
        2,
        [
            "doc.md:2: error: front matter is not valid YAML: could not"
            " determine a constructor for the tag"
            " 'tag:yaml.org,2002:python/object/apply:os.system'"
        ],
        "",
    )
    assert not sentinel.exists()


# -- output ---------------------------------------------------------------------------------
HOSTILE_NAME = "\x1b[31mred\nname%:,.md"


@pytest.fixture
def hostile(folder: Path) -> Path:
    (folder / HOSTILE_NAME).write_text("A cure\x1b[2J now.\n", encoding="utf-8")
    (folder / "bad\x1b]0;title\x07.md").write_bytes(b"\xc3\x28")
    return folder


def report(capsys: Capsys, fmt: str) -> str:
    assert main(["check", "--no-cache", "--format", fmt, "."]) == 2
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_text_output_escapes_control_characters_in_names_and_text(
    hostile: Path, capsys: Capsys, fmt: str
) -> None:
    out = report(capsys, fmt)
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[31mred\\nname%:,.md:1:3:" in out
    assert "bad\\x1b]0;title\\x07.md:1: error: not valid UTF-8 at byte 0" in out
    if fmt == "text":
        assert "1 | A cure\\x1b[2J now." in out


def test_github_output_escapes_as_the_actions_toolkit_does(hostile: Path, capsys: Capsys) -> None:
    lines = report(capsys, "github").splitlines()
    assert lines == [
        "::error file=\x1b[31mred%0Aname%25%3A%2C.md,line=1,col=3,endLine=1,endColumn=7,"
        "title=fixture.cure::'cure' promises a cure.",
        "::error file=bad\x1b]0;title\x07.md,line=1::not valid UTF-8 at byte 0",
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_always_parse_and_keep_the_name(hostile: Path, capsys: Capsys, fmt: str) -> None:
    data = json.loads(report(capsys, fmt))
    if fmt == "json":
        assert [finding["path"] for finding in data["findings"]] == [HOSTILE_NAME]
        assert data["errors"][0]["path"] == "bad\x1b]0;title\x07.md"
    else:
        (location,) = data["runs"][0]["results"][0]["locations"]
        assert unquote(location["physicalLocation"]["artifactLocation"]["uri"]) == HOSTILE_NAME


def test_junit_output_is_well_formed_xml(hostile: Path, capsys: Capsys) -> None:
    root = ElementTree.fromstring(report(capsys, "junit"))
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["[31mred\nname%:,.md", "bad]0;title.md"]  # what XML 1.0 cannot carry is dropped
