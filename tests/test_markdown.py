"""The parser's promise: every prose character maps back to the same source character."""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import patch

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from klint import markdown
from klint.document import Link
from klint.markdown import CODE_PLACEHOLDER, FrontMatterError, parse
from klint.model import LineIndex


def _position(doc, needle: str) -> tuple[int, int]:
    """Line and column (1-based) that the parser maps the first ``needle`` in prose to."""
    for block in doc.blocks:
        index = block.text.find(needle)
        if index >= 0:
            location = doc.location(block.view.source_offset(index))
            return location.line, location.column
    raise AssertionError(f"{needle!r} not in prose")


def _assert_faithful(source: str) -> None:
    doc = parse(source)
    for block in doc.blocks:
        for index, char in enumerate(block.text):
            if char in ("\n", CODE_PLACEHOLDER):
                continue
            offset = block.view.source_offset(index)
            assert 0 <= offset < len(source)
            if source[offset] != char:  # only escapes and entities decode to other text
                assert source[offset] in "\\&", (index, char, source[offset])


def test_words_inside_inline_markup_keep_their_own_columns() -> None:
    source = "Intro line.\n\nKetamine **works by _stimulating_ NMDA** and [a link text](https://x.org).\n"
    doc = parse(source)
    line3 = source.splitlines()[2]
    assert _position(doc, "stimulating") == (3, line3.index("stimulating") + 1) == (3, 22)
    assert _position(doc, "link text") == (3, line3.index("link text") + 1)
    assert [b.text for b in doc.blocks] == [
        "Intro line.",
        "Ketamine works by stimulating NMDA and a link text.",
    ]
    assert doc.blocks[1].links[0].href == "https://x.org"


def test_code_html_and_urls_are_not_prose() -> None:
    source = "Use `cure` here <span>miracle</span> and https://cure.example/x now.\n\n```\ncure\n```\n"
    doc = parse(source)
    assert len(doc.blocks) == 1
    text = doc.blocks[0].text
    assert "cure" not in text.replace(CODE_PLACEHOLDER, "")
    assert "miracle" in text  # inline HTML tags are skipped, their text content is prose
    assert doc.blocks[0].links[0].href == "https://cure.example/x"


def test_crlf_bom_free_source_keeps_lines() -> None:
    source = "# Title\r\n\r\n- first item\r\n  continued here\r\n- second\r\n"
    doc = parse(source)
    assert _position(doc, "continued") == (4, 3)
    assert _position(doc, "second") == (5, 3)
    assert [sorted(b.scopes) for b in doc.blocks] == [
        ["heading"],
        ["list", "paragraph"],
        ["list", "paragraph"],
    ]


def test_quotes_tables_and_headings_have_scopes_and_positions() -> None:
    source = "## Claims ##\n\n> Quoted claim.\n\n| Drug | Claim |\n|---|---|\n| ketamine | cures all |\n"
    doc = parse(source)
    assert _position(doc, "Claims") == (1, 4)
    assert _position(doc, "Quoted") == (3, 3)
    assert _position(doc, "cures all") == (7, 14)
    kinds = [(b.kind, sorted(b.scopes)) for b in doc.blocks]
    assert kinds[1] == ("paragraph", ["paragraph", "quote"])
    assert all(kind == "table" for kind, _ in kinds[2:])


def test_front_matter_fields_are_prose_and_lines_do_not_shift() -> None:
    source = '---\ntitle: "A miracle cure"\nsite: Acme\ndescription: Plain words here\n---\n\nBody text.\n'
    doc = parse(source)
    assert doc.front_matter["site"] == "Acme"
    assert _position(doc, "miracle") == (2, 11)
    assert _position(doc, "Plain") == (4, 14)
    assert _position(doc, "Body") == (7, 1)


def test_bad_front_matter_names_its_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("---\ntitle: ok\nsite: [unclosed\n---\nBody\n")
    assert caught.value.line >= 3


def _pure_loader_says(yaml_text: str) -> tuple[str, Any]:
    """What PyYAML's pure-Python safe loader, the reference, makes of a front matter."""
    try:
        data = yaml.load(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return "error", (problem, mark.line + 2 if mark else 1)
    if data is None:
        return "data", {}
    return ("data", data) if isinstance(data, dict) else ("not a mapping", None)


def _klint_says(yaml_text: str) -> tuple[str, Any]:
    try:
        return "data", parse(f"---\n{yaml_text}\n---\nBody.\n").front_matter
    except FrontMatterError as error:
        if "must be a mapping" in str(error):
            return "not a mapping", None
        return "error", (str(error).removeprefix("front matter is not valid YAML: "), error.line)


@pytest.mark.parametrize(
    "yaml_text",
    [
        "title: x\t",  # libyaml accepts tabs where the pure loader does not
        "key:\tvalue",
        "a:\n\t- b",
        "title: |#\n  x",  # a comment glued to a block-scalar header
        "title: !",  # an empty non-specific tag: null, not ""
        "title: !x!y z",
        "tags: [a? b]",  # "?" inside a flow collection
        "a: [b]\nc: ?",
        "? <<",  # a constructor error at an empty node, whose marks differ
        "%YAML 1.1\n--- a: b",
        "a: " + "[" * 40 + "]" * 40,  # nesting left to the pure loader
        "title: x\ndescription: " + "y" * 5000,  # longer than libyaml is given
        "title: A plain title\ndescription: 'It''s quoted'\ntags: [a, b]\ndate: 2024-01-02",
    ],
)
def test_front_matter_is_read_as_the_pure_yaml_loader_reads_it(yaml_text: str) -> None:
    assert _klint_says(yaml_text) == _pure_loader_says(yaml_text)


_YAML_PIECE = st.sampled_from(
    [
        *("title", "tags", "a", ": ", ":", "- ", "? ", "?", ", ", "#", " #", "'", '"', "[", "]", "{", "}"),
        *("|", ">", "!", "!!str ", "&x ", "*x", "<<: ", "%", "é", "2024-01-02", "null", "1.5", "\n", "\n  "),
        *(" ", "\t", "\x85", "\u2028", "\ufeff"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_YAML_PIECE, max_size=20).map("".join))
def test_any_front_matter_is_read_as_the_pure_yaml_loader_reads_it(yaml_text: str) -> None:
    assert _klint_says(yaml_text) == _pure_loader_says(yaml_text)


def test_merged_keys_do_not_become_prose_twice() -> None:
    doc = parse("---\nbase: &b {title: Merged}\nmore:\n  <<: *b\ntitle: Own\n---\nBody.\n")
    assert doc.front_matter["more"] == {"title": "Merged"}
    assert [b.text for b in doc.blocks if b.kind == "front-matter"] == ["Own"]


@given(st.text(alphabet="ab\r\n\x85\u2028 ", max_size=40))
def test_line_starts_follow_commonmark_line_endings(source: str) -> None:
    lines = LineIndex(source)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]
    assert [lines.line_start(n) for n in range(1, len(starts) + 1)] == starts
    assert lines.line_count == len(starts)


def test_escapes_and_entities_map_to_their_source() -> None:
    source = "Fees &amp; risks \\*not\\* zero.\n"
    doc = parse(source)
    assert doc.blocks[0].text == "Fees & risks *not* zero."
    assert _position(doc, "risks") == (1, 12)
    assert _position(doc, "zero") == (1, 26)


def test_comments_are_collected_for_suppressions() -> None:
    doc = parse("<!-- klint-disable a.b -->\nText <!-- klint-enable -->\n")
    assert [(c.text, c.line) for c in doc.comments] == [("klint-disable a.b", 1), ("klint-enable", 2)]


def test_footnote_definitions_are_known_and_not_prose() -> None:
    doc = parse("A claim.[^1]\n\n[^1]: Smith et al., 2019.\n")
    assert doc.footnotes == {"1"}
    assert [sorted(b.scopes) for b in doc.blocks] == [["paragraph"], ["footnote"]]


_WORD = st.sampled_from(["ketamine", "blocks", "NMDA", "receptors", "cure", "safe", "5%", "Dr.", "e.g.", "x"])
_INLINE = st.one_of(
    _WORD,
    _WORD.map(lambda w: f"**{w}**"),
    _WORD.map(lambda w: f"_{w}_"),
    _WORD.map(lambda w: f"`{w}`"),
    _WORD.map(lambda w: f"[{w}](https://e.org/{w})"),
    _WORD.map(lambda w: f"![{w}](i.png)"),
    st.sampled_from(["&amp;", "\\*", "<b>", "https://a.org/b."]),
)
_LINE = st.lists(_INLINE, min_size=1, max_size=8).map(" ".join)
_BLOCK = st.one_of(
    _LINE,
    _LINE.map(lambda s: "# " + s),
    _LINE.map(lambda s: "> " + s),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(_LINE, min_size=1, max_size=3).map(
        lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))
    ),
    st.tuples(_WORD, _WORD).map(lambda p: f"| {p[0]} | {p[1]} |\n|---|---|\n| {p[1]} | {p[0]} |"),
    _LINE.map(lambda s: "```\n" + s + "\n```"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_BLOCK, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_every_prose_character_maps_back_to_the_source(blocks: list[str], newline: str) -> None:
    source = newline.join(b.replace("\n", newline) for b in "\n\n".join(blocks).split("\n\n"))
    _assert_faithful(source)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_arbitrary_text_parses_with_positions_inside_the_document(source: str) -> None:
    doc = parse(source)
    for sentence in doc.sentences:
        span = doc.sentence_span(sentence)
        assert 0 <= span.start <= span.end <= len(source)


_MARKDOWN_ALPHABET = "ab cd*_`[]()!<>#-|\\&;:\n\r\t0123456789.~\"'"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MARKDOWN_ALPHABET, max_size=120))
def test_markdown_soup_maps_letters_back_to_themselves(source: str) -> None:
    doc = parse(source)
    for block in doc.blocks:
        for index, char in enumerate(block.text):
            offset = block.view.source_offset(index)
            assert 0 <= offset < len(source)
            if char.isalnum():
                assert source[offset] == char, (index, char)


# -- the fast path for inline content without markup ---------------------------------------
#: Every inline rule _INLINE_MARKUP was derived from; a markdown-it-py that adds one must fail here.
_INLINE_RULES = [
    *("text", "newline", "escape", "backticks", "strikethrough", "emphasis", "link", "image"),
    *("autolink", "html_inline", "entity"),
]
_NO_MARKUP_ALPHABET = st.sampled_from(
    [c for c in map(chr, range(32, 127)) if not markdown._INLINE_MARKUP.search(c)]
    + ["é", "\u00a0", "\u200b", "\ufffd", "\u2028", "😀", "\t", "\x0b", "\x0c"]
)


def test_the_inline_rules_are_the_ones_the_fast_path_knows() -> None:
    active = markdown._markdown().get_active_rules()
    assert active["inline"] == _INLINE_RULES
    assert active["core"] == ["normalize", "block"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_NO_MARKUP_ALPHABET, max_size=60))
def test_inline_content_without_markup_is_one_text_token(content: str) -> None:
    md = markdown._markdown()
    children: list[Token] = []
    md.inline.parse(content, md, {}, children)
    assert [(t.type, t.content, t.level, t.markup, t.children) for t in children] == (
        [("text", content, 0, "", None)] if content else []
    )


def _everything(source: str) -> tuple[Any, ...]:
    doc = parse(source)
    return doc.blocks, doc.sentences, doc.comments, doc.footnotes, doc.front_matter, doc.body_start


_INLINE_PIECE = (
    st.sampled_from(["ab", "Word", " ", "\n", "\n\n", "\r\n", "  \n", "\t", "*", "**", "_", "~~", "`", "]"])
    | st.sampled_from(["[x](/u)", "![i](p.png)", "<b>", "<!-- c -->", "&amp;", "\\*", "https://a.org/b."])
    | st.sampled_from(["www.x.com", "<https://a.b>", "# ", "- ", "> ", "1. ", "    ", "```\n", "[^1]: "])
    | st.sampled_from(["| a | b |\n|---|---|\n| c | d |\n", "\x00", "\u00ad", "é", "a/b", "://", "!", ":"])
    | st.sampled_from(["-", ".", "Dr. X", "---\ntitle: T\n---\n"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_INLINE_PIECE, max_size=40).map("".join))
def test_the_fast_path_builds_what_the_aligner_builds(source: str) -> None:
    fast = _everything(source)
    with patch.object(markdown, "_INLINE_MARKUP", re.compile("")):  # every token takes the aligner
        assert _everything(source) == fast


@given(
    st.lists(
        st.sampled_from(["a", " ", "/", "://", "http", "http://x.org/p", "s://y", "www.", "w.", ".", ")"])
    )
)
def test_bare_urls_are_masked_as_a_substitution_masks_them(parts: list[str]) -> None:
    piece = "".join(parts)
    links: list[Link] = []
    masked = markdown._masked_urls(piece, 3, links)
    urls = list(markdown._BARE_URL.finditer(piece))
    assert masked == markdown._BARE_URL.sub(lambda m: CODE_PLACEHOLDER * len(m.group(0)), piece)
    assert links == [Link(3 + m.start(), 3 + m.end(), m.group(0)) for m in urls]


def _tokens(md: MarkdownIt, source: str) -> list[tuple[Any, ...]]:
    """Every block token and, for inline ones, the children the inline parse makes."""
    env: dict[str, Any] = {}
    found = []
    for token in md.parse(source, env):
        children: list[Token] = []
        if token.type == "inline":
            md.inline.parse(token.content, md, env, children)
        for t in (token, *children):
            found.append((t.type, t.tag, t.nesting, t.level, t.map, t.content, t.markup, t.info, t.attrs))
    return found


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        _INLINE_PIECE | st.sampled_from([":", "%", "-", "$", "]", "[a]", "[a]: /b", "![", "!["]), max_size=40
    )
)
def test_text_stops_only_where_an_inline_rule_can_fire(pieces: list[str]) -> None:
    source = "".join(pieces)
    usual = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["text_join", "inline"])
    assert _tokens(markdown._markdown(), source) == _tokens(usual, source)
