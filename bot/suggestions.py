"""Suggested replies for an agent: ranked, in the buyer's language and in the agent's."""

from __future__ import annotations

from typing import Any

from bot.conversation import ConversationState
from bot.playbook import Playbook
from bot.replies import ReplyBook

SUGGESTIONS = 3


def _alternatives(
    labels: dict[str, str | None], driving: str | None
) -> list[tuple[str, dict[str, str | None]]]:
    """Label sets to compose with, strongest strategy first; the last one is the neutral answer."""
    without_driving = {axis: (None if label == driving else label) for axis, label in labels.items()}
    habit_only = {axis: (label if axis in ("habit", "tier") else None) for axis, label in labels.items()}
    return [
        ("full strategy", labels),
        ("without the driving label", without_driving),
        ("content and perks only", habit_only),
        ("neutral", {}),
    ]


def suggest(
    state: ConversationState,
    playbook: Playbook,
    replies: ReplyBook,
    agent_language: str,
    turn: int,
) -> list[dict[str, Any]]:
    labels = state.persona.labels()
    driving = playbook.compose(replies, state.language, state.intent, labels, turn).persona
    seen: set[str] = set()
    suggestions: list[dict[str, Any]] = []
    for variant in range(2):
        for name, chosen in _alternatives(labels, driving):
            reply = playbook.compose(replies, state.language, state.intent, chosen, turn + variant)
            if reply.text in seen:
                continue
            seen.add(reply.text)
            translated = playbook.compose(replies, agent_language, state.intent, chosen, turn + variant)
            suggestions.append(
                {
                    "rank": len(suggestions) + 1,
                    "kind": name,
                    "text": reply.text,
                    "language": state.language,
                    "agent_text": translated.text,
                    "agent_language": agent_language,
                    "persona": reply.persona,
                    "strategy": [a.as_dict() for a in reply.applied],
                    "strategy_cards": [playbook.strategy_card(a.label) for a in reply.applied],
                }
            )
            if len(suggestions) == SUGGESTIONS:
                return suggestions
    return suggestions
