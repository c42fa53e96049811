"""Checks the data trainers edit: Rasa's own validation plus the project's checks.

Usage: python -m bot.validate [--skip-rasa]
Exits 1 when there is an error, so CI can run it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot import locales
from bot.nlu.data import comparable, test_messages, training_examples
from bot.replies import placeholders
from bot.settings import PROJECT_ROOT, Settings, load_settings

MIN_EXAMPLES = 20
# Placeholders a reply may use; anything else is a typo that would show to buyers.
KNOWN_PLACEHOLDERS = {
    "name",
    "return_days",
    "dispatch_days",
    "delivery_days",
    "shop_rating",
    "reviews_count",
    "orders_count",
    "human_keyword",
    "order_id",
    "reason",
    "product",
    "quantity",
    "country",
    "contact",
    "discount_code",
    "discount_percent",
    "bulk_percent",
}
FLOW_KEYS = (
    "too_long",
    "technical_problem",
    "ask_order_id",
    "invalid_order_id",
    "ask_return_reason",
    "confirm_return",
    "return_done",
    "return_cancelled",
    "track_status",
    "ask_bulk_product",
    "ask_bulk_quantity",
    "ask_bulk_country",
    "ask_bulk_contact",
    "bulk_done",
    "bulk_tier",
    "handoff",
    "handoff_hostile",
    "human_active",
)
LEXICON_KEYS = ("chat_words", "number_words", "currency_words", "quantity_units", "competitor_phrases")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def domain_intents(root: Path = PROJECT_ROOT) -> list[str]:
    with (root / "domain.yml").open(encoding="utf-8") as handle:
        return list(yaml.safe_load(handle).get("intents") or [])


def check_nlu(settings: Settings, intents: list[str], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    for language in settings.languages:
        examples, found = training_examples(language, root)
        problems.extend(Problem(p.path, p.message) for p in found)
        seen: dict[str, str] = {}
        for intent in intents:
            distinct = set(examples.get(intent, []))
            if len(distinct) < MIN_EXAMPLES:
                problems.append(
                    Problem(
                        f"data/nlu/{language}",
                        f"intent '{intent}' has {len(distinct)} examples, needs {MIN_EXAMPLES}",
                    )
                )
        for intent, texts in examples.items():
            if intent not in intents:
                problems.append(Problem(f"data/nlu/{language}", f"intent '{intent}' is not in domain.yml"))
            for text in texts:
                other = seen.setdefault(text.lower(), intent)
                if other != intent:
                    problems.append(
                        Problem(
                            f"data/nlu/{language}", f"'{text}' is an example of both '{other}' and '{intent}'"
                        )
                    )
    return problems


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def check_replies(settings: Settings, intents: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    for language in settings.languages:
        where = f"locales/{language}/{locales.REPLIES_FILE}"
        try:
            replies = locales.replies(settings.locales_dir, language)
        except locales.LocaleError as error:
            problems.append(Problem(where, str(error)))
            continue
        intent_replies = replies.get("intents") or {}
        for intent in [*intents, "nlu_fallback"]:
            if not _texts(intent_replies.get(intent)):
                problems.append(Problem(where, f"no reply for intent '{intent}'"))
        flows = replies.get("flows") or {}
        for key in FLOW_KEYS:
            if not _texts(flows.get(key)):
                problems.append(Problem(where, f"no flow message '{key}'"))
        all_texts = [t for v in intent_replies.values() for t in _texts(v)]
        all_texts += [t for v in flows.values() for t in _texts(v)]
        for parts in (replies.get("strategies") or {}).values():
            for value in (parts or {}).values():
                all_texts.extend(_texts(value))
        for text in all_texts:
            try:
                unknown = placeholders(text) - KNOWN_PLACEHOLDERS
            except ValueError as error:
                problems.append(Problem(where, f"broken placeholder in {text!r}: {error}"))
                continue
            if unknown:
                problems.append(Problem(where, f"unknown placeholder(s) {sorted(unknown)} in {text!r}"))
    return problems


def check_lexicons(settings: Settings) -> list[Problem]:
    problems: list[Problem] = []
    for language in settings.languages:
        where = f"locales/{language}/{locales.LEXICON_FILE}"
        try:
            lexicon = locales.lexicon(settings.locales_dir, language)
        except locales.LocaleError as error:
            problems.append(Problem(where, str(error)))
            continue
        for key in LEXICON_KEYS:
            if not lexicon.get(key):
                problems.append(Problem(where, f"'{key}' is missing or empty"))
        for word, value in (lexicon.get("number_words") or {}).items():
            if not isinstance(value, (int, float)):
                problems.append(Problem(where, f"number word {word!r} maps to {value!r}, not a number"))
        try:
            locales.persona_cues(settings.locales_dir, language)
        except locales.LocaleError as error:
            problems.append(Problem(f"locales/{language}/{locales.CUES_FILE}", str(error)))
    return problems


def check_test_leaks(settings: Settings, root: Path) -> list[Problem]:
    """Training examples that are also test-set messages (case, spacing, punctuation and emoji
    ignored): a test message in training makes the accuracy figures lie."""
    problems: list[Problem] = []
    for language in settings.languages:
        tested = test_messages(language, root)
        examples, _ = training_examples(language, root)
        for intent, texts in examples.items():
            for text in texts:
                found = tested.get(comparable(text))
                if found is not None:
                    test_set, message = found
                    problems.append(
                        Problem(
                            f"data/nlu/{language}",
                            f"'{text}' ({intent}) is in the test set tests/data/{test_set}/{language}.yml "
                            f"as '{message}'",
                        )
                    )
    return problems


def project_problems(settings: Settings | None = None, root: Path = PROJECT_ROOT) -> list[Problem]:
    settings = settings or load_settings()
    intents = domain_intents(root)
    return (
        check_nlu(settings, intents, root)
        + check_test_leaks(settings, root)
        + check_replies(settings, intents)
        + check_lexicons(settings)
    )


def rasa_validate_command(root: Path = PROJECT_ROOT) -> list[str]:
    """The `rasa data validate` command line for the project at `root`."""
    return [
        sys.executable,
        "-m",
        "rasa",
        "data",
        "validate",
        "--fail-on-warnings",
        "--domain",
        str(root / "domain.yml"),
        "--data",
        str(root / "data"),
        "--config",
        str(root / "config.yml"),
    ]


def rasa_validate(root: Path = PROJECT_ROOT) -> int:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    return subprocess.run(rasa_validate_command(root), cwd=root, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-rasa", action="store_true", help="only the project's own checks")
    args = parser.parse_args(argv)
    problems = project_problems()
    for problem in problems:
        print(f"error: {problem}")
    print(f"Project checks: {len(problems)} problem(s).")
    status = 1 if problems else 0
    if not args.skip_rasa:
        code = rasa_validate()
        print("rasa data validate:", "passed" if code == 0 else f"failed (exit code {code})")
        status = status or (1 if code else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
