"""Accuracy figures: language ID, intents (accuracy and macro-F1 per language) and persona per axis.

Everything here runs in-process on a test set (tests/data/heldout/ or tests/data/blind/, never used
in training; see bot.nlu.data.TEST_SETS) and on the labelled persona dialogues
(tests/data/persona_dialogues/).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bench.language_intent import accuracy_by_language, langdetect_detector, lingua_detector
from bot.nlu.data import load_test_set, texts_of
from bot.quiet_logs import quiet_rasa
from bot.settings import PROJECT_ROOT, Settings

DIALOGUES = PROJECT_ROOT / "tests" / "data" / "persona_dialogues"
SHORT_MAX_WORDS = 5
VERY_SHORT_MAX_WORDS = 3
FALLBACK = "nlu_fallback"


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def word_count(text: str, language: str) -> int:
    """Words in a chat message; Chinese is segmented with jieba (the project's Chinese tokenizer).
    Emoji and punctuation are not words."""
    tokens = _jieba().lcut(text) if language == "zh" else text.split()
    return sum(1 for token in tokens if any(ch.isalnum() for ch in token))


def language_sets(languages: list[str], test_set: str = "heldout") -> dict[str, list[tuple[str, str]]]:
    """(text, language) pairs: short (1-5 words), full (6 words or more), and the 1-3 word subset
    of the short ones (the first issue's definition)."""
    sets: dict[str, list[tuple[str, str]]] = {"short": [], "full": [], "short_1_3": []}
    for language in languages:
        for text in dict.fromkeys(texts_of(load_test_set(language, test_set))):
            words = word_count(text, language)
            sets["short" if words <= SHORT_MAX_WORDS else "full"].append((text, language))
            if words <= VERY_SHORT_MAX_WORDS:
                sets["short_1_3"].append((text, language))
    return sets


def load_agent(model: Path):
    from rasa.core.agent import Agent

    quiet_rasa(logging.WARNING)
    return Agent.load(str(model))


async def _parse_all(agent, texts: list[str]) -> list[dict]:
    return [await agent.parse_message(text) for text in texts]


def parse_all(agent, texts: list[str]) -> tuple[list[dict], float]:
    started = time.monotonic()
    parses = asyncio.run(_parse_all(agent, texts))
    return parses, time.monotonic() - started


def language_id(
    languages: list[str], project_parse: dict[str, dict], test_set: str = "heldout"
) -> dict[str, Any]:
    """Accuracy per language and set for the project's detector (from the model's parses),
    plain langdetect and lingua restricted to the shop's languages."""
    sets = language_sets(languages, test_set)
    detectors = {
        "project detector": lambda text: project_parse[text]["language"]["name"],
        "langdetect": langdetect_detector(),
        "lingua (same languages)": lingua_detector(languages),
    }
    scores = {
        name: {kind: accuracy_by_language(pairs, detect) for kind, pairs in sets.items()}
        for name, detect in detectors.items()
    }
    return {"sets": {kind: len(pairs) for kind, pairs in sets.items()}, "accuracy": scores}


def language_texts(languages: list[str], test_set: str = "heldout") -> list[str]:
    return sorted({text for pairs in language_sets(languages, test_set).values() for text, _ in pairs})


def intent_items(languages: list[str], test_set: str = "heldout") -> list[tuple[str, str, str]]:
    """(text, intent, language) of every intent-labelled message of a test set."""
    return [
        (item["text"], item["intent"], language)
        for language in languages
        for item in load_test_set(language, test_set)["intents"]
    ]


def _top_without_fallback(parse: dict) -> str | None:
    for item in parse.get("intent_ranking") or []:
        if item.get("name") != FALLBACK:
            return item.get("name")
    return (parse.get("intent") or {}).get("name")


def intent_scores(items: list[tuple[str, str, str]], parses: list[dict], languages: list[str]) -> dict:
    """Per language: accuracy (the fallback counts as wrong), macro-F1 over the intents of the
    held-out set, and top-1 accuracy when the fallback is ignored."""
    from sklearn.metrics import f1_score

    truth: dict[str, list[str]] = defaultdict(list)
    predicted: dict[str, list[str]] = defaultdict(list)
    no_fallback: dict[str, list[str | None]] = defaultdict(list)
    fallbacks: dict[str, int] = defaultdict(int)
    for (_, intent, language), parse in zip(items, parses, strict=True):
        name = (parse.get("intent") or {}).get("name") or "None"
        truth[language].append(intent)
        predicted[language].append(name)
        no_fallback[language].append(_top_without_fallback(parse))
        fallbacks[language] += name == FALLBACK
    per_language = {}
    for language in languages:
        y, p = truth[language], predicted[language]
        labels = sorted(set(y))
        per_language[language] = {
            "n": len(y),
            "accuracy": sum(a == b for a, b in zip(y, p, strict=True)) / len(y),
            "macro_f1": float(f1_score(y, p, labels=labels, average="macro", zero_division=0)),
            "accuracy_without_fallback": sum(a == b for a, b in zip(y, no_fallback[language], strict=True))
            / len(y),
            "fallbacks": fallbacks[language],
        }
    mean = {
        key: sum(per_language[lang][key] for lang in languages) / len(languages)
        for key in ("accuracy", "macro_f1", "accuracy_without_fallback")
    }
    return {"per_language": per_language, "mean": mean}


def dialogues(languages: list[str]) -> list[dict]:
    found = []
    for language in languages:
        data = yaml.safe_load((DIALOGUES / f"{language}.yml").read_text(encoding="utf-8"))
        found.extend({**dialogue, "language": language} for dialogue in data["dialogues"])
    return found


async def _persona(agent, settings: Settings, items: list[dict]) -> dict:
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.conversation import analyse

    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    misses = []
    for dialogue in items:
        sender = f"bench-{dialogue['id']}"
        metadata = {"profile": dialogue["profile"]} if dialogue.get("profile") else None
        tracker = DialogueStateTracker(sender, agent.domain.slots)
        events: list[dict] = []
        language_slot = None
        state = None
        for turn in dialogue["turns"]:
            message = UserMessage(turn, sender_id=sender, metadata=metadata)
            parse = await agent.processor.parse_message(message, tracker)
            events.append({"event": "user", "text": turn, "parse_data": parse, "metadata": metadata or {}})
            tracker.update(UserUttered(turn, parse.get("intent"), parse.get("entities"), parse))
            # What the answering action does after every buyer message (no profile store offline).
            state = analyse(events, parse, language_slot, settings, store=None)
            language_slot = state.language
            tracker.update(SlotSet("language", language_slot))
        labels = state.persona.labels() if state else {}
        for axis, expected in dialogue["expected"].items():
            if expected is None:
                continue
            totals[axis] += 1
            if labels.get(axis) == expected:
                hits[axis] += 1
            else:
                misses.append(
                    {"dialogue": dialogue["id"], "axis": axis, "expected": expected, "got": labels.get(axis)}
                )
    per_axis = {axis: {"dialogues": totals[axis], "accuracy": hits[axis] / totals[axis]} for axis in totals}
    return {"dialogues": len(items), "per_axis": per_axis, "misses": misses}


def persona(agent, settings: Settings, languages: list[str]) -> dict:
    return asyncio.run(_persona(agent, settings, dialogues(languages)))
