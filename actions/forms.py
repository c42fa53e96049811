"""Form validation and the questions forms ask, in the buyer's language."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import TurnContext, say
from bot.flows import free_text, parse_order_id, parse_quantity, valid_contact


class _AskSlot:
    """Asks for one slot with the flow message of that name (a mixin, so Rasa SDK does not register it)."""

    slot: str = ""
    message: str = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        context = TurnContext.of(tracker)
        say(dispatcher, context, context.flow(self.message))
        return context.persona_slots(tracker=tracker)


class ActionAskOrderId(_AskSlot, Action):
    slot, message = "order_id", "ask_order_id"


class ActionAskReturnReason(_AskSlot, Action):
    slot, message = "return_reason", "ask_return_reason"


class ActionAskBulkProduct(_AskSlot, Action):
    slot, message = "bulk_product", "ask_bulk_product"


class ActionAskBulkQuantity(_AskSlot, Action):
    slot, message = "bulk_quantity", "ask_bulk_quantity"


class ActionAskBulkCountry(_AskSlot, Action):
    slot, message = "bulk_country", "ask_bulk_country"


class ActionAskBulkContact(_AskSlot, Action):
    slot, message = "bulk_contact", "ask_bulk_contact"


def _order_id(slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
    order_id = parse_order_id(slot_value) or parse_order_id(tracker.latest_message.get("text"))
    if order_id is None:
        context = TurnContext.of(tracker)
        say(dispatcher, context, context.flow("invalid_order_id"))
    return {"order_id": order_id}


class _PersonaAfterValidation:
    """A form's validation is the first action after a buyer message inside a form: it also updates
    the language and persona slots (a mixin before FormValidationAction)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        events = await super().run(dispatcher, tracker, domain)  # type: ignore[misc]
        return list(events) + TurnContext.of(tracker).persona_slots(tracker=tracker)


class ValidateReturnForm(_PersonaAfterValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_return_form"

    def validate_order_id(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return _order_id(slot_value, dispatcher, tracker)

    def validate_return_reason(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return {"return_reason": free_text(slot_value)}


class ValidateTrackingForm(_PersonaAfterValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_tracking_form"

    def validate_order_id(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return _order_id(slot_value, dispatcher, tracker)


class ValidateBulkQuoteForm(_PersonaAfterValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_bulk_quote_form"

    def validate_bulk_product(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return {"bulk_product": free_text(slot_value)}

    def validate_bulk_quantity(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        quantity: int | None = parse_quantity(slot_value)
        if quantity is None:
            quantity = parse_quantity(tracker.latest_message.get("text"))
        return {"bulk_quantity": str(quantity) if quantity else None}

    def validate_bulk_country(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return {"bulk_country": free_text(slot_value)}

    def validate_bulk_contact(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return {"bulk_contact": valid_contact(slot_value)}
