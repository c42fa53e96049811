"""What the assistant knows about a conversation, read from its events (plain dicts, as Rasa stores them)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from bot import locales
from bot.persona.inference import PersonaProfile, infer_persona
from bot.persona.profile import BuyerProfile, ProfileStore
from bot.persona.signals import CueMatcher, MessageSignals, message_signals
from bot.settings import Settings

PROFILE_DB_ENV = "SHOP_PROFILE_DB"


def profile_store() -> ProfileStore:
    """$SHOP_DATABASE_URL when set, else the SQLite file $SHOP_PROFILE_DB (var/profiles.sqlite)."""
    return ProfileStore()


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


def current_session(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    start = 0
    for index, event in enumerate(events):
        if event.get("event") == "session_started":
            start = index
    return list(events[start:])


def buyer_events(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [e for e in current_session(events) if e.get("event") == "user"]


def buyer_turns(events: Sequence[Mapping[str, Any]]) -> int:
    return len(buyer_events(events))


@lru_cache(maxsize=32)
def cue_matcher(locales_dir: Path, language: str) -> CueMatcher | None:
    try:
        return CueMatcher(locales.persona_cues(locales_dir, language))
    except locales.LocaleError:
        return None


def signals_of(event: Mapping[str, Any], settings: Settings) -> MessageSignals:
    parse = event.get("parse_data") or {}
    text = event.get("text") or ""
    language = ((parse.get("language") or {}).get("name")) or settings.default_language
    intent = (parse.get("intent") or {}).get("name")
    matcher = cue_matcher(settings.locales_dir, language) if language in settings.languages else None
    return message_signals(text, intent, parse.get("entities") or [], language, matcher)


def buyer_profile(
    events: Sequence[Mapping[str, Any]], store: ProfileStore | None = None
) -> BuyerProfile | None:
    """The latest profile the shop passed in message metadata, else the stored one for the buyer id."""
    for event in reversed(buyer_events(events)):
        metadata = event.get("metadata") or {}
        if not isinstance(metadata, Mapping):
            continue
        profile = BuyerProfile.from_mapping(metadata.get("profile"))
        if profile is not None and (profile.order_count or profile.total_spend or not profile.buyer_id):
            return profile
        buyer_id = (profile.buyer_id if profile else None) or metadata.get("buyer_id")
        if isinstance(buyer_id, str) and store is not None:
            stored = store.get(buyer_id)
            if stored is not None:
                return stored
        if profile is not None:
            return profile
    return None


@dataclass
class ConversationState:
    language: str
    intent: str | None
    signals: list[MessageSignals]
    profile: BuyerProfile | None
    persona: PersonaProfile
    # The model's next-best intents for the latest message, best first.
    other_intents: tuple[str, ...] = ()


def analyse(
    events: Sequence[Mapping[str, Any]],
    latest_parse: Mapping[str, Any] | None,
    language_slot: Any,
    settings: Settings,
    store: ProfileStore | None = None,
) -> ConversationState:
    signals = [signals_of(e, settings) for e in buyer_events(events)]
    profile = buyer_profile(events, store)
    return ConversationState(
        language=conversation_language(latest_parse, language_slot, settings),
        intent=((latest_parse or {}).get("intent") or {}).get("name"),
        signals=signals,
        profile=profile,
        persona=infer_persona(signals, profile, settings.tiers),
        other_intents=tuple(
            item.get("name")
            for item in ((latest_parse or {}).get("intent_ranking") or [])[1:4]
            if item.get("name") and item.get("name") != "nlu_fallback"
        ),
    )


def handoff_summary(state: ConversationState, reason: str, last_messages: int = 10) -> dict[str, Any]:
    """What an agent taking over needs to know, at a glance."""
    return {
        "reason": reason,
        "language": state.language,
        "intents": [s.intent for s in state.signals],
        "persona": state.persona.as_slot(),
        "profile": state.profile.as_dict() if state.profile else None,
        "last_messages": [s.text for s in state.signals[-last_messages:]],
    }
