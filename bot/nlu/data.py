"""Reads the project's NLU training files and held-out test sets without Rasa."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT


@dataclass(frozen=True)
class FileProblem:
    path: str
    message: str


def training_examples(
    language: str, root: Path = PROJECT_ROOT
) -> tuple[dict[str, list[str]], list[FileProblem]]:
    """Examples per intent in data/nlu/<language>/, and problems found in the files."""
    examples: dict[str, list[str]] = defaultdict(list)
    problems: list[FileProblem] = []
    folder = root / "data" / "nlu" / language
    files = sorted(folder.glob("*.yml"))
    if not files:
        return examples, [FileProblem(str(folder), "no training files for this language")]
    for path in files:
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            problems.append(FileProblem(str(path), f"not valid YAML: {error}"))
            continue
        for block in content.get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                continue
            declared = (block.get("metadata") or {}).get("language")
            if declared != language:
                problems.append(
                    FileProblem(
                        str(path),
                        f"intent '{intent}' has metadata language {declared!r}, expected '{language}'",
                    )
                )
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples[intent].append(line[2:].strip())
    return examples, problems


def labelled_examples(languages: list[str], root: Path = PROJECT_ROOT) -> list[tuple[str, str]]:
    """(text, language) for every training example of the given languages."""
    pairs: list[tuple[str, str]] = []
    for language in languages:
        examples, _ = training_examples(language, root)
        pairs.extend((text, language) for texts in examples.values() for text in texts)
    return pairs


# The test sets (tests/data/<name>/<lang>.yml), never used in training, with what they are.
TEST_SETS = {
    "heldout": "tests/data/heldout/, written with the training data; its errors were studied while the "
    "data grew, so it is a development set by now and its figures are optimistic",
    "blind": "tests/data/blind/, written later by authors who saw neither the training data nor the "
    "heldout set; scored only, never read message by message",
}


def load_test_set(language: str, name: str = "heldout", root: Path = PROJECT_ROOT) -> dict[str, Any]:
    """A test set of a language: intents, short and long messages."""
    if name not in TEST_SETS:
        raise ValueError(f"unknown test set {name!r}; known: {', '.join(TEST_SETS)}")
    path = root / "tests" / "data" / name / f"{language}.yml"
    with path.open(encoding="utf-8") as handle:
        content = yaml.safe_load(handle)
    if content.get("language") != language:
        raise ValueError(f"{path}: 'language' is {content.get('language')!r}, expected {language!r}")
    return content


def texts_of(test_set: dict[str, Any]) -> list[str]:
    """Every message of a loaded test set: short, long and intent-labelled."""
    texts = list(test_set.get("short") or []) + list(test_set.get("long") or [])
    return texts + [item["text"] for item in test_set.get("intents") or []]


def comparable(text: str) -> str:
    """A message's letters and digits, lowercased: how test messages and examples are compared."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def test_messages(language: str, root: Path = PROJECT_ROOT) -> dict[str, tuple[str, str]]:
    """Every message of every test set of a language, by its comparable form: (test set, text)."""
    found: dict[str, tuple[str, str]] = {}
    for name in TEST_SETS:
        try:
            data = load_test_set(language, name, root)
        except FileNotFoundError:
            continue
        for text in texts_of(data):
            found.setdefault(comparable(text), (name, text))
    return found
