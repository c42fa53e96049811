"""Benchmark: language ID and intent accuracy on the held-out messages (never used in training).

Compares the project's language detector with plain langdetect and with lingua
(restricted to the shop's languages), and reports the trained model's intent
accuracy per language. Prints a markdown table and saves JSON and markdown in results/.

Usage: python -m bench.language_intent
"""

from __future__ import annotations

import asyncio
import json
import platform
import time
from collections import defaultdict
from pathlib import Path

from bot.nlu.data import heldout
from bot.settings import PROJECT_ROOT, load_settings
from bot.training import ensure_model

RESULTS = PROJECT_ROOT / "results"
SHORT_WORDS = 3
SHORT_CHARS_UNSPACED = 6


def is_short(text: str, language: str) -> bool:
    if language == "zh":
        return len(text.replace(" ", "")) <= SHORT_CHARS_UNSPACED
    return len(text.split()) <= SHORT_WORDS


def labelled_sets(languages: list[str]) -> dict[str, list[tuple[str, str]]]:
    sets: dict[str, list[tuple[str, str]]] = {"short": [], "full": []}
    for language in languages:
        data = heldout(language)
        texts = list(data["short"]) + list(data["long"]) + [item["text"] for item in data["intents"]]
        for text in dict.fromkeys(texts):
            sets["short" if is_short(text, language) else "full"].append((text, language))
    return sets


def langdetect_detector():
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def detect_one(text: str) -> str | None:
        try:
            code = detect(text)
        except LangDetectException:
            return None
        return "zh" if code.startswith("zh") else code

    return detect_one


def lingua_detector(languages: list[str]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    by_code = {lang: getattr(IsoCode639_1, lang.upper()) for lang in languages}
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*by_code.values()).build()

    def detect_one(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect_one


def accuracy_by_language(pairs: list[tuple[str, str]], predict) -> dict[str, float]:
    hits, totals = defaultdict(int), defaultdict(int)
    for text, language in pairs:
        totals[language] += 1
        hits[language] += predict(text) == language
    result = {lang: hits[lang] / totals[lang] for lang in totals}
    result["all"] = sum(hits.values()) / sum(totals.values())
    return result


async def parse_all(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def main() -> int:
    settings = load_settings()
    languages = list(settings.languages)
    model = ensure_model()
    sets = labelled_sets(languages)
    all_texts = sorted({text for pairs in sets.values() for text, _ in pairs})
    intents = [(item, lang) for lang in languages for item in heldout(lang)["intents"]]

    print(f"Parsing {len(all_texts) + len(intents)} held-out messages with the trained model...", flush=True)
    started = time.monotonic()
    parses = asyncio.run(parse_all(model, all_texts + [item["text"] for item, _ in intents]))
    elapsed = time.monotonic() - started
    ours = {text: p["language"]["name"] for text, p in zip(all_texts, parses[: len(all_texts)], strict=True)}
    intent_parses = parses[len(all_texts) :]

    detectors = {
        "project detector": lambda text: ours[text],
        "langdetect": langdetect_detector(),
        "lingua (same languages)": lingua_detector(languages),
    }
    language_id = {
        name: {kind: accuracy_by_language(pairs, detect) for kind, pairs in sets.items()}
        for name, detect in detectors.items()
    }
    hits, totals = defaultdict(int), defaultdict(int)
    for (item, lang), parse in zip(intents, intent_parses, strict=True):
        totals[lang] += 1
        hits[lang] += parse["intent"]["name"] == item["intent"]
    intent_accuracy = {lang: hits[lang] / totals[lang] for lang in languages}

    machine = f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
    lines = [
        f"Held-out set: {len(sets['short'])} short messages (1-3 words; Chinese up to 6 characters), "
        f"{len(sets['full'])} full messages, {len(intents)} intent-labelled messages; {machine}.",
        "",
        "| language ID | set | " + " | ".join(languages) + " | all |",
        "|---|---|" + "---|" * (len(languages) + 1),
    ]
    for name, kinds in language_id.items():
        for kind, scores in kinds.items():
            cells = " | ".join(f"{scores.get(lang, float('nan')):.3f}" for lang in [*languages, "all"])
            lines.append(f"| {name} | {kind} | {cells} |")
    lines += [
        "",
        "| intent accuracy | " + " | ".join(languages) + " | mean |",
        "|---|" + "---|" * (len(languages) + 1),
        "| trained model | "
        + " | ".join(f"{intent_accuracy[lang]:.3f}" for lang in languages)
        + f" | {sum(intent_accuracy.values()) / len(languages):.3f} |",
        "",
        f"Parsing time: {elapsed:.1f} s for {len(parses)} messages.",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "language_intent.md").write_text(report + "\n", encoding="utf-8")
    (RESULTS / "language_intent.json").write_text(
        json.dumps(
            {"language_id": language_id, "intent_accuracy": intent_accuracy, "machine": machine}, indent=2
        )
    )
    print(f"\nSaved {RESULTS / 'language_intent.md'} and .json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
