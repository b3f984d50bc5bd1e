"""Fuzzing: hostile Markdown through the whole pipeline with every shipped rule set.

Documents are markup soup: containers, fences, emphasis, links, tables, footnotes, HTML
comments holding klint directives, front-matter fragments, control and invisible
characters, right-to-left marks, astral characters, a BOM and every newline style, mixed
with words the rules look for. Checked: nothing raises, every position lies inside the
document, and ``--fix`` is idempotent and leaves a document that still parses.

``scripts/fuzz.py`` runs the same properties with many more examples.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klint.fixes import fix_result
from klint.linter import FileResult, Linter
from klint.markdown import parse
from klint.model import Finding, LineIndex, Location, Span
from klint.source import SourceText

MARKUP = [
    "# ",
    "## ",
    "> ",
    ">",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "    ",
    "\t",
    "```",
    "~~~",
    "```python\n",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "[",
    "]",
    "](",
    ")",
    "![",
    "](https://example.org/a)",
    "<https://example.org>",
    "https://example.org/x.",
    "www.example.org",
    "\\",
    "\\*",
    "&amp;",
    "&#128512;",
    "&#0;",
    "&bogus;",
    "[^1]",
    "[^1]: ",
    "| a | b |\n|---|---|\n| ",
    " | ",
    "<b>",
    "</b>",
    "<div>\n",
    "<!--",
    "-->",
    "<!-- klint-disable -->",
    "<!-- klint-enable -->",
    "<!-- klint-disable-next-line -->",
    "<!-- klint-disable health-core.cure-claim -->",
    "---",
    "***",
    "===",
    "|",
    ":",
    "'",
    '"',
    "’",
    "…",
    "(",
    "[1]",
]
CHARACTERS = [
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u00ad",
    "\u200b",
    "\u200d",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u061c",
    "\ufeff",
    "\ufffc",
    "\ufffd",
    "😀",
    "👨‍👩‍👧",
    "𝐁",
    "\U0010ffff",
    "e\u0301",
    "中文",
    " ",
]
WORDS = [
    "ketamine",
    "Ketamine",
    "esketamine",
    "SSRIs",
    "TMS",
    "depression",
    "PTSD",
    "cure",
    "cures",
    "miracle",
    "guaranteed",
    "no side effects",
    "not addictive",
    "100% safe",
    "FDA-approved",
    "FDA approved for depression",
    "stimulates NMDA receptors",
    "blocks",
    "suicide",
    "988",
    "80% of patients",
    "3 times",
    "studies show",
    "in one session",
    "works for everyone",
    "is not medical advice",
    "off-label",
    "results vary",
    "Myth:",
    "never",
    "always",
    ".",
    ". ",
    "! ",
    "? ",
    ", ",
]
FRONT_MATTER = [
    "",
    "",
    "",
    "---\n---\n",
    "---\ntitle: A miracle cure\n---\n",
    "---\ntitle: 'open\n---\n",
    "---\ntitle: [a, b\n---\n",
    "---\n- a\n- b\n---\n",
    "---\nklint: {disable: [health-core.cure-claim]}\n---\n",
    "---\ndescription: >\n  folded cure\n  text\n...\n",
    "---\r\ntitle: CRLF cure\r\n---\r\n",
    "---\ntitle: x\n",
    "---\nkey: !!python/name:os.system\n---\n",
    "--- \ntitle: spaced\n--- \n",
]

piece = st.one_of(
    st.sampled_from(MARKUP), st.sampled_from(CHARACTERS), st.sampled_from(WORDS), st.text(max_size=6)
)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """Hostile Markdown as the bytes of a file: UTF-8, UTF-8 with a BOM, or UTF-16."""
    front_matter = draw(st.one_of(st.just(""), st.sampled_from(FRONT_MATTER)))
    text = front_matter + "".join(draw(st.lists(piece, max_size=120)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16"]))
    return text.encode(encoding, "surrogatepass")


def checked(linter: Linter, data: bytes) -> FileResult:
    """Read, parse and lint the bytes; nothing may raise."""
    return linter.check_bytes(data, "fuzz.md")


def assert_inside(lines: LineIndex, source: str, span: Span, start: Location, end: Location) -> None:
    """The span lies in the source and its 1-based positions in the lines it names."""
    assert 0 <= span.start <= span.end <= len(source)
    assert (lines.location(span.start), lines.location(span.end)) == (start, end)
    for location in (start, end):
        assert 1 <= location.line <= lines.line_count
        first = lines.line_start(location.line)
        following = lines.line_start(location.line + 1) if location.line < lines.line_count else len(source)
        text = source[first:following].rstrip("\r\n")
        assert 1 <= location.column <= len(text) + 1
    assert (start.line, start.column) <= (end.line, end.column)


def assert_positions(result: FileResult) -> None:
    """Every finding, fix edit and related place lies inside the document."""
    if result.source is None:
        assert result.error is not None and result.error.message
        return
    source = result.source.text
    lines = LineIndex(source)
    for finding in result.findings:
        assert_finding_inside(lines, source, finding)


def assert_finding_inside(lines: LineIndex, source: str, finding: Finding) -> None:
    assert_inside(lines, source, finding.span, finding.start, finding.end)
    for fix in (finding.fix, *finding.suggestions):
        for edit in fix.edits if fix is not None else ():
            assert_inside(lines, source, edit.span, edit.start, edit.end)
    for related in finding.related:
        assert related.path == finding.path
        assert 1 <= related.start.line <= lines.line_count


def assert_fixes_settle(linter: Linter, result: FileResult, unsafe: bool) -> None:
    """Fixing twice changes nothing more, and the fixed text still parses and lints."""
    if result.source is None or result.error is not None:
        return
    outcome = fix_result(linter, result, unsafe)
    fixed = outcome.text
    parse(fixed, "fuzz.md")
    again = linter.check_source(SourceText("fuzz.md", fixed))
    assert again.error is None
    assert_positions(again)
    if outcome.converged:
        assert fix_result(linter, again, unsafe).text == fixed


def assert_pipeline(linter: Linter, data: bytes) -> None:
    """The three properties on one document; shared with ``scripts/fuzz.py``."""
    result = checked(linter, data)
    assert_positions(result)
    assert_fixes_settle(linter, result, unsafe=False)
    assert_fixes_settle(linter, result, unsafe=True)


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(documents())
def test_hostile_markdown_never_raises_and_positions_stay_inside(shipped_linter: Linter, data: bytes) -> None:
    assert_positions(checked(shipped_linter, data))


@FUZZ
@given(documents())
def test_fixes_on_hostile_markdown_are_idempotent_and_parse(shipped_linter: Linter, data: bytes) -> None:
    result = checked(shipped_linter, data)
    assert_fixes_settle(shipped_linter, result, unsafe=False)
    assert_fixes_settle(shipped_linter, result, unsafe=True)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("> -*1.`~[]()!#|\n\r\t:_\\<>\x00a"), max_size=400))
def test_pure_markup_parses_with_positions_inside(shipped_linter: Linter, text: str) -> None:
    """Container and fence soup without words: the parser's alignment is what is tested."""
    doc = parse(text, "soup.md")
    for block in doc.blocks:
        for index in range(len(block.text)):
            offset = block.view.source_offset(index)
            assert 0 <= offset < len(text)
            if block.text[index] not in "\n\ufffc":  # a line break, or code standing in
                assert text[offset] in (block.text[index], "\\", "\x00")  # verbatim, an escape, NUL
    assert_positions(shipped_linter.check_source(SourceText("soup.md", text)))


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_a_bom_is_not_part_of_the_text(shipped_linter: Linter, encoding: str, bom: bytes) -> None:
    result = checked(shipped_linter, bom + "A miracle cure.\n".encode(encoding))
    assert result.source is not None and result.source.bom
    assert [f.start for f in result.findings if f.rule == "health-core.cure-claim"] == [Location(1, 3)]
