"""What one buyer message tells about the buyer: intent, entities, cue phrases and writing style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from bot.nlu.language import script_of

EMOJI = re.compile("[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f000-\U0001f2ff\u2764\u263a\u2b50]")
UNSPACED_SCRIPTS = {"CJK", "HIRAGANA", "KATAKANA", "THAI"}
SHORT_MESSAGE_WORDS = 4
LONG_MESSAGE_WORDS = 25


@dataclass(frozen=True)
class CueMatch:
    signal: str
    phrase: str


@dataclass(frozen=True)
class MessageSignals:
    """Evidence from one buyer message, with the text it came from."""

    text: str
    intent: str | None
    language: str | None
    cues: tuple[CueMatch, ...] = ()
    emoji: int = 0
    exclamations: int = 0
    words: int = 0
    quantities: tuple[float, ...] = ()
    competitor_price: bool = False

    def has(self, signal: str) -> bool:
        return any(c.signal == signal for c in self.cues)

    def phrase(self, signal: str) -> str | None:
        return next((c.phrase for c in self.cues if c.signal == signal), None)

    @property
    def short(self) -> bool:
        return 0 < self.words <= SHORT_MESSAGE_WORDS

    @property
    def long(self) -> bool:
        return self.words >= LONG_MESSAGE_WORDS


@dataclass
class CueMatcher:
    """Matches a language's cue phrases: whole words, or substrings in unspaced scripts."""

    cues: Mapping[str, Iterable[str]]
    _patterns: dict[str, list[tuple[str, re.Pattern[str]]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for signal, phrases in self.cues.items():
            compiled = []
            for phrase in phrases:
                phrase = str(phrase).strip().lower()
                if not phrase:
                    continue
                unspaced = any(script_of(c) in UNSPACED_SCRIPTS for c in phrase)
                body = re.escape(phrase)
                pattern = body if unspaced else rf"(?<![^\W_]){body}(?![^\W_])"
                compiled.append((phrase, re.compile(pattern, re.IGNORECASE)))
            self._patterns[signal] = compiled

    def match(self, text: str) -> tuple[CueMatch, ...]:
        lowered = text.lower()
        found = []
        for signal, patterns in self._patterns.items():
            for phrase, pattern in patterns:
                if pattern.search(lowered):
                    found.append(CueMatch(signal, phrase))
                    break
        return tuple(found)


def word_count(text: str) -> int:
    letters = [c for c in text if c.isalpha()]
    if letters and sum(script_of(c) in UNSPACED_SCRIPTS for c in letters) > len(letters) / 2:
        # Roughly two characters a word in Chinese.
        return max(1, len(letters) // 2)
    return len(re.findall(r"[^\W_]+", text))


def message_signals(
    text: str,
    intent: str | None,
    entities: Iterable[Mapping[str, Any]],
    language: str | None,
    matcher: CueMatcher | None,
) -> MessageSignals:
    entities = list(entities)
    quantities = tuple(
        float(e["value"])
        for e in entities
        if e.get("entity") == "quantity" and isinstance(e.get("value"), (int, float))
    )
    return MessageSignals(
        text=text,
        intent=intent,
        language=language,
        cues=matcher.match(text) if matcher else (),
        emoji=len(EMOJI.findall(text)),
        exclamations=text.count("!") + text.count("！"),
        words=word_count(text),
        quantities=quantities,
        competitor_price=any(e.get("entity") == "competitor_price" for e in entities),
    )
