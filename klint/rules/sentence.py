"""``sentence``: patterns that must (or must not) occur together in one sentence.

For claims made of parts, such as ketamine + "FDA-approved" + depression, unless
"esketamine" or "Spravato" is named. The finding points at the ``report`` pattern's
match (the first ``all`` pattern by default).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from klint.document import Document
from klint.model import Finding, Fix
from klint.prefilter import Screen
from klint.rules.alternatives import Alternatives
from klint.rules.base import Kind, Param, RuleSpec, search
from klint.rules.term import FRAMING_KEYS, Claim, format_message


class SentenceRule(Kind):
    """Flags a sentence where every ``all``, one ``any`` and no ``none`` pattern matches."""

    KEYS: ClassVar[Mapping[str, Param]] = {
        "all": Param("patterns", doc="each must match in the sentence"),
        "any": Param("patterns", doc="at least one must match"),
        "none": Param("patterns", doc="none may match in the sentence"),
        "report": Param("int", doc="index of the 'all' pattern whose match is reported (default 0)"),
        "suggest": Param("strings", doc="a corrected statement offered for the reported span"),
        **FRAMING_KEYS,
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self.all = self.compile_each("all")
        if not self.all:
            raise spec.error("a sentence rule needs at least one 'all' pattern", "all")
        self.any = self.compile("any")
        self.none = self.compile("none")
        self.report = int(spec.get("report", 0))
        if not 0 <= self.report < len(self.all):
            raise spec.error(f"'report' must index the 'all' list (0 to {len(self.all) - 1})", "report")
        # Scan for the rarest-looking pattern first would be better; the reported one is
        # the natural anchor and keeps findings one per reported match.
        self.anchor = self.all[self.report]
        #: The anchor's top-level alternatives, each searched only in blocks holding its strings.
        self.anchors = Alternatives([self.anchor.pattern], self.anchor.flags, self.anchor)
        self.part_screens = self.anchors.screens
        self.others = [p for i, p in enumerate(self.all) if i != self.report]
        self.claim = Claim(self)
        self.screen = Screen.of(*self.all, self.any)

    def check(self, doc: Document) -> Iterator[Finding]:
        rule_id = self.info.id
        anchors = self.anchors.in_document(doc)
        for index, block in self.candidate_blocks(doc, self.spec.scopes):
            text = block.view.text
            last_sentence = None
            for match in anchors.finditer(text, index, rule_id):
                sentence = doc.sentence_at(index, match.start())
                if sentence == last_sentence:
                    continue  # one finding per sentence
                piece = text[sentence.start : sentence.end]
                if any(search(p, piece, rule_id) is None for p in self.others):
                    continue
                if self.any and search(self.any, piece, rule_id) is None:
                    continue
                if self.none and search(self.none, piece, rule_id) is not None:
                    continue
                if not self.claim.asserted(doc, sentence, match.start()):
                    continue
                last_sentence = sentence
                span = block.view.span(match.start(), match.end())
                fixes = tuple(
                    Fix("unsafe", f"replace '{match.group(0)}' with '{text_}'", (doc.edit(span, text_),))
                    for text_ in self.spec.strings("suggest")
                )
                yield doc.finding(
                    self.info,
                    span,
                    format_message(self.info.message, match=match.group(0)),
                    fix=fixes[0] if fixes else None,
                    suggestions=fixes[1:],
                    context=piece,
                )
