"""Faults: the action server goes down mid-conversation and comes back."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = [pytest.mark.model, pytest.mark.server]


def post(base: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(
        f"{base}/webhooks/shop{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def test_action_server_down_gives_an_apology_in_the_buyer_language(running_product, settings) -> None:
    from bot.replies import ReplyBook

    base = running_product.config.rasa_url
    session_id = post(base, "/session", {})["session_id"]
    first = post(base, "/message", {"session_id": session_id, "text": "hola, hacen envíos a chile?"})
    assert first["language"] == "es" and first["messages"]
    running_product.stop_action_server()
    try:
        down = post(base, "/message", {"session_id": session_id, "text": "y cuánto tarda el envío?"})
        apology = ReplyBook(settings).flow("es", "technical_problem")
        assert [m["text"] for m in down["messages"]] == [apology]
    finally:
        running_product.start_action_server()
    back = post(base, "/message", {"session_id": session_id, "text": "es original?"})
    assert back["messages"] and back["messages"][0]["text"] != apology
    history = urllib.request.urlopen(f"{base}/webhooks/shop/history?session_id={session_id}", timeout=30)
    buyer = [m["text"] for m in json.loads(history.read())["messages"] if m["role"] == "buyer"]
    assert buyer == ["hola, hacen envíos a chile?", "y cuánto tarda el envío?", "es original?"]


def test_message_over_the_limit_gets_a_polite_reply_without_the_model(running_product, settings) -> None:
    from bot.replies import ReplyBook

    base = running_product.config.rasa_url
    session_id = post(base, "/session", {})["session_id"]
    post(base, "/message", {"session_id": session_id, "text": "bonjour, c'est un vrai produit ?"})
    long_text = "bonjour " * (settings.max_message_length // 8 + 10)
    reply = post(base, "/message", {"session_id": session_id, "text": long_text})
    assert [m["text"] for m in reply["messages"]] == [ReplyBook(settings).flow("fr", "too_long")]


def test_personal_data_never_reaches_the_tracker(running_product) -> None:
    base = running_product.config.rasa_url
    session_id = post(base, "/session", {})["session_id"]
    reply = post(
        base,
        "/message",
        {
            "session_id": session_id,
            "text": "my card 4111 1111 1111 1111 was charged twice, mail me at jo@example.com",
        },
    )
    assert reply["messages"]
    url = f"{base}/conversations/{session_id}/tracker?token={running_product.token}"
    tracker = json.loads(urllib.request.urlopen(url, timeout=30).read())
    dump = json.dumps(tracker)
    assert "4111" not in dump and "jo@example.com" not in dump
    assert "[card]" in dump and "[email]" in dump
