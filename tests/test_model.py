"""The trained model on messages kept out of training: intent and language per language."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict

import pytest

from bot.nlu.data import TEST_SETS, load_test_set
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.model

# Regression guards, not the targets (those are measured by `python -m bench`). On 72 messages per
# language one message is 1.4 points, and a retraining after a small data change moved single
# languages by up to 6 points (Spanish on the held-out set: 0.889, 0.861, 0.917 over three trainings),
# so each guard sits well below the measured figure.
INTENT_THRESHOLD = {"heldout": 0.80, "blind": 0.85}
LANGUAGE_THRESHOLD = 0.95


@pytest.fixture(scope="module")
def agent(trained_model):
    from rasa.core.agent import Agent

    return Agent.load(str(trained_model))


@pytest.fixture(scope="module", params=TEST_SETS)
def parsed(request, agent, languages):
    async def parse_all():
        results = defaultdict(list)
        for language in languages:
            for item in load_test_set(language, request.param)["intents"]:
                parse = await agent.parse_message(item["text"])
                results[language].append((item, parse))
        return request.param, results

    return asyncio.run(parse_all())


def test_intent_accuracy_per_language(parsed, languages) -> None:
    test_set, parsed = parsed
    report = {}
    for language in languages:
        items = parsed[language]
        correct = sum(1 for item, parse in items if parse["intent"]["name"] == item["intent"])
        report[language] = round(correct / len(items), 3)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"intent_accuracy_{test_set}.json").write_text(json.dumps(report, indent=2))
    print(f"\n{test_set} intent accuracy:", report)
    threshold = INTENT_THRESHOLD[test_set]
    low = {lang: acc for lang, acc in report.items() if acc < threshold}
    assert not low, f"{test_set}: intent accuracy below {threshold}: {low}"


def test_language_in_parse_result_per_language(parsed, languages) -> None:
    test_set, parsed = parsed
    report = {}
    for language in languages:
        items = parsed[language]
        correct = sum(1 for _, parse in items if parse["language"]["name"] == language)
        report[language] = round(correct / len(items), 3)
        for _, parse in items:
            assert 0.0 <= parse["language"]["confidence"] <= 1.0
    print(f"\n{test_set} language-ID accuracy:", report)
    low = {lang: acc for lang, acc in report.items() if acc < LANGUAGE_THRESHOLD}
    assert not low, f"{test_set}: language accuracy below {LANGUAGE_THRESHOLD}: {low}"


def test_entities_come_from_the_rules(parsed) -> None:
    _, parsed = parsed
    entities = [e for items in parsed.values() for _, parse in items for e in parse["entities"]]
    # The test sets hold order numbers and prices: an empty list means the extractor found nothing.
    assert entities, "no entities found in any test message"
    assert all(e["extractor"] == "ShopEntityExtractor" for e in entities)
