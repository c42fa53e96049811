"""Builds replies that follow the handling strategy of the buyer's persona.

`playbook/strategies.yml` says, per persona label, which snippet of
`locales/<lang>/replies.yml` goes into which part of which reply, and which
persona axis governs each part. This module applies it, then checks the result
against the shop's price policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from bot.persona.inference import AXIS_OF, LABELS
from bot.replies import ReplyBook
from bot.settings import PROJECT_ROOT

PLAYBOOK_PATH = PROJECT_ROOT / "playbook" / "strategies.yml"
PARTS = ("handoff_route", "opener", "price_stance", "core", "content", "review", "perks", "closer")
# The part whose label is reported as the one driving the reply, strongest first.
DRIVING_ORDER = ("handoff_route", "price_stance", "core", "content", "review", "opener", "perks", "closer")
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s?%")


class PlaybookError(ValueError):
    """The playbook file is missing or inconsistent."""


@dataclass(frozen=True)
class Rule:
    label: str
    part: str
    snippet: str
    intents: frozenset[str] | None  # None: every intent
    replaces_core: bool = False
    otherwise: str | None = None
    discount_for: str | None = None

    def applies_to(self, intent: str | None) -> bool:
        return self.intents is None or (intent is not None and intent in self.intents)


@dataclass(frozen=True)
class LabelStrategy:
    label: str
    axis: str
    source: str
    derived: bool
    strategy: str
    rules: tuple[Rule, ...]
    suppress: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Applied:
    label: str
    part: str
    snippet: str
    source: str
    derived: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "part": self.part,
            "snippet": self.snippet,
            "source": self.source,
            "derived": self.derived,
        }


@dataclass
class ComposedReply:
    text: str
    language: str
    intent: str | None
    persona: str | None
    applied: list[Applied] = field(default_factory=list)
    guardrail: list[str] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "intent": self.intent,
            "persona": self.persona,
            "strategy": [a.as_dict() for a in self.applied],
            "guardrail": self.guardrail,
        }


def allowed_discount(policy: Mapping[str, Any], purpose: str) -> dict[str, Any] | None:
    """The configured code for `purpose` whose percent the policy allows, if any."""
    ceiling = float(policy.get("max_concession_percent") or 0)
    for code in policy.get("discount_codes") or []:
        if not isinstance(code, Mapping):
            continue
        percent = code.get("percent")
        purposes = code.get("for") or []
        if (
            purpose in purposes
            and isinstance(percent, (int, float))
            and 0 < percent <= ceiling
            and isinstance(code.get("code"), str)
        ):
            return {"discount_code": code["code"], "discount_percent": percent}
    return None


def bulk_discount(policy: Mapping[str, Any], quantity: Any) -> dict[str, Any] | None:
    """The bulk price (`bulk_tiers` of the price policy) for `quantity` units: the largest percent
    whose `min_quantity` the quantity reaches, within `max_concession_percent`; None otherwise."""
    match = re.search(r"\d+", str(quantity or ""))
    if match is None:
        return None
    units = int(match.group(0))
    ceiling = float(policy.get("max_concession_percent") or 0)
    best: dict[str, Any] | None = None
    for tier in policy.get("bulk_tiers") or []:
        if not isinstance(tier, Mapping):
            continue
        least, percent = tier.get("min_quantity"), tier.get("percent")
        if not isinstance(least, int) or not isinstance(percent, (int, float)):
            continue
        if units >= least and 0 < percent <= ceiling and (best is None or percent > best["bulk_percent"]):
            best = {"bulk_percent": percent, "bulk_min_quantity": least}
    return best


def allowed_percents(policy: Mapping[str, Any]) -> set[float]:
    ceiling = float(policy.get("max_concession_percent") or 0)
    found = set()
    for entry in list(policy.get("discount_codes") or []) + list(policy.get("bulk_tiers") or []):
        if isinstance(entry, Mapping) and isinstance(entry.get("percent"), (int, float)):
            if 0 < entry["percent"] <= ceiling:
                found.add(float(entry["percent"]))
    return found


def price_violations(text: str, policy: Mapping[str, Any]) -> list[str]:
    """Percentages in a reply that the shop's price policy does not allow."""
    allowed = allowed_percents(policy)
    problems = []
    for match in PERCENT.finditer(text):
        value = float(match.group(1).replace(",", "."))
        # '100% genuine' is a promise about the product, not a price.
        if value not in allowed and value != 100:
            problems.append(f"offers {match.group(0)} which the price policy does not allow")
    return problems


def _parse_label(label: str, raw: Mapping[str, Any], path: Path) -> LabelStrategy:
    axis = raw.get("axis")
    if AXIS_OF.get(label) != axis:
        raise PlaybookError(f"{path}: label '{label}' has axis {axis!r}, expected {AXIS_OF.get(label)!r}")
    rules = []
    for item in raw.get("apply") or []:
        part = item.get("part")
        if part not in PARTS:
            raise PlaybookError(f"{path}: label '{label}' applies to unknown part {part!r}")
        intents = item.get("intents")
        rules.append(
            Rule(
                label=label,
                part=part,
                snippet=str(item["snippet"]),
                intents=None if intents == "all" else frozenset(intents or []),
                replaces_core=bool(item.get("replaces_core", False)),
                otherwise=item.get("otherwise"),
                discount_for=item.get("discount_for"),
            )
        )
    suppress = frozenset(raw.get("suppress") or [])
    if suppress - set(PARTS):
        raise PlaybookError(
            f"{path}: label '{label}' suppresses unknown parts {sorted(suppress - set(PARTS))}"
        )
    return LabelStrategy(
        label=label,
        axis=str(axis),
        source=str(raw.get("source", "")),
        derived=bool(raw.get("derived", False)),
        strategy=" ".join(str(raw.get("strategy", "")).split()),
        rules=tuple(rules),
        suppress=suppress,
    )


class Playbook:
    def __init__(
        self, labels: Mapping[str, LabelStrategy], governance: Mapping[str, tuple[str, ...]]
    ) -> None:
        self.labels = dict(labels)
        self.governance = dict(governance)

    @classmethod
    def from_file(cls, path: Path = PLAYBOOK_PATH) -> Playbook:
        return _load(Path(path))

    def strategy_card(self, label: str | None) -> dict[str, Any] | None:
        if label not in self.labels:
            return None
        item = self.labels[label]
        return {
            "label": label,
            "axis": item.axis,
            "strategy": item.strategy,
            "source": item.source,
            "derived": item.derived,
        }

    def compose(
        self,
        replies: ReplyBook,
        language: str,
        intent: str | None,
        persona: Mapping[str, str | None],
        turn: int = 0,
        values: Mapping[str, Any] | None = None,
        core_text: str | None = None,
    ) -> ComposedReply:
        """The reply to `intent` for a buyer with these labels (axis -> label).

        `core_text` replaces the neutral answer to the intent (a flow's own message).
        """
        policy = replies.settings.price_policy
        values = dict(values or {})
        chosen: dict[str, tuple[Rule, str]] = {}
        for part in PARTS:
            for axis in self.governance.get(part, ()):
                label = persona.get(axis)
                strategy = self.labels.get(label) if label else None
                if strategy is None:
                    continue
                rule = next((r for r in strategy.rules if r.part == part and r.applies_to(intent)), None)
                if rule is None:
                    continue
                snippet: str | None = rule.snippet
                if rule.discount_for:
                    discount = allowed_discount(policy, rule.discount_for)
                    if discount:
                        values.update(discount)
                    else:
                        snippet = rule.otherwise
                if snippet and replies.snippet(language, strategy.label, snippet) is not None:
                    chosen[part] = (rule, snippet)
                    break
        personality = self.labels.get(persona.get("personality") or "")
        for part in personality.suppress if personality else ():
            chosen.pop(part, None)

        if "handoff_route" in chosen:
            chosen = {"handoff_route": chosen["handoff_route"]}
        texts: list[str | None] = []
        replaced = any(rule.replaces_core for rule, _ in chosen.values())
        for part in PARTS:
            if part == "core" and "core" not in chosen and not replaced:
                texts.append(
                    core_text
                    if core_text is not None
                    else replies.intent_reply(language, intent, turn, **values)
                )
                continue
            if part in chosen:
                rule, snippet = chosen[part]
                texts.append(replies.snippet(language, rule.label, snippet, turn, **values))
        text = " ".join(t.strip() for t in texts if t and t.strip())
        applied = [
            Applied(
                rule.label, part, snippet, self.labels[rule.label].source, self.labels[rule.label].derived
            )
            for part, (rule, snippet) in chosen.items()
        ]
        driving = next((chosen[p][0].label for p in DRIVING_ORDER if p in chosen), None)
        reply = ComposedReply(text, language, intent, driving, applied)
        violations = price_violations(text, policy)
        if violations:
            # Never let a reply promise what the price policy forbids: fall back to the neutral answer.
            reply.guardrail = violations
            reply.text = core_text if core_text is not None else replies.intent_reply(language, intent, turn)
            reply.applied = []
        return reply


@lru_cache(maxsize=4)
def _load(path: Path) -> Playbook:
    if not path.is_file():
        raise PlaybookError(f"{path}: playbook file not found")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    governance: dict[str, tuple[str, ...]] = {}
    for item in raw.get("governance") or []:
        part, axis = item.get("part"), item.get("axis")
        if part not in PARTS:
            raise PlaybookError(f"{path}: governance names unknown part {part!r}")
        axes = tuple(axis) if isinstance(axis, list) else (axis,)
        if any(a not in LABELS for a in axes):
            raise PlaybookError(f"{path}: governance of '{part}' names an unknown axis {axis!r}")
        governance[part] = axes
    labels = {label: _parse_label(label, body, path) for label, body in (raw.get("labels") or {}).items()}
    missing = set(AXIS_OF) - set(labels)
    if missing:
        raise PlaybookError(f"{path}: no strategy for label(s) {sorted(missing)}")
    return Playbook(labels, governance)
