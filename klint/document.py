"""The parsed form of one Markdown file that every rule reads.

A Document is plain data: blocks of prose with offset-mapped text, sentences, HTML
comments (for suppressions), footnote definitions and links. Rules build findings
through :meth:`Document.finding` so positions are computed in one place.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from klint.model import (
    Edit,
    Finding,
    Fix,
    LineIndex,
    Location,
    Related,
    RuleInfo,
    Span,
    TextView,
)

#: Scope names a rule may restrict itself to.
SCOPES = ("heading", "paragraph", "list", "quote", "table", "front-matter")


@dataclass(frozen=True, slots=True)
class Link:
    """A link inside a block: its text range (view indices) and target."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Block:
    """One prose run: a heading, paragraph, table cell or front-matter field.

    ``scopes`` says where it sits ("paragraph" and "list" for a list item's paragraph,
    "heading", "quote", "table", "front-matter"); ``section`` is the index of the
    heading block it falls under, or -1.
    """

    kind: str
    view: TextView
    scopes: frozenset[str]
    line: int
    section: int = -1
    level: int = 0
    links: tuple[Link, ...] = ()

    @property
    def text(self) -> str:
        return self.view.text


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``[start, end)`` inside ``blocks[block].view.text``."""

    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment's inner text and where it sits (for suppression directives)."""

    text: str
    span: Span
    line: int
    end_line: int


@dataclass(slots=True)
class Document:
    """Everything rules may know about one file."""

    path: str
    source: str
    lines: LineIndex
    front_matter: Mapping[str, Any]
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    comments: tuple[Comment, ...] = ()
    footnotes: frozenset[str] = frozenset()
    body_start: int = 0
    _block_sentences: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)

    # -- reading ---------------------------------------------------------------------
    def sentence_text(self, sentence: Sentence) -> str:
        return self.blocks[sentence.block].view.text[sentence.start : sentence.end]

    def sentence_span(self, sentence: Sentence) -> Span:
        return self.blocks[sentence.block].view.span(sentence.start, sentence.end)

    def blocks_in(self, scopes: frozenset[str] | None) -> Iterator[tuple[int, Block]]:
        """Blocks whose scopes meet ``scopes`` (all prose blocks when None)."""
        for index, block in enumerate(self.blocks):
            if scopes is None or not block.scopes.isdisjoint(scopes):  # no intersection built
                yield index, block

    def sentences_of(self, block_index: int) -> tuple[int, ...]:
        """Indices into :attr:`sentences` of the sentences of one block."""
        if not self._block_sentences:
            grouped: dict[int, list[int]] = {}
            for index, sentence in enumerate(self.sentences):
                grouped.setdefault(sentence.block, []).append(index)
            self._block_sentences.update({k: tuple(v) for k, v in grouped.items()})
        return self._block_sentences.get(block_index, ())

    def sentence_at(self, block_index: int, position: int) -> Sentence:
        """The sentence of a block that holds text ``position`` (or the nearest before)."""
        indices = self.sentences_of(block_index)
        # bisect, not a scan: a one-paragraph file of 1 MB has thousands of sentences and matches
        before = bisect.bisect_right(indices, position, key=lambda index: self.sentences[index].start)
        if before == 0:
            return Sentence(block_index, 0, len(self.blocks[block_index].text))
        return self.sentences[indices[before - 1]]

    def heading_of(self, block_index: int) -> str:
        """Text of the heading the block falls under ('' at the top)."""
        section = self.blocks[block_index].section
        return self.blocks[section].text if section >= 0 else ""

    def prose(self) -> str:
        """All prose text, blocks separated by blank lines (for document-level checks)."""
        return "\n\n".join(block.text for block in self.blocks)

    # -- building findings ---------------------------------------------------------
    def location(self, offset: int) -> Location:
        return self.lines.location(offset)

    def edit(self, span: Span, replacement: str) -> Edit:
        return Edit(span, replacement, self.location(span.start), self.location(span.end))

    def related(self, span: Span, message: str) -> Related:
        return Related(self.path, self.location(span.start), self.location(span.end), message)

    def finding(
        self,
        rule: RuleInfo,
        span: Span | None,
        message: str,
        *,
        fix: Fix | None = None,
        suggestions: tuple[Fix, ...] = (),
        related: tuple[Related, ...] = (),
        context: str = "",
    ) -> Finding:
        """A finding of ``rule`` at ``span`` (None: the whole document, line 1 column 1)."""
        span = span or Span(0, 0)
        return Finding(
            path=self.path,
            span=span,
            start=self.location(span.start),
            end=self.location(span.end),
            rule=rule.id,
            ruleset=rule.ruleset,
            category=rule.category,
            severity=rule.severity,
            message=message,
            disclaimer=rule.disclaimer,
            related=related,
            fix=fix,
            suggestions=suggestions,
            context=context,
        )
