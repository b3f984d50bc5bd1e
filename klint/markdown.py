"""Parse Markdown source into a :class:`~klint.document.Document` with exact offsets.

markdown-it-py gives block tokens line maps but no columns, and inline tokens no
positions at all, so each inline run is re-aligned with the source: every content line
is located in its source line, then the inline children are walked with a cursor
(text is verbatim, markup is skipped, escapes and entities are found by their source
form). Most inline runs hold no markup at all: those are not given to markdown-it's inline
parser, whose one text token would be the run itself, but copied from their line.
Front matter is parsed with PyYAML (with libyaml where it reads YAML exactly as the
pure-Python loader does) and blanked out (newlines kept) before markdown-it sees the text,
so line numbers never shift.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from klint.document import Block, Comment, Document, Link
from klint.model import LineIndex, Span, TextView, TextViewBuilder
from klint.sentences import split_sentences

#: Front-matter fields that are copy a reader sees, so they are checked too.
FRONT_MATTER_PROSE = ("title", "description", "summary", "excerpt", "subtitle")

#: Stands in for inline code so that words around it do not run together.
CODE_PLACEHOLDER = "\ufffc"

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*(?:\r\n|\r|\n)(.*?)(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", re.S
)
_NOT_NEWLINE = re.compile(r"[^\r\n]+")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)
_FOOTNOTE_BLOCK = re.compile(r"\A\[\^[^\]\s]+\]:")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"’”]")
#: Block-quote markers, list markers and indentation in front of a line's text.
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))*[ \t]*")
#: Invisible characters that split a word for a regex but not for a reader (soft hyphen,
#: zero-width space and joiners, word joiner, BOM): left out of the prose the rules see.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
#: Where an inline rule of the parser can match: a line break, an escape, code, strikethrough,
#: emphasis, a link or image ("!" only before "["), an autolink or HTML, an entity. Inline content
#: with none of them is one text token, its content verbatim.
_MARKUP_CHARS = r"\n\\`~*_\[<&"
_INLINE_MARKUP = re.compile(f"[{_MARKUP_CHARS}]")
#: Where the parser's text rule stops to let the other inline rules try: those, "!" of an image
#: and "]" that ends a link text. markdown-it also stops at ":", "-", "%" and more, for rules
#: klint does not enable; at those, every rule declines and the character is text anyway.
_INLINE_STOPS = re.compile(f"[{_MARKUP_CHARS}\\]!]")
_CONTAINER_OPENS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"})

_parser: MarkdownIt | None = None


class FrontMatterError(ValueError):
    """Front matter that is not valid YAML; carries the 1-based line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _markdown() -> MarkdownIt:
    global _parser
    if _parser is None:
        # text_join merges escapes into text, after which text can't be found in the
        # source; typographer and linkify rewrite text. All three stay off. The core rule
        # "inline" parses every inline token; the walker does that itself, and only for
        # content with markup (see _INLINE_MARKUP).
        _parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["text_join", "inline"])
        _parser.inline.terminator_re = _INLINE_STOPS
    return _parser


def parse(source: str, path: str = "<stdin>") -> Document:
    """Parse ``source`` (already decoded, BOM removed) into a Document."""
    lines = LineIndex(source)
    front_matter, body, fm_blocks, body_start = _split_front_matter(source, lines)
    # markdown-it turns NUL into U+FFFD; do the same (one character for one) so the
    # inline text can still be found in the source.
    env: dict[str, Any] = {}  # link reference definitions, read by the inline parse
    walker = _Walker(source.replace("\x00", "\ufffd"), lines, fm_blocks, env)
    walker.walk(_markdown().parse(body.replace("\x00", "\ufffd"), env))
    blocks = tuple(walker.blocks)
    sentences = tuple(split_sentences(blocks))
    return Document(
        path=path,
        source=source,
        lines=lines,
        front_matter=front_matter,
        blocks=blocks,
        sentences=sentences,
        comments=tuple(walker.comments),
        footnotes=_footnote_names(body),
        body_start=body_start,
    )


def _footnote_names(body: str) -> frozenset[str]:
    if "[^" not in body:  # most documents: skip a match attempt at every line start
        return frozenset()
    return frozenset(m.group(1) for m in _FOOTNOTE_DEF.finditer(body))


# -- front matter ----------------------------------------------------------------------
#: PyYAML's libyaml-backed safe loader, when PyYAML was built with it.
_FastSafeLoader: Any = getattr(yaml, "CSafeLoader", None)
#: libyaml recurses in C once per nesting level, and a level takes at least one character:
#: text this short cannot reach the end of the C stack.
_FAST_YAML_MAX_CHARS = 4096
#: Far below the nesting at which the pure loader runs out of Python recursion.
_FAST_YAML_MAX_NESTING = 32
#: Where libyaml and the pure loader disagree (found by differential fuzzing): tabs, NEL/LS/PS
#: line breaks and BOMs; "#" right after a block-scalar header; tags; directives; "?" inside a
#: flow collection. Text with any of them goes to the pure loader.
_YAML_DIVERGES = re.compile(r"[\t\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#|(?<!\w)!|^%|[\[{][\s\S]*\?", re.M)


class _TooDeepForLibyaml(Exception):
    """Nesting the pure loader may not survive: it must get the chance to fail as before."""


def _split_front_matter(source: str, lines: LineIndex) -> tuple[Mapping[str, Any], str, list[Block], int]:
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source, [], 0
    yaml_text = match.group(1)
    try:
        data, pairs = _load_front_matter(yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from error
    except RecursionError:
        raise FrontMatterError("front matter is nested too deeply to read", 2) from None
    except (ValueError, OverflowError) as error:  # a value YAML types but Python cannot hold: 2020-13-45
        raise FrontMatterError(f"front matter has a value that cannot be read: {error}", 2) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", 2)
    blocks = list(_front_matter_blocks(pairs, source, match.start(1), lines))
    blanked = _NOT_NEWLINE.sub(_spaces, source[: match.end()])
    return data, blanked + source[match.end() :], blocks, match.end()


def _load_front_matter(yaml_text: str) -> tuple[Any, list[tuple[yaml.Node, yaml.Node]]]:
    """The data of ``yaml_text`` and its top-level (key, value) nodes, from one composition.

    libyaml composes many times faster than the pure-Python loader but words its errors
    differently and accepts a few inputs the pure loader rejects, so it only gets text without
    those constructs, and anything it rejects is loaded again by the pure loader: what is
    accepted, and every error message and line, stay the pure loader's.
    """
    if (
        _FastSafeLoader is not None
        and len(yaml_text) <= _FAST_YAML_MAX_CHARS
        and not _YAML_DIVERGES.search(yaml_text)
    ):
        # Encoding the text for libyaml fails on lone surrogates.
        with contextlib.suppress(yaml.YAMLError, UnicodeEncodeError, _TooDeepForLibyaml):
            return _load(_FastSafeLoader, yaml_text, _FAST_YAML_MAX_NESTING)
    return _load(yaml.SafeLoader, yaml_text, None)


def _load(
    loader_class: Any, yaml_text: str, max_nesting: int | None
) -> tuple[Any, list[tuple[yaml.Node, yaml.Node]]]:
    loader = loader_class(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        if max_nesting is not None and _nesting(node) > max_nesting:
            raise _TooDeepForLibyaml
        # Taken before constructing: merge keys ("<<") rewrite mapping nodes in place.
        pairs = list(node.value) if isinstance(node, yaml.MappingNode) else []
        return loader.construct_document(node), pairs
    finally:
        loader.dispose()


def _nesting(node: yaml.Node) -> int:
    """How many collections deep ``node`` goes; an alias's node counts where it is defined."""
    deepest, seen = 0, set()
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    while stack:  # depth first in document order: a definition is met before its aliases
        current, depth = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        deepest = max(deepest, depth)
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in reversed(current.value) for child in reversed(pair))
    return deepest


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _front_matter_blocks(
    pairs: list[tuple[yaml.Node, yaml.Node]], source: str, offset: int, lines: LineIndex
) -> Iterator[Block]:
    for key, value in pairs:
        if not (isinstance(value, yaml.ScalarNode) and key.value in FRONT_MATTER_PROSE):
            continue
        if not isinstance(value.value, str) or not value.value.strip():
            continue
        start = offset + value.start_mark.index
        end = offset + value.end_mark.index
        raw = source[start:end]
        builder = TextViewBuilder()
        if value.style in ('"', "'") and raw[1:-1] == value.value:
            builder.append(value.value, start + 1)
        elif not value.style and raw == value.value:  # plain: None from PyYAML, "" from libyaml
            builder.append(value.value, start)
        else:  # folded, escaped or multi-line scalar: positions collapse to its start
            for char in value.value:
                builder.append_char(char, start, 1)
        yield Block(
            kind="front-matter",
            view=builder.build(start),
            scopes=frozenset({"front-matter"}),
            line=lines.location(start).line,
        )


# -- body --------------------------------------------------------------------------------
@dataclass
class _Context:
    in_list: int = 0
    in_quote: int = 0
    pending: str = "paragraph"
    level: int = 0
    row_cursor: dict[int, int] = field(default_factory=dict)


class _Walker:
    """Turns the token stream into blocks and comments."""

    def __init__(self, source: str, lines: LineIndex, front_matter: list[Block], env: dict[str, Any]) -> None:
        self.source = source
        self.env = env
        self.lines = lines
        self.blocks: list[Block] = list(front_matter)
        self.comments: list[Comment] = []
        self.section = -1
        self.ctx = _Context()

    def walk(self, tokens: Sequence[Token]) -> None:
        ctx = self.ctx
        deepest = _markdown().options["maxNesting"] - 1
        for position, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":  # the commonest token first
                if token.map:
                    self._inline(token)
                continue
            if kind == "paragraph_open":  # the next commonest, with its close
                ctx.pending = "paragraph"
                continue
            if kind == "paragraph_close":
                continue
            if kind in _CONTAINER_OPENS and token.level >= deepest and token.map:
                following = tokens[position + 1] if position + 1 < len(tokens) else None
                if following is not None and following.nesting == -1:
                    self._unparsed(token.map[0], token.map[1])
            if kind == "list_item_open":
                ctx.in_list += 1
            elif kind == "list_item_close":
                ctx.in_list -= 1
            elif kind == "blockquote_open":
                ctx.in_quote += 1
            elif kind == "blockquote_close":
                ctx.in_quote -= 1
            elif kind == "heading_open":
                ctx.pending, ctx.level = "heading", int(token.tag[1:])
            elif kind in ("th_open", "td_open"):
                ctx.pending = "table"
            elif kind == "html_block" and token.map:
                self._html_block(token)

    def _unparsed(self, first_line: int, end_line: int) -> None:
        """Lines markdown-it skipped at its nesting limit, read as plain paragraphs.

        Past ``maxNesting`` containers markdown-it drops the rest of the container (for a
        list item, the rest of the document); hostile nesting must not hide text from rules.
        """
        region_start = self.lines.line_start(first_line + 1)
        paragraph: list[tuple[int, int]] = []
        for number in range(first_line + 1, end_line + 1):
            line_start = self.lines.line_start(number)
            line_end = _line_end(self.source, line_start)
            prefix = _CONTAINER_PREFIX.match(self.source, line_start, line_end)
            text_start = prefix.end() if prefix else line_start
            if text_start < line_end and self.source[text_start:line_end].strip():
                paragraph.append((text_start, line_end))
                continue
            self._plain_paragraph(paragraph)
            paragraph = []
        self._plain_paragraph(paragraph)
        region_end = _line_end(self.source, self.lines.line_start(end_line))
        for match in _COMMENT.finditer(self.source, region_start, region_end):
            self._comment(match.group(1), match.start(), match.end())

    def _plain_paragraph(self, lines: list[tuple[int, int]]) -> None:
        if not lines:
            return
        builder = TextViewBuilder()
        for index, (start, end) in enumerate(lines):
            if index:
                builder.append_char("\n", lines[index - 1][1], 1)
            _append_visible(builder, self.source[start:end], start)
        scopes = {"paragraph"} | ({"list"} if self.ctx.in_list else set())
        self.blocks.append(
            Block(
                kind="paragraph",
                view=builder.build(lines[0][0]),
                scopes=frozenset(scopes | ({"quote"} if self.ctx.in_quote else set())),
                line=self.lines.location(lines[0][0]).line,
                section=self.section,
            )
        )

    # -- comments ------------------------------------------------------------------
    def _html_block(self, token: Token) -> None:
        assert token.map is not None
        base = self.lines.line_start(token.map[0] + 1)
        for match in _COMMENT.finditer(token.content):
            where = self.source.find(match.group(0), base)
            if where >= 0:
                self._comment(match.group(1), where, where + len(match.group(0)))

    def _comment(self, text: str, start: int, end: int) -> None:
        self.comments.append(
            Comment(
                text=text.strip(),
                span=Span(start, end),
                line=self.lines.location(start).line,
                end_line=self.lines.location(max(start, end - 1)).line,
            )
        )

    # -- prose -------------------------------------------------------------------------
    def _inline(self, token: Token) -> None:
        assert token.map is not None
        ctx = self.ctx
        kind = ctx.pending
        content = token.content
        first_line = token.map[0] + 1
        links: list[Link] = []
        if _INLINE_MARKUP.search(content) is None:  # most prose: one line of plain text
            view = _plain_view(content, self._origin(first_line, content, kind == "table"), links)
        else:
            md = _markdown()
            children: list[Token] = []
            md.inline.parse(content, md, self.env, children)
            origins = self._content_origins(token, kind == "table")
            builder = TextViewBuilder()
            for comment_text, start, end in _Aligner(content, origins).walk(children, builder, links):
                self._comment(comment_text, start, end)
            view = builder.build(origins[0][1])
        if not view.text.strip():
            return
        scope = "footnote" if kind == "paragraph" and _FOOTNOTE_BLOCK.match(view.text) else kind
        scopes = _scopes(scope, bool(ctx.in_list), bool(ctx.in_quote))
        level = ctx.level if kind == "heading" else 0
        # by position: keywords cost more, and every prose run makes a block
        block = Block(kind, view, scopes, first_line, self.section, level, tuple(links))
        if kind == "heading":
            self.section = len(self.blocks)
        self.blocks.append(block)
        if kind != "table":
            ctx.pending = "paragraph"

    def _content_origins(self, token: Token, is_cell: bool) -> list[tuple[int, int]]:
        """For each content line: (content index of its start, its source offset)."""
        assert token.map is not None
        origins: list[tuple[int, int]] = []
        index = 0
        for k, content_line in enumerate(token.content.split("\n")):
            origins.append((index, self._origin(token.map[0] + k + 1, content_line, is_cell)))
            index += len(content_line) + 1
        return origins

    def _origin(self, line_number: int, content_line: str, is_cell: bool) -> int:
        """Source offset of ``content_line``, which sits in 1-based source line ``line_number``."""
        line_start = self.lines.line_start(line_number)
        source_line = self.source[line_start : _line_end(self.source, line_start)]
        row_cursor = self.ctx.row_cursor
        column = _locate(source_line, content_line, row_cursor.get(line_number, 0) if is_cell else 0)
        if is_cell:
            row_cursor[line_number] = column + len(content_line)
        return line_start + column


def _line_end(source: str, start: int) -> int:
    """Offset of the first newline character at or after ``start`` (or the end of ``source``)."""
    end = source.find("\n", start)
    if end < 0:
        end = len(source)
    carriage_return = source.find("\r", start, end)
    return end if carriage_return < 0 else carriage_return


@functools.cache
def _scopes(scope: str, in_list: bool, in_quote: bool) -> frozenset[str]:
    """The scopes of a block: few combinations, built once each."""
    return frozenset({scope} | ({"list"} if in_list else set()) | ({"quote"} if in_quote else set()))


def _locate(source_line: str, content_line: str, cursor: int) -> int:
    """Column where ``content_line`` sits in ``source_line``."""
    stripped = content_line.rstrip()
    if not stripped:
        return min(len(source_line), cursor)
    line = source_line.rstrip()
    if cursor == 0 and line.endswith(stripped):
        return len(line) - len(stripped)
    for candidate in (stripped, stripped.replace("|", "\\|")):
        found = source_line.find(candidate, cursor)
        if found >= 0:
            return found
    found = source_line.find(stripped.lstrip(), cursor)
    return found - (len(stripped) - len(stripped.lstrip())) if found >= 0 else cursor


class _Aligner:
    """Walks inline children, keeping a cursor into the inline content."""

    def __init__(self, content: str, origins: list[tuple[int, int]]) -> None:
        self.content = content
        self.origins = origins
        self.starts = [start for start, _ in origins]
        self.cursor = 0

    def line_of(self, index: int) -> int:
        """Content line holding content ``index``."""
        return max(bisect.bisect_right(self.starts, index) - 1, 0)

    def source_at(self, index: int) -> int:
        start, source = self.origins[self.line_of(index)]
        return source + (index - start)

    def _find(self, piece: str) -> int:
        found = self.content.find(piece, self.cursor)
        return found if found >= 0 else self.cursor

    def _skip(self, markup: str) -> None:
        if markup:
            self.cursor = self._find(markup) + len(markup)

    def walk(
        self, children: Sequence[Token], builder: TextViewBuilder, links: list[Link]
    ) -> Iterator[tuple[str, int, int]]:
        """Fill ``builder``; yield HTML comments found inline as (text, start, end)."""
        link_starts: list[tuple[int, str]] = []
        in_autolink = False
        for child in children:
            kind = child.type
            if in_autolink:  # an autolink's text is its URL: never prose
                in_autolink = kind != "link_close"
                continue
            if kind == "text":
                if child.content:
                    at = self._find(child.content)
                    self._append(builder, child.content, at, links)
                    self.cursor = at + len(child.content)
            elif kind == "text_special":
                at = self._find(child.markup)
                if child.content == child.markup:  # a backslash that escapes nothing
                    self._append(builder, child.content, at, links)
                else:  # decoded escape or entity: its characters stand for the markup
                    for char in child.content:
                        builder.append_char(char, self.source_at(at), len(child.markup))
                self.cursor = at + len(child.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = self._find("\n")
                builder.append_char("\n", self.source_at(at), 1)
                self.cursor = at + 1
            elif kind == "code_inline":
                self._skip(child.markup)
                at = self._find(child.markup)
                builder.append_char(CODE_PLACEHOLDER, self.source_at(self.cursor), 1)
                self.cursor = at + len(child.markup)
            elif kind == "html_inline":
                at = self._find(child.content)
                self.cursor = at + len(child.content)
                comment = _COMMENT.fullmatch(child.content)
                if comment:
                    yield comment.group(1), self.source_at(at), self.source_at(self.cursor - 1) + 1
            elif kind == "link_open" and child.markup == "autolink":
                at = self._find("<")
                builder.append_char(CODE_PLACEHOLDER, self.source_at(at), 1)
                links.append(Link(len(builder) - 1, len(builder), str(child.attrs.get("href", ""))))
                self.cursor = at + 1
                self._skip(">")
                in_autolink = True
            elif kind == "link_open":
                self._skip("[")
                link_starts.append((len(builder), str(child.attrs.get("href", ""))))
            elif kind == "link_close":
                start, href = link_starts.pop() if link_starts else (len(builder), "")
                links.append(Link(start, len(builder), href))
                self._skip_link_tail()
            elif kind == "image":
                self._skip("![")
                start = len(builder)
                yield from self.walk(child.children or [], builder, links)
                links.append(Link(start, len(builder), str(child.attrs.get("src", ""))))
                self._skip_link_tail()
            elif child.markup:  # emphasis, strong, strikethrough
                self._skip(child.markup)

    def _skip_link_tail(self) -> None:
        content, i = self.content, self.cursor
        if i < len(content) and content[i] == "]":
            i += 1
        if i < len(content) and content[i] in "([":
            closer = ")" if content[i] == "(" else "]"
            depth, j = 0, i
            while j < len(content):
                if content[j] == "\\":
                    j += 2
                    continue
                if content[j] == content[i]:
                    depth += 1
                elif content[j] == closer:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
        self.cursor = min(i, len(content))

    def _append(self, builder: TextViewBuilder, piece: str, at: int, links: list[Link]) -> None:
        """Append a text piece; a bare URL in it is masked and recorded as a link."""
        piece = _masked_urls(piece, len(builder), links)
        line = self.line_of(at)
        if line + 1 == len(self.starts) or at + len(piece) < self.starts[line + 1]:
            start, source = self.origins[line]
            _append_visible(builder, piece, source + (at - start))
            return
        for i, char in enumerate(piece):  # a piece across lines (rare): per character
            _append_visible(builder, char, self.source_at(at + i))


def _masked_urls(piece: str, view_index: int, links: list[Link]) -> str:
    """``piece`` with each bare URL masked, recorded as a link (``piece`` starts at ``view_index``)."""
    if "://" not in piece and "www." not in piece:  # each bare URL holds one of them
        return piece
    parts: list[str] = []
    done = 0
    for url in _BARE_URL.finditer(piece):
        start, end = url.span()
        links.append(Link(view_index + start, view_index + end, url.group(0)))
        parts += (piece[done:start], CODE_PLACEHOLDER * (end - start))
        done = end
    return "".join(parts) + piece[done:] if parts else piece


def _plain_view(content: str, source_offset: int, links: list[Link]) -> TextView:
    """The view of inline content without markup, copied from ``source_offset`` on one line.

    What the aligner builds from the single text token markdown-it makes of such content.
    """
    text = _masked_urls(content, 0, links)
    if text.isascii() or not _INVISIBLE.search(text):
        return TextView(text, ((0, source_offset),))
    builder = TextViewBuilder()
    _append_visible(builder, text, source_offset)
    return builder.build(source_offset)


def _append_visible(builder: TextViewBuilder, piece: str, source_offset: int) -> None:
    """Append verbatim ``piece`` without its invisible characters (offsets stay exact)."""
    if piece.isascii() or not _INVISIBLE.search(piece):  # the common case, without a scan per match
        builder.append(piece, source_offset)
        return
    position = 0
    for match in _INVISIBLE.finditer(piece):
        builder.append(piece[position : match.start()], source_offset + position)
        position = match.end()
    builder.append(piece[position:] if position else piece, source_offset + position)
