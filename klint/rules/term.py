"""``term``: words and phrases to flag (existence) or to replace (substitution)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

import regex

from klint.document import Document, Sentence
from klint.model import Finding, Fix
from klint.prefilter import Screen
from klint.rules import framing
from klint.rules.alternatives import Alternatives
from klint.rules.base import (
    Kind,
    Param,
    RuleSpec,
    compile_patterns,
    finditer,
    keep_case,
    search,
    terms_pattern,
)

#: Options that decide whether a match is the author's claim; shared with ``sentence``.
FRAMING_KEYS = {
    "skip-negated": Param("bool", doc="ignore matches negated just before (default true)"),
    "skip-reported": Param("bool", doc="ignore myths and beliefs being reported (default true)"),
    "unless": Param("patterns", doc="skip a match when its sentence matches any of these"),
}


class Claim:
    """Filters shared by kinds that judge a match inside its sentence."""

    def __init__(self, kind: Kind) -> None:
        spec = kind.spec
        self.rule_id = spec.info.id
        self.skip_negated = bool(spec.get("skip-negated", True))
        self.skip_reported = bool(spec.get("skip-reported", True))
        self.unless = kind.compile("unless")

    def asserted(self, doc: Document, sentence: Sentence, start: int) -> bool:
        """True when the match at block index ``start`` is the author's own claim."""
        text = doc.blocks[sentence.block].view.text
        if self.unless and search(self.unless, text[sentence.start : sentence.end], self.rule_id):
            return False
        if self.skip_negated and framing.is_negated(text[sentence.start : start], start - sentence.start):
            return False
        return not (self.skip_reported and framing.is_reported(doc, sentence, start))


def replacement_fixes(spec: RuleSpec, doc: Document, match: regex.Match[str], offset: int) -> tuple[Fix, ...]:
    """One fix per ``suggest`` candidate; only a single candidate may be ``fix: safe``."""
    candidates = spec.strings("suggest")
    if not candidates:
        return ()
    safe = spec.get("fix", "unsafe") == "safe" and len(candidates) == 1
    block_view = doc.blocks[offset].view
    span = block_view.span(match.start(), match.end())
    fixes = []
    for candidate in candidates:
        text = keep_case(match.group(0), candidate)
        fixes.append(
            Fix(
                applicability="safe" if safe else "unsafe",
                description=f"replace '{match.group(0)}' with '{text}'",
                edits=(doc.edit(span, text),),
            )
        )
    return tuple(fixes)


class _KeepUnknown(dict[str, str]):
    """Placeholders a message names but a rule does not fill stay as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, **values: str) -> str:
    """Fill ``{match}``-style placeholders; unknown ones are left as written."""
    return template.format_map(_KeepUnknown(values))


class TermRule(Kind):
    """Flags phrases (``terms``, literal) or regexes (``patterns``) in prose."""

    KEYS: ClassVar[Mapping[str, Param]] = {
        "terms": Param("strings", doc="literal phrases, matched as whole words"),
        "patterns": Param("patterns", doc="regexes (regex module syntax)"),
        "exceptions": Param("patterns", doc="a match that lies inside a match of these is allowed"),
        "suggest": Param("strings", doc="replacement candidates, case kept"),
        "fix": Param("str", doc="'safe' to apply a single suggestion with --fix; default 'unsafe'"),
        **FRAMING_KEYS,
    }

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        sources = spec.strings("patterns")
        terms = spec.strings("terms")
        if terms:
            sources.append(terms_pattern(terms))
        if not sources:
            raise spec.error("a term rule needs 'terms' or 'patterns'")
        key = "patterns" if spec.get("patterns") else "terms"
        self.pattern = compile_patterns(sources, spec, key)
        self.alternatives = Alternatives(sources, self.pattern.flags, self.pattern)
        self.exceptions = self.compile("exceptions")
        self.claim = Claim(self)
        self.screen = Screen.of(self.pattern)
        self.part_screens = self.alternatives.screens

    def check(self, doc: Document) -> Iterator[Finding]:
        rule_id = self.info.id
        alternatives = self.alternatives.in_document(doc)
        for index, block in self.candidate_blocks(doc, self.spec.scopes):
            text = block.view.text
            for match in alternatives.finditer(text, index, rule_id):
                if match.end() == match.start() or self._excepted(text, match):
                    continue
                sentence = doc.sentence_at(index, match.start())
                if not self.claim.asserted(doc, sentence, match.start()):
                    continue
                fixes = replacement_fixes(self.spec, doc, match, index)
                yield doc.finding(
                    self.info,
                    block.view.span(match.start(), match.end()),
                    format_message(
                        self.info.message,
                        match=match.group(0),
                        suggestion=fixes[0].edits[0].replacement if fixes else "",
                    ),
                    fix=fixes[0] if fixes else None,
                    suggestions=fixes[1:],
                    context=text[sentence.start : sentence.end],
                )

    def _excepted(self, text: str, match: regex.Match[str]) -> bool:
        if self.exceptions is None:
            return False
        lo = max(0, match.start() - 60)
        for allowed in finditer(self.exceptions, text[lo : match.end() + 60], self.info.id):
            if allowed.start() + lo <= match.start() and match.end() <= allowed.end() + lo:
                return True
        return False
