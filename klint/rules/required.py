"""``required``: content that triggers a statement the document must then contain.

A page that mentions suicide needs a crisis line; one that makes treatment claims needs
a not-medical-advice statement. The finding is document-level and its fix inserts the
organisation's text (from klint.yaml ``disclaimers``) as its own paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, ClassVar

import regex

from klint import patterns
from klint.document import Document, Sentence
from klint.model import Finding, Fix, Span
from klint.prefilter import Screen, any_of, candidates, fold
from klint.rules.alternatives import compile_alternatives
from klint.rules.base import Kind, Param, RuleSpec, compile_patterns, search
from klint.rules.term import FRAMING_KEYS, Claim, format_message

_NEWLINE = patterns.compile(r"\r\n|\r|\n")


class _Trigger:
    """One trigger: a regex, or a mapping of all/any/none patterns for one sentence."""

    def __init__(self, spec: RuleSpec, raw: Any) -> None:
        if isinstance(raw, str):
            raw = {"all": [raw]}
        if not isinstance(raw, dict) or not raw.get("all"):
            raise spec.error("each trigger is a regex or a mapping with an 'all' list", "triggers")
        unknown = set(raw) - {"all", "any", "none"}
        if unknown:
            raise spec.error(
                f"unknown trigger key '{sorted(unknown)[0]}' (expected all, any, none)", "triggers"
            )

        def strings(key: str) -> list[str]:
            value = raw.get(key) or []
            return [value] if isinstance(value, str) else [str(v) for v in value]

        self.all = [compile_patterns([p], spec, "triggers") for p in strings("all")]
        self.any = compile_patterns(strings("any"), spec, "triggers") if raw.get("any") else None
        self.none = compile_patterns(strings("none"), spec, "triggers") if raw.get("none") else None
        self.screen = Screen.of(*self.all, self.any)

    def match(
        self, text: str, rule_id: str, searched: dict[regex.Pattern[str], regex.Match[str] | None]
    ) -> regex.Match[str] | None:
        """The first ``all`` pattern's match when the trigger fires in ``text``.

        ``searched`` holds the ``all`` patterns already searched in ``text``: triggers share them.
        """
        first = None
        for pattern in self.all:
            if pattern not in searched:
                searched[pattern] = search(pattern, text, rule_id)
            found = searched[pattern]
            if found is None:
                return None
            first = first or found
        if self.any and search(self.any, text, rule_id) is None:
            return None
        if self.none and search(self.none, text, rule_id) is not None:
            return None
        return first


class RequiredRule(Kind):
    """Reports a document whose prose triggers a statement it does not contain."""

    KEYS: ClassVar[Mapping[str, Param]] = {
        "triggers": Param("list", required=True, doc="regexes or {all, any, none} sentence triggers"),
        "require": Param("patterns", required=True, doc="any of these anywhere in the file satisfies it"),
        "insert": Param("str", doc="default text the fix inserts (klint.yaml 'disclaimers' overrides)"),
        "min-triggers": Param("int", doc="sentences that must trigger before the rule applies (default 1)"),
        **FRAMING_KEYS,
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        triggers = spec.get("triggers")
        if not isinstance(triggers, list) or not triggers:
            raise spec.error("'triggers' must be a non-empty list", "triggers")
        self.triggers = [_Trigger(spec, raw) for raw in triggers]
        self.require = compile_alternatives(self, "require", required=True)
        self.min_triggers = int(spec.get("min-triggers", 1))
        name = spec.info.disclaimer or ""
        texts = spec.settings.get("disclaimers", {})
        self.insert_text = str(texts.get(name) or spec.get("insert") or "").strip()
        self.before = spec.settings.get("disclaimer-before")
        self.claim = Claim(self)
        self.part_screens = tuple(trigger.screen for trigger in self.triggers)
        self.screen = any_of(self.part_screens)

    def check(self, doc: Document) -> Iterator[Finding]:
        assert self.require is not None
        # The first triggers are cheap to find (screened blocks only); the whole file is not.
        triggered = list(islice(self._triggering(doc), self.min_triggers))
        if len(triggered) < self.min_triggers:
            return
        if self.require.found_in(doc.source, self.info.id) or self._inserted(doc):
            return
        sentence, match_text = triggered[0]
        where = doc.location(doc.sentence_span(sentence).start)
        message = format_message(self.info.message, match=match_text, line=str(where.line))
        yield doc.finding(self.info, None, message, fix=self._fix(doc), context=self.info.id)

    def _inserted(self, doc: Document) -> bool:
        """True when the document holds the text the fix inserts, even if ``require`` misses it.

        An organisation's own disclaimer need not match the rule's patterns; without this,
        every --fix pass would add it again.
        """
        if not self.insert_text or max(self.insert_text.split(), key=len) not in doc.source:
            return False  # each word of the text is in the source as it is, if the text is
        return " ".join(self.insert_text.split()) in " ".join(doc.source.split())

    def _triggering(self, doc: Document) -> Iterator[tuple[Sentence, str]]:
        scopes = self.spec.scopes
        allowed = [candidates(doc, trigger.screen) for trigger in self.triggers]
        if any(blocks is None for blocks in allowed):
            positions: Iterable[int] = range(len(doc.sentences))
        else:  # only the sentences of blocks the scan lets some trigger through, in document order
            positions = sorted(p for block in set().union(*allowed) for p in doc.sentences_of(block))
        block, live = -1, self.triggers
        for position in positions:
            sentence = doc.sentences[position]
            if sentence.block != block:  # the triggers that may fire in this block
                block = sentence.block
                live = [t for t, ok in zip(self.triggers, allowed, strict=True) if ok is None or block in ok]
            if not live or (scopes is not None and not doc.blocks[block].scopes & scopes):
                continue
            text = doc.sentence_text(sentence)
            folded = fold(text)  # a trigger whose strings the sentence lacks cannot match it
            searched: dict[regex.Pattern[str], regex.Match[str] | None] = {}
            for trigger in live:
                if not trigger.screen.met_by(folded):
                    continue
                found = trigger.match(text, self.info.id, searched)
                if found and self.claim.asserted(doc, sentence, sentence.start + found.start()):
                    yield sentence, found.group(0)
                    break

    def _fix(self, doc: Document) -> Fix | None:
        if not self.insert_text:
            return None
        offset, text = insertion(doc.source, self.insert_text, self.before, doc.body_start)
        return Fix(
            "safe",
            f"add the {self.info.disclaimer or 'required'} statement",
            (doc.edit(Span(offset, offset), text),),
        )


def insertion(
    source: str, paragraph: str, before: Sequence[str] | str | None = None, body_start: int = 0
) -> tuple[int, str]:
    """Where and what to insert so ``paragraph`` stands alone, once, keeping newline style.

    By default at the end of the document, keeping its final newline or its absence;
    with ``before`` patterns (a footer or a signature line such as "Article by:"), just
    before the first line after the front matter that matches.
    """
    first_newline = _NEWLINE.search(source)
    newline = first_newline.group(0) if first_newline else "\n"
    body = _NEWLINE.sub(newline, paragraph)
    patterns = [before] if isinstance(before, str) else list(before or [])
    for pattern in patterns:
        found = regex.compile(pattern, regex.M | regex.I).search(source, body_start)
        if found:
            start = max(source.rfind("\n", 0, found.start()), source.rfind("\r", 0, found.start())) + 1
            # a line right above the footer would swallow the paragraph: separate it
            above = "" if _ends_paragraph(source[body_start:start]) else newline
            return start, above + body + newline + newline
    stripped = source.rstrip()
    if not stripped:
        return len(source), body + newline
    breaks = len(_NEWLINE.findall(source, len(stripped)))
    if breaks == 0:  # no final newline: keep it that way (trailing spaces would join lines)
        return len(source), newline + newline + body
    return len(source), (newline if breaks < 2 else "") + body + newline


def _ends_paragraph(text: str) -> bool:
    """True when ``text`` is empty or ends with a blank line."""
    lines = _NEWLINE.split(text)
    return not text.strip() or (len(lines) >= 2 and not lines[-1].strip() and not lines[-2].strip())
