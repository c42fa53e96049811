"""The whole product through a running Rasa server and action server."""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.nlu.data import load_test_set
from bot.playbook import price_violations
from tests.conftest import ARTIFACTS
from tests.e2e_client import ProductClient

pytestmark = [pytest.mark.model, pytest.mark.server]

DIALOGUES = Path(__file__).parent / "data" / "persona_dialogues"
PERSONA_THRESHOLD = 0.75
PERCENT = re.compile(r"\d\s?%")


@pytest.fixture(scope="module")
def client(running_product) -> ProductClient:
    return ProductClient(running_product.config.rasa_url, running_product.token)


def new_sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_a_message_in_each_language_gets_a_reply_in_that_language(client, languages, identifier) -> None:
    for language in languages:
        items = load_test_set(language)["intents"][::9][:3]
        sender = new_sender(language)
        for item in items:
            replies = client.say(sender, item["text"])
            assert replies, (language, item)
            text = " ".join(r.get("text") or "" for r in replies)
            assert identifier.identify(text).name == language, (language, item["text"], text)
        for event in client.bot_events(sender):
            assert event["metadata"]["language"] == language


def test_model_parse_returns_the_language(client) -> None:
    parse = client.parse("danke")
    assert parse["language"]["name"] == "de"
    assert 0.0 <= parse["language"]["confidence"] <= 1.0


def test_spanish_hola_es_original_gets_a_spanish_authenticity_answer(client, settings) -> None:
    from bot.replies import ReplyBook

    sender = new_sender("es")
    [reply] = client.say(sender, "hola, es original?")
    tracker = client.tracker(sender)
    assert tracker["latest_message"]["intent"]["name"] == "ask_authenticity"
    assert tracker["slots"]["language"] == "es"
    neutral = ReplyBook(settings).intent_reply("es", "ask_authenticity", 1)
    assert neutral.split(".")[0] in reply["text"]


def test_browser_locale_decides_an_ambiguous_first_message(client) -> None:
    sender = new_sender("pt")
    client.say(sender, "ok", metadata={"locale": "pt-BR"})
    assert client.tracker(sender)["slots"]["language"] == "pt"


def test_german_haggler_gets_three_firm_courteous_german_answers(client, identifier, settings) -> None:
    sender = new_sender("de-neg")
    pushes = [
        "was kostet der hoodie? geht da was am preis?",
        "bei amazon kostet der 10 euro weniger, machen sie mir einen besseren preis",
        "komm schon, letztes angebot 45 euro und ich kaufe sofort",
    ]
    answers = [" ".join(r["text"] for r in client.say(sender, text)) for text in pushes]
    for answer in answers:
        assert identifier.identify(answer).name == "de", answer
        assert not PERCENT.search(answer) and not price_violations(answer, settings.price_policy)
    slots = client.tracker(sender)["slots"]
    assert slots["persona"] == "negotiator"
    assert slots["persona_profile"]["personality"]["label"] == "negotiator"
    assert slots["persona_profile"]["personality"]["evidence"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "german_negotiator.json").write_text(
        json.dumps(
            {"buyer": pushes, "assistant": answers, "persona": slots["persona_profile"]["personality"]},
            ensure_ascii=False,
            indent=2,
        )
    )


@pytest.mark.parametrize(
    "language, pushes",
    [
        (
            "en",
            [
                "can u do cheaper",
                "amazon has it for $30 less",
                "i'll leave a 1 star review if you don't discount",
                "10% off?",
                "last chance, 20 dollars less",
                "other shop is cheaper",
                "give me a coupon then",
                "what about 5%",
                "come on",
                "fine, final price?",
            ],
        ),
        (
            "zh",
            [
                "能便宜点吗",
                "别家才卖99元",
                "不便宜我就给差评",
                "打个9折吧",
                "再便宜20块",
                "淘宝更便宜",
                "给个优惠券",
                "少5块也行",
                "最后问一次能不能便宜",
                "最低多少",
            ],
        ),
    ],
)
def test_price_guardrail_under_adversarial_haggling(client, settings, language, pushes) -> None:
    sender = new_sender(f"{language}-adv")
    for push in pushes:
        for reply in client.say(sender, push):
            text = reply.get("text") or ""
            assert not price_violations(text, settings.price_policy), (push, text)
            assert not PERCENT.search(text), (push, text)


def load_dialogues(languages) -> list[dict]:
    dialogues = []
    for language in languages:
        data = yaml.safe_load((DIALOGUES / f"{language}.yml").read_text(encoding="utf-8"))
        for dialogue in data["dialogues"]:
            dialogues.append({**dialogue, "language": language})
    return dialogues


def test_persona_on_labelled_dialogues_through_the_real_actions(client, languages) -> None:
    dialogues = load_dialogues(languages)
    assert len(dialogues) >= 40
    hits, totals = defaultdict(int), defaultdict(int)
    misses = []
    for dialogue in dialogues:
        sender = new_sender(dialogue["id"])
        metadata = {"profile": dialogue["profile"]} if dialogue.get("profile") else None
        for turn in dialogue["turns"]:
            client.say(sender, turn, metadata=metadata)
        profile = client.tracker(sender)["slots"]["persona_profile"]
        for axis, expected in dialogue["expected"].items():
            if expected is None:
                continue
            totals[axis] += 1
            got = profile[axis]["label"]
            if got == expected:
                hits[axis] += 1
            else:
                misses.append((dialogue["id"], axis, expected, got))
    report = {
        axis: {"accuracy": round(hits[axis] / totals[axis], 3), "dialogues": totals[axis]} for axis in totals
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "persona_accuracy.json").write_text(
        json.dumps({"report": report, "misses": misses}, indent=2)
    )
    print("\npersona accuracy per axis:", report, "\nmisses:", misses)
    low = {axis: r for axis, r in report.items() if r["accuracy"] < PERSONA_THRESHOLD}
    assert not low, (low, misses)


def test_return_flow_in_spanish_is_collected_confirmed_and_stored(client, running_product) -> None:
    from bot.storage import ShopRecords

    sender = new_sender("es-ret")
    client.say(sender, "quiero devolver mi pedido")
    client.say(sender, "SO-4823917")
    [confirm] = client.say(sender, "me queda pequeño")
    assert "SO-4823917" in confirm["text"] and confirm.get("buttons")
    [done] = client.say(sender, "sí")
    assert "SO-4823917" in done["text"]
    records = ShopRecords(running_product.config.state_dir / "shop.sqlite").returns(sender)
    assert records == [{"order_id": "SO-4823917", "reason": "me queda pequeño", "language": "es"}]
