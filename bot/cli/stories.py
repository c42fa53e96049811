"""Turns a confirmed dialogue (buyer turns with intents) into Rasa story steps.

The assistant's actions are not guessed: they are what the project's rules
(`data/rules.yml`) predict, and forms are followed the way the domain's slot
mappings and the form validators (`bot.flows`) fill them. A turn the rules do
not cover ends the story there, with a note.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import yaml

from bot.cli.common import CliError, Project

REQUESTED_SLOT = "requested_slot"


@dataclass(frozen=True)
class Turn:
    """One buyer message, with the intent the trainer confirmed and the model's entities."""

    text: str
    intent: str
    entities: tuple[Mapping[str, Any], ...] = ()
    agent_reply: str | None = None

    def entity(self, name: str | None) -> Any:
        return next((e.get("value") for e in self.entities if e.get("entity") == name), None)


@dataclass
class RuleBook:
    """What the rules say happens after an intent, inside a form and after a form."""

    after_intent: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    followups: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    form_done: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    interrupts: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    forms: dict[str, list[str]] = field(default_factory=dict)
    mappings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def load(cls, project: Project) -> RuleBook:
        book = cls()
        domain = project.domain()
        for name, form in (domain.get("forms") or {}).items():
            book.forms[name] = list((form or {}).get("required_slots") or [])
        for name, slot in (domain.get("slots") or {}).items():
            book.mappings[name] = list((slot or {}).get("mappings") or [])
        for path in sorted((project.root / "data").rglob("*.yml")):
            try:
                content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as error:
                raise CliError(f"{project.relative(path)}: not valid YAML ({error})") from error
            for rule in (content.get("rules") or []) if isinstance(content, dict) else []:
                book._add(rule)
        return book

    def _add(self, rule: Mapping[str, Any]) -> None:
        steps = [dict(s) for s in rule.get("steps") or []]
        if not steps:
            return
        loops = [c.get("active_loop") for c in rule.get("condition") or [] if "active_loop" in c]
        first = steps[0]
        if loops and loops[0]:
            form = loops[0]
            if first.get("action") == form:
                rest = [s for s in steps[1:] if "action" in s]
                self.form_done[form] = rest
            elif "intent" in first:
                self.interrupts[(form, first["intent"])] = steps[1:]
            return
        if "intent" in first:
            self.after_intent.setdefault(first["intent"], steps[1:])
        elif "action" in first and len(steps) > 1 and "intent" in steps[1]:
            self.followups[(first["action"], steps[1]["intent"])] = steps[2:]


def _slot_value(slot: str, turn: Turn, extracted: Any) -> Any:
    """The value the form's validator would keep (None: rejected, the form asks again)."""
    # bot.flows imports spaCy (slow); only needed when a story is built.
    from bot.flows import free_text, parse_order_id, parse_quantity, valid_contact

    validators: dict[str, Callable[[Any], Any]] = {
        "order_id": lambda value: parse_order_id(value) or parse_order_id(turn.text),
        "bulk_quantity": lambda value: (
            str(q) if (q := parse_quantity(value) or parse_quantity(turn.text)) else None
        ),
        "bulk_contact": valid_contact,
    }
    return validators.get(slot, free_text)(extracted)


@dataclass
class StoryResult:
    steps: list[dict[str, Any]]
    turns_covered: int
    notes: list[str]


def build_steps(turns: Sequence[Turn], book: RuleBook) -> StoryResult:
    """Story steps for the buyer's turns, with the actions the rules predict."""
    steps: list[dict[str, Any]] = []
    notes: list[str] = []
    active: str | None = None
    requested: str | None = None
    filled: dict[str, Any] = {}
    last_action: str | None = None

    def extracted(turn: Turn) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for slot, mappings in book.mappings.items():
            for mapping in mappings:
                conditions = mapping.get("conditions") or []
                if conditions and not any(
                    c.get("active_loop") == active
                    and (REQUESTED_SLOT not in c or c.get(REQUESTED_SLOT) == requested)
                    for c in conditions
                ):
                    continue
                kind = mapping.get("type")
                if kind == "from_entity" and turn.entity(mapping.get("entity")) is not None:
                    values.setdefault(slot, turn.entity(mapping.get("entity")))
                elif kind == "from_text" and active and conditions:
                    values.setdefault(slot, turn.text)
        return values

    def emit_actions(following: Sequence[Mapping[str, Any]]) -> None:
        nonlocal last_action, active, requested
        for step in following:
            if "action" in step:
                steps.append({"action": step["action"]})
                last_action = step["action"]
            elif "active_loop" in step:
                form = step["active_loop"]
                steps.append({"active_loop": form})
                active = form
                requested = None
                if form:
                    ask_next()

    def ask_next() -> None:
        nonlocal active, requested
        remaining = [s for s in book.forms.get(active or "", []) if filled.get(s) is None]
        if remaining:
            requested = remaining[0]
            steps.append({"slot_was_set": [{REQUESTED_SLOT: requested}]})
            return
        form = active
        steps.append({"slot_was_set": [{REQUESTED_SLOT: None}]})
        steps.append({"active_loop": None})
        active, requested = None, None
        for slot in book.forms.get(form or "", []):
            filled.pop(slot, None)
        emit_actions(book.form_done.get(form or "", []))

    for index, turn in enumerate(turns):
        step: dict[str, Any] = {"intent": turn.intent, "_text": turn.text}
        if turn.agent_reply:
            step["_agent"] = turn.agent_reply
        if active:
            interrupt = book.interrupts.get((active, turn.intent))
            if interrupt is not None:
                steps.append(step)
                active, requested = None, None
                emit_actions(interrupt)
                continue
            steps.append(step)
            steps.append({"action": active})
            last_action = active
            values = extracted(turn)
            for slot in [s for s in book.forms[active] if s in values]:
                value = _slot_value(slot, turn, values[slot])
                if value is None and slot != requested:
                    continue
                filled[slot] = value
                steps.append({"slot_was_set": [{slot: value}]})
            if requested is not None and filled.get(requested) is not None:
                ask_next()
            continue
        following = book.followups.get((last_action, turn.intent)) if last_action else None
        if following is None:
            following = book.after_intent.get(turn.intent)
        if following is None:
            notes.append(
                f"turn {index + 1} ('{turn.intent}') is not covered by a rule; the story stops before it"
            )
            return StoryResult(steps, index, notes)
        steps.append(step)
        for slot, value in extracted(turn).items():
            value = _slot_value(slot, turn, value)
            if value is not None:
                filled[slot] = value
                steps.append({"slot_was_set": [{slot: value}]})
        emit_actions(following)
    if active:
        notes.append(f"the transcript ends while the form '{active}' is still asking for '{requested}'")
    return StoryResult(steps, len(turns), notes)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    return json.dumps(str(value), ensure_ascii=False)


def _safe_user_text(text: str) -> bool:
    """Texts Rasa would misread in a story's `user:` field (entity annotation syntax) are left out."""
    return not re.search(r"[\[\]{}]", text)


def render_story(name: str, steps: Sequence[Mapping[str, Any]], with_text: bool, comment: str) -> str:
    """A story file in the project's style (two-space indents), with the agent's lines as comments."""
    lines = [f"# {line}" for line in comment.splitlines()]
    lines += ['version: "3.1"', "", "stories:", f"  - story: {_scalar(name)}", "    steps:"]
    agent: str | None = None
    for step in steps:
        if "intent" in step:
            if agent:
                lines.append(f"      # agent: {agent}")
            agent = " ".join(str(step["_agent"]).split()) if step.get("_agent") else None
            text = step.get("_text", "")
            if with_text and text and _safe_user_text(text):
                lines.append("      - user: |")
                lines.append(f"          {text}")
                lines.append(f"        intent: {step['intent']}")
            else:
                if text:
                    lines.append(f"      # buyer: {' '.join(text.split())}")
                lines.append(f"      - intent: {step['intent']}")
        elif "action" in step:
            lines.append(f"      - action: {step['action']}")
        elif "active_loop" in step:
            lines.append(f"      - active_loop: {step['active_loop'] or 'null'}")
        elif "slot_was_set" in step:
            lines.append("      - slot_was_set:")
            for item in step["slot_was_set"]:
                for slot, value in item.items():
                    lines.append(f"          - {slot}: {_scalar(value)}")
    if agent:
        lines.append(f"      # agent: {agent}")
    return "\n".join(lines) + "\n"


def write_story(path: Path, content: str) -> None:
    """Writes a story file after checking that it reads back as a Rasa story."""
    parsed = yaml.safe_load(content)
    if not (isinstance(parsed, dict) and parsed.get("stories")):
        raise CliError(f"internal error: the story for {path} does not read back")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
