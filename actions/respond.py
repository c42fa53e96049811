"""The actions that answer buyer messages; each also updates the language and persona slots."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import TurnContext, say
from bot.conversation import handoff_summary
from bot.storage import ShopRecords

FORM_INTENTS = {"request_return", "bulk_order"}


class ActionRespond(Action):
    """Answers the buyer's message with the strategy of their persona, in their language."""

    def name(self) -> str:
        return "action_respond"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        context = TurnContext.of(tracker)
        latest = context.state.signals[-1] if context.state.signals else None
        if latest is not None and latest.has("hostile"):
            return hand_off(dispatcher, tracker, context, "hostile", "handoff_hostile")
        # A form follows these intents and asks its own questions: only the strategy's parts go first.
        core_text = "" if context.state.intent in FORM_INTENTS else None
        reply = context.compose(core_text=core_text)
        if reply.text:
            say(dispatcher, context, reply.text, reply)
        return context.persona_slots(reply)


class ActionHandoff(Action):
    """Passes the conversation to a person, with a summary stored for the agent."""

    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        return hand_off(dispatcher, tracker, TurnContext.of(tracker), "requested", "handoff")


def hand_off(
    dispatcher: CollectingDispatcher, tracker: Tracker, context: TurnContext, reason: str, message: str
) -> List[Dict[str, Any]]:
    summary = handoff_summary(context.state, reason)
    ShopRecords().add_handoff(tracker.sender_id, reason, summary)
    reply = context.compose(core_text=context.flow(message))
    say(dispatcher, context, reply.text, reply, handoff=True)
    return context.persona_slots(reply)
