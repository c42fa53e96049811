"""What every action needs from the tracker, built once per call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation import ConversationState, analyse, buyer_turns, profile_store
from bot.playbook import ComposedReply, Playbook
from bot.replies import ReplyBook
from bot.settings import Settings, load_settings


@dataclass
class TurnContext:
    settings: Settings
    replies: ReplyBook
    playbook: Playbook
    state: ConversationState
    turn: int

    @classmethod
    def of(cls, tracker: Tracker) -> TurnContext:
        settings = load_settings()
        state = analyse(
            tracker.events, tracker.latest_message, tracker.get_slot("language"), settings, profile_store()
        )
        return cls(settings, ReplyBook(settings), Playbook.from_file(), state, buyer_turns(tracker.events))

    @property
    def language(self) -> str:
        return self.state.language

    def compose(
        self, intent: str | None = None, core_text: str | None = None, **values: Any
    ) -> ComposedReply:
        return self.playbook.compose(
            self.replies,
            self.language,
            intent if intent is not None else self.state.intent,
            self.state.persona.labels(),
            self.turn,
            values,
            core_text=core_text,
        )

    def flow(self, key: str, **values: Any) -> str:
        return self.replies.flow(self.language, key, **values)

    def persona_slots(
        self, reply: ComposedReply | None = None, tracker: Tracker | None = None
    ) -> List[Dict[str, Any]]:
        """The conversation's language and persona as slot events, after every buyer message.

        Every action that runs after a buyer message returns these, so the action server is called
        once per turn (there is no separate slot-mapping call). With `tracker`, a slot that already
        holds the value is left alone (a form's question after its validation adds nothing).
        """
        driving = reply.persona if reply else self.compose().persona
        values = {
            "language": self.language,
            "persona": driving,
            "persona_profile": self.state.persona.as_slot(),
        }
        return [
            SlotSet(slot, value)
            for slot, value in values.items()
            if tracker is None or tracker.get_slot(slot) != value
        ]


def say(
    dispatcher: CollectingDispatcher,
    context: TurnContext,
    text: str,
    reply: ComposedReply | None = None,
    **extra: Any,
) -> None:
    """Sends one bot message carrying the language, persona and strategy it applied, for the agents."""
    metadata = (
        reply.metadata()
        if reply
        else {
            "language": context.language,
            "intent": context.state.intent,
            "persona": None,
            "strategy": [],
            "guardrail": [],
        }
    )
    dispatcher.utter_message(text=text, **metadata, **extra)
