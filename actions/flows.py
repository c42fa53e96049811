"""The steps of the return, tracking and bulk-quote flows that come after the form."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import TurnContext, say
from bot.playbook import bulk_discount
from bot.storage import ShopRecords

RETURN_SLOTS = ("order_id", "return_reason")
BULK_SLOTS = ("bulk_product", "bulk_quantity", "bulk_country", "bulk_contact")


def _clear(slots: tuple[str, ...]) -> List[Dict[str, Any]]:
    return [SlotSet(slot, None) for slot in slots]


class ActionConfirmReturn(Action):
    def name(self) -> str:
        return "action_confirm_return"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        context = TurnContext.of(tracker)
        text = context.flow(
            "confirm_return", order_id=tracker.get_slot("order_id"), reason=tracker.get_slot("return_reason")
        )
        say(
            dispatcher,
            context,
            text,
            buttons=[
                {"title": "✔", "payload": "/affirm"},
                {"title": "✘", "payload": "/deny"},
            ],
        )
        return context.persona_slots(tracker=tracker)


class ActionSubmitReturn(Action):
    def name(self) -> str:
        return "action_submit_return"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        context = TurnContext.of(tracker)
        order_id, reason = tracker.get_slot("order_id"), tracker.get_slot("return_reason")
        ShopRecords().add_return(tracker.sender_id, order_id, reason, context.language)
        reply = context.compose(
            intent="request_return", core_text=context.flow("return_done", order_id=order_id)
        )
        say(dispatcher, context, reply.text, reply)
        return _clear(RETURN_SLOTS) + context.persona_slots(reply)


class ActionCancelReturn(Action):
    def name(self) -> str:
        return "action_cancel_return"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        context = TurnContext.of(tracker)
        say(dispatcher, context, context.flow("return_cancelled"))
        return _clear(RETURN_SLOTS) + context.persona_slots(tracker=tracker)


class ActionTrackOrder(Action):
    def name(self) -> str:
        return "action_track_order"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        context = TurnContext.of(tracker)
        order_id = tracker.get_slot("order_id")
        reply = context.compose(
            intent="track_order", core_text=context.flow("track_status", order_id=order_id)
        )
        say(dispatcher, context, reply.text, reply)
        return [SlotSet("order_id", None)] + context.persona_slots(reply)


class ActionSubmitBulkQuote(Action):
    def name(self) -> str:
        return "action_submit_bulk_quote"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        context = TurnContext.of(tracker)
        fields = {slot.removeprefix("bulk_"): tracker.get_slot(slot) for slot in BULK_SLOTS}
        ShopRecords().add_bulk_quote(tracker.sender_id, fields, context.language)
        text = context.flow("bulk_done", **fields)
        tier = bulk_discount(context.settings.price_policy, fields["quantity"])
        if tier:
            text = f"{text} {context.flow('bulk_tier', quantity=fields['quantity'], **tier)}"
        say(dispatcher, context, text)
        return _clear(BULK_SLOTS) + context.persona_slots(tracker=tracker)
