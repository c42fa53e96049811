"""Infers the buyer's persona on every axis from the whole conversation.

Each buyer message adds weighted evidence for labels (see `_habit`, `_personality`,
`_review`); older messages count a little less, so labels follow a buyer who
changes. A label is set only when its score is high enough and clearly ahead of
the next one; until then the axis stays unset.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from bot.persona.profile import BuyerProfile, tier_of
from bot.persona.signals import MessageSignals

AXES = ("habit", "personality", "review", "tier", "customer_type")
LABELS = {
    "habit": ("enthusiast", "goal_oriented", "bargain_hunter", "cautious_shopper", "first_time_cross_border"),
    "personality": ("outgoing", "rational_friendly", "decisive", "negotiator", "stubborn"),
    "review": ("showcase_reviewer", "rational_reviewer", "silent_reviewer"),
    "tier": ("vip", "core", "quality", "regular"),
    "customer_type": ("retail", "b2b"),
}
AXIS_OF = {label: axis for axis, labels in LABELS.items() for label in labels}

# Evidence from a message counts this much less for each later buyer message.
DECAY = 0.9
# A label needs this score, and this lead over the runner-up, to be set.
MIN_SCORE = 0.5
MIN_LEAD = 0.1
MAX_EVIDENCE = 4
BULK_QUANTITY = 50
PROBLEM_INTENTS = {"report_problem", "request_return", "track_order"}


def score_of(weight: float) -> float:
    return 1.0 - math.exp(-max(weight, 0.0))


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f'"{text[: limit - 1]}…"' if len(text) > limit else f'"{text}"'


@dataclass
class AxisResult:
    label: str | None
    score: float
    evidence: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "score": round(self.score, 3),
            "evidence": self.evidence,
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
        }


@dataclass
class PersonaProfile:
    axes: dict[str, AxisResult]

    def label(self, axis: str) -> str | None:
        result = self.axes.get(axis)
        return result.label if result else None

    def labels(self) -> dict[str, str | None]:
        return {axis: self.label(axis) for axis in AXES}

    def as_slot(self) -> dict[str, Any]:
        return {axis: self.axes[axis].as_dict() for axis in AXES}


class _Tally:
    def __init__(self) -> None:
        self.weights: dict[str, float] = defaultdict(float)
        self.reasons: dict[str, list[tuple[float, str]]] = defaultdict(list)

    def add(self, label: str, weight: float, reason: str) -> None:
        self.weights[label] += weight
        self.reasons[label].append((weight, reason))

    def scale(self, label: str, factor: float) -> None:
        self.weights[label] *= factor

    def result(self, labels: Sequence[str]) -> AxisResult:
        scores = {label: score_of(self.weights.get(label, 0.0)) for label in labels}
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        best, best_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best_score < MIN_SCORE or best_score - runner_up < MIN_LEAD:
            return AxisResult(None, best_score, [], scores)
        reasons = [reason for _, reason in reversed(self.reasons[best])]
        unique = list(dict.fromkeys(reasons))[:MAX_EVIDENCE]
        return AxisResult(best, best_score, unique, scores)


def _habit(tally: _Tally, m: MessageSignals, d: float, history: list[MessageSignals]) -> None:
    if m.has("excited"):
        tally.add("enthusiast", 0.4 * d, f"excited: {quote(m.text)}")
    if m.has("new_products"):
        tally.add("enthusiast", 0.5 * d, f"asks about new products: {quote(m.text)}")
    if (m.emoji >= 2 or m.exclamations >= 2) and m.intent not in PROBLEM_INTENTS:
        tally.add("enthusiast", 0.15 * d, "writes with emoji and exclamation marks")
    if m.intent == "ask_promotions":
        tally.add("enthusiast", 0.1 * d, f"asks about promotions: {quote(m.text)}")
        tally.add("bargain_hunter", 0.3 * d, f"asks about promotions: {quote(m.text)}")
    if m.intent == "ask_product_details":
        tally.add("goal_oriented", 0.35 * d, f"precise product question: {quote(m.text)}")
    if m.intent == "ask_reviews":
        tally.add("goal_oriented", 0.2 * d, f"checks other buyers' reviews: {quote(m.text)}")
        tally.add("cautious_shopper", 0.1 * d, f"checks other buyers' reviews: {quote(m.text)}")
    if m.intent == "place_order" and any(h.intent == "ask_product_details" for h in history):
        tally.add("goal_oriented", 0.3 * d, f"orders once the product fits: {quote(m.text)}")
    if m.has("cheapest"):
        tally.add("bargain_hunter", 0.5 * d, f"looks for the lowest price: {quote(m.text)}")
    if m.has("compares_shops") or m.competitor_price:
        tally.add("bargain_hunter", 0.25 * d, f"compares prices with other shops: {quote(m.text)}")
    if m.intent == "haggle_price":
        tally.add("bargain_hunter", 0.1 * d, f"asks for a lower price: {quote(m.text)}")
    if m.intent == "ask_authenticity":
        tally.add("cautious_shopper", 0.45 * d, f"doubts authenticity: {quote(m.text)}")
    if m.intent == "privacy_concern":
        tally.add("cautious_shopper", 0.45 * d, f"worried about personal data: {quote(m.text)}")
    if m.has("distrust"):
        tally.add("cautious_shopper", 0.45 * d, f"distrusts the shop: {quote(m.text)}")
    if m.intent == "ask_return_policy":
        tally.add("cautious_shopper", 0.25 * d, f"checks the return policy: {quote(m.text)}")
    if m.has("remorse"):
        tally.add("cautious_shopper", 0.3 * d, f"second thoughts after ordering: {quote(m.text)}")
    if m.has("first_cross_border"):
        tally.add("first_time_cross_border", 0.9 * d, f"first order from abroad: {quote(m.text)}")
    if m.intent == "ask_customs":
        tally.add("first_time_cross_border", 0.3 * d, f"asks about customs: {quote(m.text)}")


def _personality(tally: _Tally, m: MessageSignals, d: float, history: list[MessageSignals]) -> None:
    if m.has("social_media"):
        tally.add("outgoing", 0.6 * d, f"came from social media: {quote(m.text)}")
    if m.intent == "chitchat":
        tally.add("outgoing", 0.3 * d, f"chats: {quote(m.text)}")
    if m.emoji and m.intent not in PROBLEM_INTENTS:
        tally.add("outgoing", 0.1 * d, "friendly emoji")
    if m.has("excited"):
        tally.add("outgoing", 0.1 * d, f"enthusiastic: {quote(m.text)}")
    if m.has("polite"):
        tally.add("rational_friendly", 0.3 * d, f"polite: {quote(m.text)}")
    if m.has("decisive_buy"):
        tally.add("decisive", 0.55 * d, f"buys straight away: {quote(m.text)}")
    if m.intent == "place_order":
        tally.add("decisive", 0.3 * d, f"orders: {quote(m.text)}")
        if m.short:
            tally.add("decisive", 0.1 * d, "short, direct messages")
    if m.intent == "haggle_price":
        earlier = sum(1 for h in history if h.intent == "haggle_price")
        weight = 0.3 + (0.25 if earlier else 0.0)
        tally.add("negotiator", weight * d, f"haggles (time {earlier + 1}): {quote(m.text)}")
        if m.competitor_price or m.has("compares_shops"):
            tally.add("negotiator", 0.3 * d, f"cites another shop's price: {quote(m.text)}")
    if m.has("flaw_citing"):
        tally.add("negotiator", 0.4 * d, f"cites flaws to get a lower price: {quote(m.text)}")
    if m.has("bad_review_threat"):
        tally.add("stubborn", 0.6 * d, f"threatens a bad review: {quote(m.text)}")
    if m.has("impatient"):
        tally.add("stubborn", 0.4 * d, f"impatient: {quote(m.text)}")
    if m.has("refuses_advice"):
        tally.add("stubborn", 0.45 * d, f"rejects advice: {quote(m.text)}")
    if m.has("hostile"):
        tally.add("stubborn", 0.5 * d, f"hostile: {quote(m.text)}")


def _review(tally: _Tally, m: MessageSignals, d: float, history: list[MessageSignals]) -> None:
    if m.has("review_with_photos"):
        tally.add("showcase_reviewer", 0.8 * d, f"posts reviews with photos: {quote(m.text)}")
    if m.intent == "share_feedback":
        if m.has("social_media"):
            tally.add("showcase_reviewer", 0.3 * d, f"shares on social media: {quote(m.text)}")
        if m.has("excited") or m.emoji >= 2:
            tally.add("showcase_reviewer", 0.2 * d, f"excited feedback: {quote(m.text)}")
    if m.has("review_after_use"):
        tally.add("rational_reviewer", 0.8 * d, f"reviews after real use: {quote(m.text)}")
    if m.has("no_review_habit"):
        tally.add("silent_reviewer", 0.8 * d, f"does not usually review: {quote(m.text)}")


def _customer_type(messages: Sequence[MessageSignals]) -> AxisResult:
    tally = _Tally()
    for m in messages:
        if m.intent == "bulk_order":
            tally.add("b2b", 0.6, f"asks for a bulk/wholesale order: {quote(m.text)}")
        big = [q for q in m.quantities if q >= BULK_QUANTITY]
        if big:
            tally.add("b2b", 0.6, f"quantity {max(big):g}: {quote(m.text)}")
    b2b = score_of(tally.weights.get("b2b", 0.0))
    if b2b >= MIN_SCORE:
        return AxisResult(
            "b2b",
            b2b,
            list(dict.fromkeys(r for _, r in tally.reasons["b2b"]))[:MAX_EVIDENCE],
            {"retail": 1 - b2b, "b2b": b2b},
        )
    if not messages:
        return AxisResult(None, 0.0, [], {"retail": 0.0, "b2b": 0.0})
    return AxisResult(
        "retail", 1 - b2b, ["no bulk quantities or wholesale request"], {"retail": 1 - b2b, "b2b": b2b}
    )


def infer_persona(
    messages: Sequence[MessageSignals],
    profile: BuyerProfile | None = None,
    tier_thresholds: Mapping[str, Any] | None = None,
) -> PersonaProfile:
    """The persona on every axis after the given buyer messages (oldest first)."""
    habit, personality, review = _Tally(), _Tally(), _Tally()
    if profile is not None and profile.first_cross_border:
        habit.add("first_time_cross_border", 0.9, "profile: first cross-border purchase")
    if profile is not None and profile.from_social:
        personality.add("outgoing", 0.6, "profile: arrived from social media")
    count = len(messages)
    for index, message in enumerate(messages):
        decay = DECAY ** (count - 1 - index)
        history = list(messages[:index])
        _habit(habit, message, decay, history)
        _personality(personality, message, decay, history)
        _review(review, message, decay, history)
    # A problem reported by a buyer who stays polite and makes no threat: the rational-friendly buyer.
    threats = any(m.has("bad_review_threat") or m.has("hostile") for m in messages)
    problems = [m for m in messages if m.intent in PROBLEM_INTENTS]
    if problems and not threats and any(m.has("polite") for m in messages):
        personality.add("rational_friendly", 0.35, f"calm about a problem: {quote(problems[-1].text)}")
    # Haggling again and again is not the decisive buyer's way, and threats are not rational-friendly.
    if personality.weights.get("negotiator", 0.0) >= 0.6:
        personality.scale("decisive", 0.5)
    if personality.weights.get("stubborn", 0.0) >= 0.4:
        personality.scale("rational_friendly", 0.5)

    tier = tier_of(profile, tier_thresholds or {})
    tier_result = (
        AxisResult(tier[0], 1.0, [tier[1]], {label: float(label == tier[0]) for label in LABELS["tier"]})
        if tier
        else AxisResult(None, 0.0, [], {label: 0.0 for label in LABELS["tier"]})
    )
    return PersonaProfile(
        {
            "habit": habit.result(LABELS["habit"]),
            "personality": personality.result(LABELS["personality"]),
            "review": review.result(LABELS["review"]),
            "tier": tier_result,
            "customer_type": _customer_type(messages),
        }
    )
