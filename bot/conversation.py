"""Facts about a conversation that several parts of the assistant need."""

from __future__ import annotations

from typing import Any, Mapping

from bot.settings import Settings


def conversation_language(
    latest_parse: Mapping[str, Any] | None, language_slot: Any, settings: Settings
) -> str:
    """The language to answer in.

    The detector has already weighed the conversation's earlier language and the
    browser locale; its answer wins when it is one of the shop's languages.
    """
    detected = ((latest_parse or {}).get("language") or {}).get("name")
    if detected in settings.languages:
        return detected
    if language_slot in settings.languages:
        return language_slot
    return settings.default_language


def buyer_turns(events: list[Mapping[str, Any]]) -> int:
    return sum(1 for event in events if event.get("event") == "user")
