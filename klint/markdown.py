"""Parse Markdown source into a :class:`~klint.document.Document` with exact offsets.

markdown-it-py gives block tokens line maps but no columns, and inline tokens no
positions at all, so each inline run is re-aligned with the source: every content line
is located in its source line, then the inline children are walked with a cursor
(text is verbatim, markup is skipped, escapes and entities are found by their source
form). Front matter is parsed with PyYAML and blanked out (newlines kept) before
markdown-it sees the text, so line numbers never shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from klint.document import Block, Comment, Document, Link
from klint.model import LineIndex, Span, TextViewBuilder
from klint.sentences import split_sentences

#: Front-matter fields that are copy a reader sees, so they are checked too.
FRONT_MATTER_PROSE = ("title", "description", "summary", "excerpt", "subtitle")

#: Stands in for inline code so that words around it do not run together.
CODE_PLACEHOLDER = "\ufffc"

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*(?:\r\n|\r|\n)(.*?)(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", re.S
)
_NEWLINES = re.compile(r"\r\n|\r|\n")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)
_FOOTNOTE_BLOCK = re.compile(r"\A\[\^[^\]\s]+\]:")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"’”]")
#: Block-quote markers, list markers and indentation in front of a line's text.
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))*[ \t]*")
#: Invisible characters that split a word for a regex but not for a reader (soft hyphen,
#: zero-width space and joiners, word joiner, BOM): left out of the prose the rules see.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
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
        # source; typographer and linkify rewrite text. All three stay off.
        _parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
    return _parser


def parse(source: str, path: str = "<stdin>") -> Document:
    """Parse ``source`` (already decoded, BOM removed) into a Document."""
    front_matter, body, fm_blocks, body_start = _split_front_matter(source)
    lines = LineIndex(source)
    # markdown-it turns NUL into U+FFFD; do the same (one character for one) so the
    # inline text can still be found in the source.
    walker = _Walker(source.replace("\x00", "\ufffd"), lines, fm_blocks)
    walker.walk(_markdown().parse(body.replace("\x00", "\ufffd")))
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
        footnotes=frozenset(m.group(1) for m in _FOOTNOTE_DEF.finditer(body)),
        body_start=body_start,
    )


# -- front matter ----------------------------------------------------------------------
def _split_front_matter(source: str) -> tuple[Mapping[str, Any], str, list[Block], int]:
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source, [], 0
    yaml_text = match.group(1)
    offset = match.start(1)
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", 2)
    blocks = list(_front_matter_blocks(node, source, offset)) if node is not None else []
    blanked = re.sub(r"[^\r\n]", " ", source[: match.end()])
    return data, blanked + source[match.end() :], blocks, match.end()


def _front_matter_blocks(node: yaml.Node, source: str, offset: int) -> Iterator[Block]:
    if not isinstance(node, yaml.MappingNode):
        return
    lines = LineIndex(source)
    for key, value in node.value:
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
        elif value.style is None and raw == value.value:
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

    def __init__(self, source: str, lines: LineIndex, front_matter: list[Block]) -> None:
        self.source = source
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
            elif kind == "paragraph_open":
                ctx.pending = "paragraph"
            elif kind == "html_block" and token.map:
                self._html_block(token)
            elif kind == "inline" and token.map:
                self._inline(token)

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
        origins = self._content_origins(token, kind == "table")
        if origins is None:
            return
        aligner = _Aligner(token.content, origins)
        builder = TextViewBuilder()
        links: list[Link] = []
        for comment_text, start, end in aligner.walk(token.children or [], builder, links):
            self._comment(comment_text, start, end)
        first_line = token.map[0] + 1
        view = builder.build(origins[0][1] if origins else 0)
        if not view.text.strip():
            return
        scopes = {"heading"} if kind == "heading" else {"table"} if kind == "table" else {"paragraph"}
        if kind == "paragraph" and _FOOTNOTE_BLOCK.match(view.text):
            scopes = {"footnote"}
        if ctx.in_list:
            scopes.add("list")
        if ctx.in_quote:
            scopes.add("quote")
        block = Block(
            kind=kind,
            view=view,
            scopes=frozenset(scopes),
            line=first_line,
            section=self.section,
            level=ctx.level if kind == "heading" else 0,
            links=tuple(links),
        )
        if kind == "heading":
            self.section = len(self.blocks)
        self.blocks.append(block)
        if kind != "table":
            ctx.pending = "paragraph"

    def _content_origins(self, token: Token, is_cell: bool) -> list[tuple[int, int]] | None:
        """For each content line: (content index of its start, its source offset)."""
        assert token.map is not None
        origins: list[tuple[int, int]] = []
        index = 0
        for k, content_line in enumerate(token.content.split("\n")):
            line_number = token.map[0] + k + 1
            line_start = self.lines.line_start(line_number)
            line_end = _line_end(self.source, line_start)
            source_line = self.source[line_start:line_end]
            column = _locate(
                source_line, content_line, self.ctx.row_cursor.get(line_number, 0) if is_cell else 0
            )
            if is_cell:
                self.ctx.row_cursor[line_number] = column + len(content_line)
            origins.append((index, line_start + column))
            index += len(content_line) + 1
        return origins


def _line_end(source: str, start: int) -> int:
    match = _NEWLINES.search(source, start)
    return match.start() if match else len(source)


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

    def source_at(self, index: int) -> int:
        line = _bisect(self.starts, index)
        start, source = self.origins[line]
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
        urls = list(_BARE_URL.finditer(piece)) if ("/" in piece or "www." in piece) else []
        for url in urls:
            start = len(builder) + url.start()
            links.append(Link(start, start + len(url.group(0)), url.group(0)))
        if urls:
            piece = _BARE_URL.sub(lambda m: CODE_PLACEHOLDER * len(m.group(0)), piece)
        line = _bisect(self.starts, at)
        next_start = self.starts[line + 1] if line + 1 < len(self.starts) else None
        if next_start is None or at + len(piece) < next_start:
            _append_visible(builder, piece, self.source_at(at))
            return
        for i, char in enumerate(piece):  # a piece across lines (rare): per character
            _append_visible(builder, char, self.source_at(at + i))


def _append_visible(builder: TextViewBuilder, piece: str, source_offset: int) -> None:
    """Append verbatim ``piece`` without its invisible characters (offsets stay exact)."""
    position = 0
    for match in _INVISIBLE.finditer(piece):
        builder.append(piece[position : match.start()], source_offset + position)
        position = match.end()
    builder.append(piece[position:] if position else piece, source_offset + position)


def _bisect(starts: list[int], index: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= index:
            lo = mid
        else:
            hi = mid
    return lo
