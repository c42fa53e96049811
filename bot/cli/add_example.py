"""`bot add-example`: one training example, checked, in the right file."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import click

from bot.cli.common import (
    CliError,
    Output,
    Project,
    build_identifier,
    handle_errors,
    json_option,
    project_of,
    validate_intent,
    validate_language,
)
from bot.cli.nlu_files import append_example, check_example_text, read_examples, topic_file
from bot.nlu.data import comparable, test_messages

# Lowercased texts this similar (difflib ratio) to an example of another intent are worth a warning.
NEAR_DUPLICATE_RATIO = 0.9


class Refused(CliError):
    """The example was not added (duplicate, or the trainer did not confirm)."""


@dataclass
class AddResult:
    text: str
    intent: str
    language: str
    file: str
    detected_language: dict[str, Any]
    examples_now: int
    warnings: list[str] = field(default_factory=list)
    near_duplicates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": True, "added": True, **asdict(self)}


def near_duplicates(text: str, intent: str, examples, ratio: float = NEAR_DUPLICATE_RATIO) -> list[dict]:
    """Examples of other intents whose lowercased text is at least `ratio` similar."""
    found = []
    lowered = text.lower()
    # The text is the matcher's second sequence, analysed once for all candidates.
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(lowered)
    for example in examples:
        if example.intent == intent:
            continue
        other = example.text.lower()
        # Upper bound of the ratio from the lengths alone.
        if 2 * min(len(other), len(lowered)) < ratio * (len(other) + len(lowered)):
            continue
        matcher.set_seq1(other)
        if matcher.quick_ratio() < ratio:
            continue
        score = matcher.ratio()
        if score >= ratio:
            found.append({"text": example.text, "intent": example.intent, "ratio": round(score, 3)})
    return sorted(found, key=lambda item: -item["ratio"])


def add_example(
    project: Project,
    intent: str,
    language: str,
    text: str,
    confirm: Callable[[str], bool],
    identifier=None,
) -> AddResult:
    """Checks and adds one example; `confirm` is asked when the detected language differs.

    Raises `Refused` when the text already exists in the language or the trainer
    does not confirm, `CliError` on bad input.
    """
    settings = project.settings()
    validate_language(settings, language)
    validate_intent(project, intent)
    text = check_example_text(text, settings.max_message_length)
    examples = read_examples(project, language)
    for example in examples:
        if example.text.casefold() == text.casefold():
            raise Refused(
                f"'{text}' already exists in {language} as an example of '{example.intent}' "
                f"({project.relative(example.path)}); not added"
            )
    tested = test_messages(language, project.root).get(comparable(text))
    if tested is not None:
        test_set, found = tested
        raise Refused(
            f"'{text}' is a message of the test set tests/data/{test_set}/{language}.yml ('{found}'); "
            "a test message in training makes the accuracy figures lie, so it is not added"
        )

    identifier = identifier or build_identifier(project, settings)
    guess = identifier.identify(text)
    detected = {"name": guess.name, "confidence": round(guess.confidence, 3), "method": guess.method}
    warnings = []
    if guess.name != language:
        if guess.method in ("script", "words"):
            question = (
                f"The detector reads this as '{guess.name}' (confidence {guess.confidence:.2f}), "
                f"not '{language}'. Add it to '{language}' anyway?"
            )
            if not confirm(question):
                raise Refused(f"not added: the detector reads the text as '{guess.name}', not '{language}'")
            warnings.append(f"added although the detector reads it as '{guess.name}'")
        else:
            warnings.append("the detector cannot tell the language of so short a text")

    close = near_duplicates(text, intent, examples)
    for item in close[:5]:
        warnings.append(
            f"very close ({item['ratio']:.2f}) to '{item['text']}', an example of '{item['intent']}': "
            "the model may confuse the two intents"
        )

    path = topic_file(project, language, intent, list(settings.languages))
    append_example(path, intent, language, text)
    count = sum(1 for e in read_examples(project, language) if e.intent == intent)
    return AddResult(
        text=text,
        intent=intent,
        language=language,
        file=project.relative(path),
        detected_language=detected,
        examples_now=count,
        warnings=warnings,
        near_duplicates=close,
    )


def report(out: Output, result: AddResult) -> None:
    for warning in result.warnings:
        out.warn(warning)
    if out.as_json:
        out.document(result.as_dict())
        return
    out.line(
        f"Added to {result.file}: [{result.language}] {result.intent}: {result.text}",
        fg="green",
    )
    out.line(f"'{result.intent}' now has {result.examples_now} examples in {result.language}.")
    out.line("Run `make train` (or `bot evaluate`) to see the effect.")


@click.command("add-example")
@click.option("--intent", required=True, help="Intent of the example (as in domain.yml).")
@click.option("--language", "-l", required=True, help="Language code (one of shop.yml's languages).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask; add even when the detected language differs.")
@json_option
@click.argument("text")
@click.pass_context
@handle_errors
def add_example_command(ctx: click.Context, intent: str, language: str, yes: bool, as_json: bool, text: str):
    """Add TEXT as a training example of an intent in a language.

    The language is checked with the project's detector; an exact duplicate is
    refused; a near-duplicate of another intent's example is warned about. The
    example is appended to the data/nlu/<language>/ file that holds the intent.
    """
    out = Output(as_json)
    project = project_of(ctx)
    result = add_example(project, intent, language, text, confirm=lambda q: yes or out.confirm(q))
    report(out, result)
    return 0
