"""Custom actions on trackers built with Tracker.from_dict, answers collected by CollectingDispatcher."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.flows import ActionSubmitBulkQuote, ActionSubmitReturn, ActionTrackOrder
from actions.forms import ValidateBulkQuoteForm, ValidateReturnForm
from actions.respond import ActionHandoff, ActionRespond
from bot.replies import ReplyBook
from bot.storage import ShopRecords


@pytest.fixture(autouse=True)
def databases(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOP_DATABASE_URL", raising=False)
    monkeypatch.setenv("SHOP_DB", str(tmp_path / "shop.sqlite"))
    monkeypatch.setenv("SHOP_PROFILE_DB", str(tmp_path / "profiles.sqlite"))
    return tmp_path


def user(
    text: str, intent: str, language: str, entities: list | None = None, metadata: dict | None = None
) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            "language": {"name": language, "confidence": 0.95},
        },
        "metadata": metadata or {},
    }


def tracker(*events: dict, slots: dict | None = None, sender: str = "buyer-1") -> Tracker:
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": slots or {},
            "latest_message": {**latest["parse_data"], "metadata": latest.get("metadata", {})},
            "events": list(events),
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def run(action, t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    return dispatcher.messages, events


def slots(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_spanish_authenticity_question_gets_a_spanish_answer(settings) -> None:
    messages, events = run(ActionRespond(), tracker(user("hola, es original?", "ask_authenticity", "es")))
    assert len(messages) == 1
    expected = ReplyBook(settings).intent_reply("es", "ask_authenticity", 1)
    assert messages[0]["text"] == expected
    assert messages[0]["language"] == "es" and messages[0]["intent"] == "ask_authenticity"
    assert slots(events)["language"] == "es"


def test_every_bot_message_names_persona_strategy_and_language() -> None:
    t = tracker(
        user("can you lower the price", "haggle_price", "de"),
        user(
            "bei amazon ist es 10 euro billiger",
            "haggle_price",
            "de",
            entities=[{"entity": "competitor_price", "value": "10 EUR"}],
        ),
    )
    messages, events = run(ActionRespond(), t)
    message = messages[0]
    assert message["persona"] == "negotiator"
    assert message["language"] == "de"
    assert message["strategy"][0]["label"] == "negotiator"
    assert message["strategy"][0]["source"] == "002_088fee20b2f06db8.txt"
    assert slots(events)["persona"] == "negotiator"


def test_the_reply_sets_language_and_profile_with_evidence_and_tier() -> None:
    profile = {"buyer_id": "b-9", "order_count": 3, "total_spend": 2400}
    t = tracker(user("hi", "greet", "en", metadata={"profile": profile}))
    _, events = run(ActionRespond(), t)
    assert slots(events)["language"] == "en"
    persona = slots(events)["persona_profile"]
    assert persona["tier"]["label"] == "vip"
    assert "2400" in persona["tier"]["evidence"][0]


def test_hostile_message_is_handed_off_with_a_summary(settings) -> None:
    from bot.conversation import cue_matcher

    phrase = next(iter(cue_matcher(settings.locales_dir, "en").cues["hostile"]))
    t = tracker(
        user("where is my order", "track_order", "en"), user(f"you are {phrase}", "report_problem", "en")
    )
    messages, _ = run(ActionRespond(), t)
    assert messages[0]["handoff"] is True
    [handoff] = ShopRecords().handoffs("buyer-1")
    assert handoff["reason"] == "hostile"
    assert handoff["summary"]["language"] == "en"
    assert handoff["summary"]["intents"] == ["track_order", "report_problem"]
    assert "personality" in handoff["summary"]["persona"]


def test_handoff_on_request_in_french() -> None:
    messages, _ = run(ActionHandoff(), tracker(user("je veux parler à un humain", "request_human", "fr")))
    assert messages[0]["language"] == "fr"
    assert ShopRecords().handoffs("buyer-1")[0]["reason"] == "requested"


def test_return_form_validates_the_order_number() -> None:
    form = ValidateReturnForm()
    dispatcher = CollectingDispatcher()
    t = tracker(user("it's 4823917", "inform", "en"))
    assert form.validate_order_id("it's 4823917", dispatcher, t, {}) == {"order_id": "SO-4823917"}
    bad = tracker(user("dunno", "deny", "en"))
    assert form.validate_order_id("dunno", dispatcher, bad, {}) == {"order_id": None}
    assert dispatcher.messages and dispatcher.messages[0]["language"] == "en"


def test_return_is_stored_and_confirmed_in_the_buyer_language() -> None:
    t = tracker(
        user("sí", "affirm", "es"), slots={"order_id": "SO-1234567", "return_reason": "talla pequeña"}
    )
    messages, events = run(ActionSubmitReturn(), t)
    assert "SO-1234567" in messages[0]["text"] and messages[0]["language"] == "es"
    assert ShopRecords().returns("buyer-1") == [
        {"order_id": "SO-1234567", "reason": "talla pequeña", "language": "es"}
    ]
    assert slots(events)["order_id"] is None


def test_tracking_answer_quotes_the_order_number() -> None:
    messages, _ = run(
        ActionTrackOrder(), tracker(user("SO-7654321", "track_order", "ru"), slots={"order_id": "SO-7654321"})
    )
    assert "SO-7654321" in messages[0]["text"]


def test_bulk_quote_validation_and_storage() -> None:
    form = ValidateBulkQuoteForm()
    d = CollectingDispatcher()
    t = tracker(user("500 pcs", "bulk_order", "en"))
    assert form.validate_bulk_quantity("500 pcs", d, t, {}) == {"bulk_quantity": "500"}
    assert form.validate_bulk_contact("call me", d, t, {}) == {"bulk_contact": None}
    assert form.validate_bulk_contact("buyer@company.com", d, t, {}) == {"bulk_contact": "buyer@company.com"}
    filled = {
        "bulk_product": "phone cases",
        "bulk_quantity": "500",
        "bulk_country": "Kenya",
        "bulk_contact": "buyer@company.com",
    }
    messages, _ = run(
        ActionSubmitBulkQuote(), tracker(user("buyer@company.com", "bulk_order", "en"), slots=filled)
    )
    assert "500" in messages[0]["text"] and "Kenya" in messages[0]["text"]
    assert ShopRecords().bulk_quotes("buyer-1")[0]["product"] == "phone cases"


def test_inside_a_form_the_validation_updates_language_and_persona_once() -> None:
    import asyncio

    from actions.forms import ActionAskReturnReason

    t = Tracker.from_dict(
        {
            "sender_id": "buyer-1",
            "slots": {"requested_slot": "order_id"},
            "latest_message": user("c'est 4823917", "inform", "fr")["parse_data"],
            "events": [
                user("je veux retourner ma robe", "request_return", "fr"),
                user("c'est 4823917", "inform", "fr"),
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": "return_form"},
            "latest_action_name": "action_listen",
        }
    )
    domain = {"forms": {"return_form": {"required_slots": ["order_id", "return_reason"]}}, "slots": {}}
    events = asyncio.run(ValidateReturnForm().run(CollectingDispatcher(), t, domain))
    assert slots(events)["language"] == "fr"
    assert "personality" in slots(events)["persona_profile"]
    # The form's next question sees those slots already set and sets nothing again.
    after = tracker(
        *[user("je veux retourner ma robe", "request_return", "fr"), user("c'est 4823917", "inform", "fr")],
        slots={
            name: value
            for name, value in slots(events).items()
            if name in ("language", "persona", "persona_profile")
        },
    )
    messages, again = run(ActionAskReturnReason(), after)
    assert messages[0]["language"] == "fr"
    assert again == []
