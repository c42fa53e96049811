"""Persona inference in plain Python: signals, labels, evidence, tiers and the profile store."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation import cue_matcher
from bot.persona.inference import LABELS, infer_persona
from bot.persona.profile import BuyerProfile, ProfileStore, tier_of
from bot.persona.signals import CueMatcher, message_signals

TIERS = {"vip_total_spend": 1000, "core_order_count": 5, "quality_positive_feedback": 3}


def say(text: str, intent: str, language: str = "en", entities=(), settings=None):
    matcher = cue_matcher(settings.locales_dir, language) if settings else None
    return message_signals(text, intent, list(entities), language, matcher)


def test_cues_match_whole_words_only() -> None:
    matcher = CueMatcher({"decisive_buy": ["send it"], "cheapest": ["sale"]})
    assert [c.signal for c in matcher.match("ok send it now")] == ["decisive_buy"]
    # 'sale' inside 'wholesale' is not a cue.
    assert matcher.match("wholesale prices") == ()


def test_chinese_cues_match_inside_text() -> None:
    matcher = CueMatcher({"distrust": ["骗子"]})
    assert matcher.match("你们不会是骗子吧")[0].phrase == "骗子"


def test_one_thin_signal_leaves_the_axis_unset(settings) -> None:
    persona = infer_persona([say("can you do a better price", "haggle_price", settings=settings)])
    assert persona.label("personality") is None
    assert persona.label("habit") is None


def test_haggling_again_makes_a_negotiator_with_evidence(settings) -> None:
    messages = [
        say("can you do a better price", "haggle_price", settings=settings),
        say(
            "on amazon it is 20 dollars cheaper",
            "haggle_price",
            settings=settings,
            entities=[{"entity": "competitor_price", "value": "20 USD"}],
        ),
    ]
    persona = infer_persona(messages)
    assert persona.label("personality") == "negotiator"
    evidence = " ".join(persona.axes["personality"].evidence)
    assert "haggles (time 2)" in evidence and "on amazon it is 20 dollars cheaper" in evidence
    assert 0.5 <= persona.axes["personality"].score <= 1.0


def test_labels_follow_a_buyer_who_changes(settings) -> None:
    early = [say("omg love it so cute!! 😍😍", "chitchat", settings=settings)] * 1
    later = [
        say("is this genuine or fake", "ask_authenticity", settings=settings),
        say("is it safe to pay here, i dont trust sites like this", "privacy_concern", settings=settings),
        say("can i return it if it's not original", "ask_return_policy", settings=settings),
    ]
    assert infer_persona(early + later).label("habit") == "cautious_shopper"


def test_stubborn_threat_beats_politeness(settings) -> None:
    messages = [
        say("please where is my parcel", "track_order", settings=settings),
        say("still waiting!!! answer me or i leave a bad review", "report_problem", settings=settings),
    ]
    assert infer_persona(messages).label("personality") == "stubborn"


def test_cues_work_in_other_languages(settings) -> None:
    german = say(
        "hallo, ich bestelle zum ersten mal im ausland, kommt da zoll dazu?",
        "ask_customs",
        "de",
        settings=settings,
    )
    persona = infer_persona([german])
    assert persona.label("habit") == "first_time_cross_border", persona.axes["habit"].scores


@pytest.mark.parametrize(
    "profile, tier",
    [
        (BuyerProfile(total_spend=1500, order_count=2), "vip"),
        (BuyerProfile(total_spend=300, order_count=7), "core"),
        (BuyerProfile(positive_feedback_count=4), "quality"),
        (BuyerProfile(brand_activities=1), "quality"),
        (BuyerProfile(order_count=1, total_spend=40), "regular"),
    ],
)
def test_tier_from_profile(profile, tier) -> None:
    assert tier_of(profile, TIERS)[0] == tier
    assert infer_persona([], profile, TIERS).label("tier") == tier


def test_no_profile_no_tier() -> None:
    assert infer_persona([]).label("tier") is None


def test_bulk_quantity_makes_b2b(settings) -> None:
    message = say(
        "price for 200 pcs", "bulk_order", entities=[{"entity": "quantity", "value": 200}], settings=settings
    )
    persona = infer_persona([message])
    assert persona.label("customer_type") == "b2b"
    assert any("200" in e for e in persona.axes["customer_type"].evidence)


def test_profile_from_untrusted_metadata_ignores_bad_values() -> None:
    profile = BuyerProfile.from_mapping(
        {
            "id": "b-1",
            "order_count": "lots",
            "total_spend": 1200.5,
            "first_cross_border": "yes",
            "from_social": True,
        }
    )
    assert profile == BuyerProfile(buyer_id="b-1", total_spend=1200.5, from_social=True)
    assert BuyerProfile.from_mapping("not a mapping") is None
    assert BuyerProfile.from_mapping({"total_spend": -5}) is None


def test_profile_store_round_trip(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.sqlite")
    profile = BuyerProfile(buyer_id="x'; DROP TABLE buyer_profiles; --", order_count=6, total_spend=90.0)
    store.save(profile)
    assert store.get(profile.buyer_id) == profile
    assert store.get("someone else") is None


def test_slot_shape_has_every_axis_with_label_score_and_evidence(settings) -> None:
    slot = infer_persona([say("hi", "greet", settings=settings)]).as_slot()
    assert set(slot) == set(LABELS)
    for axis in slot.values():
        assert set(axis) == {"label", "score", "evidence", "scores"}
        assert all(0.0 <= s <= 1.0 for s in axis["scores"].values())
