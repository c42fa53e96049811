"""The action that answers every buyer message."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation import buyer_turns, conversation_language
from bot.replies import ReplyBook
from bot.settings import load_settings


class ActionRespond(Action):
    def name(self) -> Text:
        return "action_respond"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        settings = load_settings()
        language = conversation_language(tracker.latest_message, tracker.get_slot("language"), settings)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        turn = buyer_turns(tracker.events)
        text = ReplyBook(settings).intent_reply(language, intent, turn)
        dispatcher.utter_message(text=text, language=language, intent=intent)
        return [SlotSet("language", language)]
