"""Suggested replies for an agent: ranked, in the buyer's language and beside it in the agent's."""

from __future__ import annotations

from typing import Any, Iterator

from bot.conversation import ConversationState
from bot.persona.inference import AXES
from bot.playbook import Playbook
from bot.replies import ReplyBook

SUGGESTIONS = 3
TENTATIVE_AXES = ("habit", "personality")


def _tentative(state: ConversationState) -> dict[str, str | None]:
    """The labels plus, where an axis is still unset, its best-scoring candidate."""
    labels = dict(state.persona.labels())
    for axis in TENTATIVE_AXES:
        result = state.persona.axes[axis]
        if labels.get(axis) is None and result.scores:
            best, score = max(result.scores.items(), key=lambda item: item[1])
            if score > 0:
                labels[axis] = best
    return labels


def _candidates(state: ConversationState, turn: int) -> Iterator[tuple[str, str | None, dict, int]]:
    """(kind, intent, labels, variant) to compose, the strongest strategy first."""
    labels = state.persona.labels()
    yield "strategy for the inferred persona", state.intent, labels, turn
    tentative = _tentative(state)
    if tentative != labels:
        yield "strategy for the likeliest persona", state.intent, tentative, turn
    yield "neutral answer", state.intent, {}, turn
    yield "neutral answer, other wording", state.intent, {}, turn + 1
    for intent in state.other_intents:
        yield f"if the buyer meant {intent}", intent, labels, turn
    empty = {axis: None for axis in AXES}
    yield "neutral answer, third wording", state.intent, empty, turn + 2


def suggest(
    state: ConversationState,
    playbook: Playbook,
    replies: ReplyBook,
    agent_language: str,
    turn: int,
) -> list[dict[str, Any]]:
    seen: set[str] = set()
    suggestions: list[dict[str, Any]] = []
    for kind, intent, labels, variant in _candidates(state, turn):
        reply = playbook.compose(replies, state.language, intent, labels, variant)
        if not reply.text or reply.text in seen:
            continue
        seen.add(reply.text)
        beside = playbook.compose(replies, agent_language, intent, labels, variant)
        suggestions.append(
            {
                "rank": len(suggestions) + 1,
                "kind": kind,
                "intent": intent,
                "text": reply.text,
                "language": state.language,
                "agent_text": beside.text,
                "agent_language": agent_language,
                "persona": reply.persona,
                "strategy": [a.as_dict() for a in reply.applied],
                "strategy_cards": [playbook.strategy_card(a.label) for a in reply.applied],
            }
        )
        if len(suggestions) == SUGGESTIONS:
            break
    return suggestions
