"""Replies built by the playbook, per label and language: the strategies must show in the text."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot import locales
from bot.playbook import Playbook, PlaybookError, price_violations
from bot.replies import ReplyBook
from bot.settings import Settings

PERCENT = re.compile(r"\d\s?%")
REPURCHASE_POLICY = {
    "discount_codes": [{"code": "THANKS5", "percent": 5, "for": ["repurchase"]}],
    "max_concession_percent": 5,
}


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return Playbook.from_file()


def book(settings: Settings, **changes) -> ReplyBook:
    return ReplyBook(dataclasses.replace(settings, **changes))


def compose(playbook, settings, language, intent, turn=0, **labels):
    return playbook.compose(book(settings), language, intent, labels, turn)


def test_every_label_has_a_strategy_with_its_source(playbook: Playbook) -> None:
    for label, strategy in playbook.labels.items():
        assert strategy.source.endswith(".txt"), label
        assert strategy.strategy, label
    assert playbook.labels["bargain_hunter"].derived is True
    assert playbook.labels["negotiator"].derived is False


def test_negotiator_gets_the_same_firm_price_answer_every_time(playbook, settings, languages) -> None:
    for language in languages:
        neutral = book(settings).intent_reply(language, "haggle_price")
        for turn in range(10):
            reply = compose(
                playbook,
                settings,
                language,
                "haggle_price",
                turn,
                personality="negotiator",
                habit="bargain_hunter",
            )
            assert reply.persona == "negotiator", (language, reply.applied)
            assert reply.text and reply.text != neutral
            assert not PERCENT.search(reply.text), (language, reply.text)
            assert not price_violations(reply.text, settings.price_policy)


def test_cautious_shopper_gets_guarantee_records_reviews_rating_returns_and_dispatch(
    playbook, settings, languages
) -> None:
    facts = settings.shop_facts
    for language in languages:
        reply = compose(playbook, settings, language, "ask_authenticity", habit="cautious_shopper")
        for fact in ("orders_count", "reviews_count", "shop_rating", "return_days", "dispatch_days"):
            assert str(facts[fact]) in reply.text, (language, fact, reply.text)
        assert reply.persona == "cautious_shopper"


def test_decisive_buyer_gets_a_short_thank_you_and_no_marketing(playbook, settings, languages) -> None:
    for language in languages:
        plain = compose(
            playbook, settings, language, "thank", personality="decisive", habit="enthusiast", tier="vip"
        )
        assert {a.part for a in plain.applied} == {"core"}, (language, plain.applied)
        assert not PERCENT.search(plain.text), (language, plain.text)
        with_code = playbook.compose(
            book(settings, price_policy=REPURCHASE_POLICY), language, "thank", {"personality": "decisive"}
        )
        assert "THANKS5" in with_code.text and "5" in with_code.text, (language, with_code.text)
        assert len(with_code.text) < 400


def test_stubborn_buyer_always_gets_a_way_to_a_human(playbook, settings, languages) -> None:
    for language in languages:
        keyword = locales.lexicon(settings.locales_dir, language)["human_keyword"]
        for intent in ("track_order", "report_problem", "haggle_price", "ask_shipping"):
            reply = compose(playbook, settings, language, intent, personality="stubborn")
            assert keyword in reply.text, (language, intent, reply.text)
            assert {"opener", "closer"} <= {a.part for a in reply.applied}


def test_silent_reviewer_is_invited_with_steps(playbook, settings, languages) -> None:
    for language in languages:
        reply = compose(playbook, settings, language, "share_feedback", review="silent_reviewer")
        assert ("review", "invite") in {(a.part, a.snippet) for a in reply.applied}
        digits = reply.text.translate(str.maketrans("١٢٣", "123"))
        assert re.search(r"1.*2.*3", digits, re.S), (language, reply.text)


def test_tiers_add_their_perks_without_price_cuts(playbook, settings, languages) -> None:
    for language in languages:
        vip = compose(playbook, settings, language, "greet", tier="vip")
        assert ("perks", "perks") in {(a.part, a.snippet) for a in vip.applied}
        core = compose(playbook, settings, language, "place_order", tier="core")
        # No loyalty code configured: the perks without a rebate.
        assert {(a.part, a.snippet) for a in core.applied} == {("perks", "perks")}
        assert not PERCENT.search(core.text)


def test_b2b_price_question_goes_to_the_bulk_quote_route(playbook, settings, languages) -> None:
    for language in languages:
        reply = compose(
            playbook, settings, language, "haggle_price", customer_type="b2b", personality="negotiator"
        )
        assert [a.part for a in reply.applied] == ["handoff_route"]


def test_no_labels_gives_the_neutral_reply(playbook, settings, languages) -> None:
    for language in languages:
        reply = compose(playbook, settings, language, "ask_shipping")
        assert reply.text == book(settings).intent_reply(language, "ask_shipping")
        assert reply.persona is None and reply.applied == []


def test_guardrail_replaces_a_reply_that_offers_an_unconfigured_discount(
    playbook, settings, tmp_path: Path
) -> None:
    shutil.copytree(settings.locales_dir, tmp_path / "locales")
    path = tmp_path / "locales" / "en" / "replies.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["strategies"]["bargain_hunter"]["value"] = "Just for you: 15% off today!"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    replies = book(settings, locales_dir=tmp_path / "locales")
    reply = playbook.compose(replies, "en", "haggle_price", {"habit": "bargain_hunter"})
    assert "15%" not in reply.text
    assert reply.guardrail and "15%" in reply.guardrail[0]


def test_price_violations() -> None:
    assert price_violations("save 10% now", {}) == ["offers 10% which the price policy does not allow"]
    assert price_violations("save 5 % now", REPURCHASE_POLICY) == []
    assert price_violations("no concession", {}) == []


def test_playbook_with_an_unknown_part_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "strategies.yml"
    path.write_text("governance: [{part: dessert, axis: habit}]\nlabels: {}\n", encoding="utf-8")
    with pytest.raises(PlaybookError, match="unknown part"):
        Playbook.from_file(path)
