"""`bot check`: Rasa's data validation plus the project's own checks, with a coverage table."""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import click

from bot import locales
from bot.cli.add_example import NEAR_DUPLICATE_RATIO, near_duplicates
from bot.cli.common import CliError, Output, Project, build_identifier, handle_errors, json_option, project_of
from bot.cli.nlu_files import Example, read_examples
from bot.nlu.data import training_examples
from bot.nlu.language import script_counts, script_of, without_codes, words_of
from bot.playbook import Playbook, PlaybookError
from bot.settings import Settings
from bot.validate import (
    MIN_EXAMPLES,
    check_lexicons,
    check_replies,
    check_test_leaks,
    rasa_validate_command,
)

# An example is *in the wrong language* (an error) when the detector is this sure, the
# message has at least this many words, and the folder's own script is (almost) absent
# or the same as the detected language's. Shorter or mixed messages are only warned
# about: buyers write 'ok', 'thank you' or 'apple pay?' in every language.
WRONG_LANGUAGE_CONFIDENCE = 0.8
WRONG_LANGUAGE_MIN_WORDS = 4
MIXED_SCRIPT_SHARE = 0.3
RASA_TIMEOUT = 900


@dataclass(frozen=True)
class Finding:
    kind: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class CheckReport:
    languages: list[str]
    intents: list[str]
    coverage: dict[str, dict[str, int]]
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    rasa: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def gaps(self) -> list[dict[str, Any]]:
        return [
            {"intent": intent, "language": language, "examples": count, "needed": MIN_EXAMPLES}
            for intent, row in self.coverage.items()
            for language, count in row.items()
            if count < MIN_EXAMPLES
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "languages": self.languages,
            "min_examples": MIN_EXAMPLES,
            "coverage": self.coverage,
            "gaps": self.gaps(),
            "errors": [asdict(f) for f in self.errors],
            "warnings": [asdict(f) for f in self.warnings],
            "rasa": self.rasa,
        }


def run_rasa_validate(project: Project) -> dict[str, Any]:
    """`rasa data validate --fail-on-warnings` on the project (the command bot.validate runs)."""
    try:
        result = subprocess.run(
            rasa_validate_command(project.root),
            cwd=project.root,
            env=project.env(),
            capture_output=True,
            text=True,
            timeout=RASA_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"ran": True, "passed": False, "exit_code": None, "output": "timed out"}
    output = click.unstyle((result.stdout or "") + (result.stderr or ""))
    interesting = []
    for line in output.splitlines():
        if "UserWarning: " in line:
            # '/…/rasa/shared/utils/io.py:100: UserWarning: The action …' -> 'The action …'
            interesting.append(line.split("UserWarning: ", 1)[1].strip())
        elif any(word in line for word in ("WARNING", "ERROR", "Error", "error")):
            interesting.append(line.strip())
    return {
        "ran": True,
        "passed": result.returncode == 0,
        "exit_code": result.returncode,
        "messages": interesting[-40:],
    }


def coverage_table(
    project: Project, settings: Settings, intents: list[str]
) -> tuple[dict[str, dict[str, int]], list[Finding]]:
    """Distinct examples per intent and language, and the files' own problems."""
    table: dict[str, dict[str, int]] = {intent: {} for intent in intents}
    findings: list[Finding] = []
    for language in settings.languages:
        examples, problems = training_examples(language, project.root)
        findings.extend(Finding("file", project.relative(p.path), p.message) for p in problems)
        for intent in intents:
            table[intent][language] = len(set(examples.get(intent, [])))
            if table[intent][language] < MIN_EXAMPLES:
                findings.append(
                    Finding(
                        "coverage",
                        f"data/nlu/{language}",
                        f"intent '{intent}' has {table[intent][language]} examples, needs {MIN_EXAMPLES}",
                    )
                )
        for intent in examples:
            if intent not in table:
                findings.append(
                    Finding("file", f"data/nlu/{language}", f"intent '{intent}' is not in domain.yml")
                )
    return table, findings


def _size(text: str) -> int:
    """Words, counting two Chinese characters as one word."""
    cjk = sum(1 for char in text if script_of(char) == "CJK")
    return len(words_of(text)) + cjk // 2


def wrong_language(
    project: Project, settings: Settings, examples: dict[str, list[Example]], identifier
) -> tuple[list[Finding], list[Finding]]:
    """(errors, warnings) for examples whose detected language differs from their folder."""
    errors, warnings = [], []
    scripts = identifier.model.scripts
    for language, items in examples.items():
        for example in items:
            guess = identifier.identify(example.text)
            if guess.name == language or guess.method not in ("script", "words"):
                continue
            text = without_codes(example.text)
            counts = script_counts(text)
            share = counts.get(scripts[language], 0) / max(1, sum(counts.values()))
            same_script = scripts[guess.name] == scripts[language]
            where = project.relative(example.path)
            message = (
                f"'{example.text}' ({example.intent}) reads as '{guess.name}' "
                f"(confidence {guess.confidence:.2f}), not '{language}'"
            )
            if (
                guess.confidence >= WRONG_LANGUAGE_CONFIDENCE
                and _size(text) >= WRONG_LANGUAGE_MIN_WORDS
                and (same_script or share < MIXED_SCRIPT_SHARE)
            ):
                errors.append(Finding("language", where, message))
            else:
                warnings.append(Finding("language", where, message + " (short or mixed message)"))
    return errors, warnings


def duplicates(project: Project, examples: dict[str, list[Example]]) -> tuple[list[Finding], list[Finding]]:
    """Exact duplicates (errors across intents, warnings inside one) and near-duplicates across intents."""
    errors, warnings = [], []
    across: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(dict)
    for language, items in examples.items():
        seen: dict[str, Example] = {}
        for example in items:
            key = example.text.casefold()
            across[key].setdefault(example.intent, set()).add((language, project.relative(example.path)))
            first = seen.setdefault(key, example)
            if first is example:
                continue
            where = project.relative(example.path)
            if first.intent != example.intent:
                errors.append(
                    Finding(
                        "duplicate",
                        where,
                        f"'{example.text}' is an example of both '{first.intent}' and '{example.intent}' "
                        f"in {language}",
                    )
                )
            else:
                warnings.append(
                    Finding("duplicate", where, f"'{example.text}' is repeated under '{example.intent}'")
                )
        by_intent = defaultdict(list)
        for example in seen.values():
            by_intent[example.intent].append(example)
        intents = sorted(by_intent)
        for position, intent in enumerate(intents):
            others = [e for other in intents[position + 1 :] for e in by_intent[other]]
            for example in by_intent[intent]:
                for close in near_duplicates(example.text, intent, others, NEAR_DUPLICATE_RATIO):
                    if close["text"].casefold() == example.text.casefold():
                        continue
                    warnings.append(
                        Finding(
                            "near_duplicate",
                            project.relative(example.path),
                            f"'{example.text}' ({intent}) and '{close['text']}' ({close['intent']}) "
                            f"are {close['ratio']:.2f} similar in {language}",
                        )
                    )
    for key, intents_of in across.items():
        pairs = {(language, intent) for intent, places in intents_of.items() for language, _ in places}
        if not any(l1 != l2 and i1 != i2 for l1, i1 in pairs for l2, i2 in pairs):
            continue
        labels = ", ".join(
            f"'{intent}' in {'/'.join(sorted({lang for lang, _ in places}))}"
            for intent, places in sorted(intents_of.items())
        )
        place = sorted(p for places in intents_of.values() for _, p in places)[0]
        errors.append(
            Finding(
                "duplicate",
                place,
                f"'{key}' is labelled differently across languages ({labels}); "
                "Rasa sees one text with two intents",
            )
        )
    return errors, warnings


def playbook_snippets(project: Project, settings: Settings) -> list[Finding]:
    """Every snippet the playbook can use exists in every language's replies."""
    path = project.root / "playbook" / "strategies.yml"
    try:
        playbook = Playbook.from_file(path)
    except PlaybookError as error:
        return [Finding("replies", project.relative(path), str(error))]
    findings = []
    for language in settings.languages:
        where = f"locales/{language}/{locales.REPLIES_FILE}"
        try:
            strategies = locales.replies(settings.locales_dir, language).get("strategies") or {}
        except locales.LocaleError:
            continue  # reported by the reply checks
        for label, strategy in sorted(playbook.labels.items()):
            needed = sorted({s for rule in strategy.rules for s in (rule.snippet, rule.otherwise) if s})
            for snippet in needed:
                value = (strategies.get(label) or {}).get(snippet)
                if not value or (isinstance(value, list) and not any(value)):
                    findings.append(
                        Finding(
                            "replies",
                            where,
                            f"no snippet '{label}.{snippet}' (the playbook uses it for label '{label}')",
                        )
                    )
    return findings


def run_checks(project: Project, with_rasa: bool = True, out: Output | None = None) -> CheckReport:
    settings = project.settings()
    intents = project.intents()
    if not intents:
        raise CliError(f"{project.domain_file}: no intents")
    locales.clear_cache()
    say = out.progress if out else (lambda text: None)

    say("Counting examples per intent and language...")
    coverage, file_findings = coverage_table(project, settings, intents)
    report = CheckReport(list(settings.languages), intents, coverage)
    report.errors.extend(file_findings)

    examples = {language: read_examples(project, language) for language in settings.languages}
    say("Looking for duplicates and near-duplicates...")
    errors, warnings = duplicates(project, examples)
    report.errors.extend(errors)
    report.warnings.extend(warnings)
    report.errors.extend(
        Finding("test_leak", p.where, p.message) for p in check_test_leaks(settings, project.root)
    )

    say("Detecting the language of every example...")
    identifier = build_identifier(project, settings)
    errors, warnings = wrong_language(project, settings, examples, identifier)
    report.errors.extend(errors)
    report.warnings.extend(warnings)

    say("Checking replies, playbook snippets and lexicons...")
    report.errors.extend(Finding("replies", p.where, p.message) for p in check_replies(settings, intents))
    report.errors.extend(playbook_snippets(project, settings))
    report.errors.extend(Finding("lexicon", p.where, p.message) for p in check_lexicons(settings))

    if with_rasa:
        say("Running rasa data validate --fail-on-warnings...")
        report.rasa = run_rasa_validate(project)
        if not report.rasa["passed"]:
            detail = "; ".join(report.rasa.get("messages", [])[-3:]) or report.rasa.get("output", "")
            report.errors.append(
                Finding(
                    "rasa", "rasa data validate", f"failed (exit code {report.rasa['exit_code']}) {detail}"
                )
            )
    else:
        report.rasa = {"ran": False}
    return report


def render(out: Output, report: CheckReport) -> None:
    rasa = report.rasa
    if rasa.get("ran"):
        state = "passed" if rasa["passed"] else f"FAILED (exit code {rasa['exit_code']})"
        out.line(f"rasa data validate: {state}", fg="green" if rasa["passed"] else "red")
        if not rasa["passed"]:
            for line in rasa.get("messages", []):
                out.line(f"  {line}")
    else:
        out.line("rasa data validate: skipped")
    out.line()
    out.line(f"Examples per intent and language (fewer than {MIN_EXAMPLES} marked with !):")
    width = max(len(intent) for intent in report.intents) + 2
    out.line(" " * width + "".join(f"{lang:>6}" for lang in report.languages))
    for intent in report.intents:
        cells = []
        for language in report.languages:
            count = report.coverage[intent].get(language, 0)
            cell = f"{count:>5}" + ("!" if count < MIN_EXAMPLES else " ")
            cells.append(click.style(cell, fg="red", bold=True) if count < MIN_EXAMPLES else cell)
        out.line(f"{intent:<{width}}" + "".join(cells))
    out.line()
    for title, findings, colour in (
        ("Errors", report.errors, "red"),
        ("Warnings", report.warnings, "yellow"),
    ):
        if not findings:
            continue
        out.line(f"{title} ({len(findings)}):", fg=colour, bold=True)
        by_kind: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            by_kind[finding.kind].append(finding)
        for kind, items in by_kind.items():
            out.line(f"  [{kind}] {len(items)}")
            for finding in items:
                out.line(f"    {finding}")
        out.line()
    summary = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    out.line(("OK: " if report.ok else "FAILED: ") + summary, fg="green" if report.ok else "red", bold=True)


@click.command("check")
@click.option("--skip-rasa", is_flag=True, help="Only the project's own checks (faster).")
@json_option
@click.pass_context
@handle_errors
def check_command(ctx: click.Context, skip_rasa: bool, as_json: bool):
    """Check the training data, replies and playbook; exit code 1 on any error.

    Runs `rasa data validate --fail-on-warnings` and the project's checks:
    examples per intent and language (a table with the gaps marked), examples
    whose detected language differs from their folder, duplicates and
    near-duplicates across intents, examples that are test-set messages
    (tests/data/heldout/, tests/data/blind/), replies and playbook snippets
    missing in a language.
    """
    out = Output(as_json)
    report = run_checks(project_of(ctx), with_rasa=not skip_rasa, out=out)
    if as_json:
        out.document(report.as_dict())
    else:
        render(out, report)
    return 0 if report.ok else 1
