"""What the assistant says: reply texts from `locales/<lang>/replies.yml`, filled with shop facts."""

from __future__ import annotations

import string
from typing import Any, Mapping

from bot import locales
from bot.settings import Settings

FALLBACK_INTENT = "nlu_fallback"


class ReplyError(LookupError):
    """A reply the assistant needs is missing from the locale files."""


class _Facts(dict):
    """Placeholders the shop has no value for stay visible instead of crashing a reply."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(template: str, facts: Mapping[str, Any], values: Mapping[str, Any] | None = None) -> str:
    merged = _Facts({k: v for k, v in facts.items() if v is not None})
    merged.update({k: v for k, v in (values or {}).items() if v is not None})
    return template.format_map(merged)


def pick(variants: Any, turn: int) -> str:
    """One variant of a reply; successive turns rotate through the variants."""
    if isinstance(variants, str):
        return variants
    if isinstance(variants, list) and variants:
        return str(variants[turn % len(variants)])
    raise ReplyError("empty reply")


class ReplyBook:
    """Reply texts of every supported language."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _replies(self, language: str) -> Mapping[str, Any]:
        return locales.replies(self.settings.locales_dir, language)

    def facts(self, language: str) -> dict[str, Any]:
        """Shop facts plus the language's own words that replies quote."""
        facts = dict(self.settings.shop_facts)
        keyword = locales.lexicon(self.settings.locales_dir, language).get("human_keyword")
        if keyword:
            facts["human_keyword"] = keyword
        return facts

    def intent_reply(self, language: str, intent: str | None, turn: int = 0, **values: Any) -> str:
        intents = self._replies(language).get("intents") or {}
        key = intent if intent in intents else FALLBACK_INTENT
        if key not in intents:
            raise ReplyError(f"locales/{language}/replies.yml has no reply for '{intent}'")
        return render(pick(intents[key], turn), self.facts(language), values)

    def flow(self, language: str, key: str, **values: Any) -> str:
        flows = self._replies(language).get("flows") or {}
        if key not in flows:
            raise ReplyError(f"locales/{language}/replies.yml has no flow message '{key}'")
        return render(pick(flows[key], 0), self.facts(language), values)

    def snippet(self, language: str, label: str, part: str, turn: int = 0, **values: Any) -> str | None:
        strategies = self._replies(language).get("strategies") or {}
        text = (strategies.get(label) or {}).get(part)
        if not text:
            return None
        return render(pick(text, turn), self.facts(language), values)
