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
    pairs = []
    for language in languages:
        examples, _ = training_examples(language, root)
        pairs.extend((text, language) for texts in examples.values() for text in texts)
    return pairs


# The test sets (tests/data/<name>/<lang>.yml), never used in training. "heldout" was written with
# the training data and its errors were studied while the data grew, so by now it is a development
# set and its figures are optimistic. "blind" was written later by authors who had seen neither the
# training data nor "heldout"; it is only scored, never read message by message.
TEST_SETS = ("heldout", "blind")


def heldout(language: str, root: Path = PROJECT_ROOT, test_set: str = "heldout") -> dict[str, Any]:
    """A test set of a language: intents, short and long messages."""
    if test_set not in TEST_SETS:
        raise ValueError(f"unknown test set {test_set!r}; known: {', '.join(TEST_SETS)}")
    path = root / "tests" / "data" / test_set / f"{language}.yml"
    with path.open(encoding="utf-8") as handle:
        content = yaml.safe_load(handle)
    if content.get("language") != language:
        raise ValueError(f"{path}: 'language' is {content.get('language')!r}, expected {language!r}")
    return content


def comparable(text: str) -> str:
    """A message's letters and digits, lowercased: how test messages and examples are compared."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def test_messages(language: str, root: Path = PROJECT_ROOT) -> dict[str, tuple[str, str]]:
    """Every message of every test set of a language, by its comparable form: (test set, text)."""
    found: dict[str, tuple[str, str]] = {}
    for test_set in TEST_SETS:
        try:
            data = heldout(language, root, test_set)
        except FileNotFoundError:
            continue
        texts = [item["text"] for item in data.get("intents") or []]
        texts += list(data.get("short") or []) + list(data.get("long") or [])
        for text in texts:
            found.setdefault(comparable(text), (test_set, text))
    return found
