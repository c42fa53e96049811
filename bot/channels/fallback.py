"""The replies the channels give without the model: a message over the length limit, and the
apology when the assistant produced nothing (action server down, a failing action).

Both channels (the widget's `shop` and the guarded `rest`) use these, so both answer in the same
language: `bot.conversation.conversation_language` of the latest parse and the `language` slot.
"""

from __future__ import annotations

import logging
from typing import Any, Dict

from rasa.shared.core.events import BotUttered, UserUttered

from bot.channels.conversations import Conversations, latest_parse
from bot.channels.http import kept_part
from bot.conversation import conversation_language
from bot.replies import ReplyBook
from bot.settings import Settings

logger = logging.getLogger(__name__)

# Why a channel apologises, for the log.
NO_BOT_MESSAGE = "no bot message after the turn (action server unreachable or an action failed)"


def reply_language(tracker: Any, settings: Settings) -> str:
    """The language of a reply the model did not choose."""
    return conversation_language(latest_parse(tracker), tracker.get_slot("language"), settings)


def answered_since(tracker: Any, since: float) -> bool:
    """Whether the assistant (or an agent) said anything in the conversation since `since`."""
    return any(isinstance(event, BotUttered) and event.timestamp >= since for event in tracker.events)


def _fallback_message(text: str, language: str, flag: str) -> BotUttered:
    metadata: Dict[str, Any] = {
        "language": language,
        "intent": None,
        "persona": None,
        "strategy": [],
        flag: True,
    }
    return BotUttered(text, metadata=metadata)


async def too_long(
    conversations: Conversations,
    sender_id: str,
    text: str,
    metadata: Dict[str, Any] | None,
    settings: Settings,
) -> str:
    """Stores the message's beginning (not parsed) and a polite reply; returns the reply."""

    def events(tracker: Any) -> list:
        language = reply_language(tracker, settings)
        reply = ReplyBook(settings).flow(language, "too_long")
        cut = kept_part(text, settings.max_message_length)
        return [UserUttered(*cut, metadata=metadata), _fallback_message(reply, language, "too_long")]

    stored = await conversations.update(sender_id, events)
    return stored[-1].text


async def apology(conversations: Conversations, sender_id: str, settings: Settings, cause: str) -> str:
    """Stores a short apology in the buyer's language (they may simply write again); returns it."""

    def events(tracker: Any) -> list:
        language = reply_language(tracker, settings)
        logger.warning("Apologising to %s in %r: %s", sender_id, language, cause)
        reply = ReplyBook(settings).flow(language, "technical_problem")
        return [_fallback_message(reply, language, "technical_problem")]

    stored = await conversations.update(sender_id, events)
    return stored[-1].text
