"""`bot evaluate`: trains on part of the data and measures the rest, with a report and a confusion matrix."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

import click
import yaml

from bot.cli.common import CliError, Output, Project, handle_errors, json_option, project_of
from bot.cli.model import ModelParser, persona_after_each_turn, read_dialogue
from bot.cli.nlu_files import read_examples
from bot.persona.inference import AXES
from bot.settings import Settings

FALLBACK = "nlu_fallback"
SEED = 42
TRAIN_TIMEOUT = 6 * 3600
# Changes smaller than this (F1, accuracy) are noise, not something that got worse.
TOLERANCE = 0.01
RESULTS = Path("results") / "evaluation"


@dataclass(frozen=True)
class Item:
    text: str
    intent: str
    language: str


def load_items(project: Project, settings: Settings) -> list[Item]:
    """Every distinct example (per language), in a fixed order."""
    items, seen = [], set()
    for language in settings.languages:
        for example in read_examples(project, language):
            key = (language, example.text.casefold())
            if key not in seen:
                seen.add(key)
                items.append(Item(example.text, example.intent, language))
    if not items:
        raise CliError("no training examples found under data/nlu/")
    return items


def make_folds(items: Sequence[Item], folds: int | None, split: float, seed: int = SEED) -> list[list[int]]:
    """Indices of the test items of each fold, stratified by (language, intent)."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        groups[(item.language, item.intent)].append(index)
    rng = random.Random(seed)
    if folds:
        result: list[list[int]] = [[] for _ in range(folds)]
        offset = 0
        for key in sorted(groups):
            indices = groups[key][:]
            rng.shuffle(indices)
            for position, index in enumerate(indices):
                result[(position + offset) % folds].append(index)
            offset += len(indices)
        return [sorted(fold) for fold in result]
    test: list[int] = []
    for key in sorted(groups):
        indices = groups[key][:]
        rng.shuffle(indices)
        if len(indices) < 2:
            continue
        count = min(len(indices) - 1, max(1, round(len(indices) * split)))
        test.extend(indices[:count])
    return [sorted(test)]


def write_training_data(items: Sequence[Item], path: Path) -> None:
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in items:
        blocks[(item.intent, item.language)].append(item.text)
    nlu = [
        {"intent": intent, "metadata": {"language": language}, "examples": "".join(f"- {t}\n" for t in texts)}
        for (intent, language), texts in sorted(blocks.items())
    ]
    path.write_text(
        yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )


def write_config(project: Project, path: Path, epochs: int | None) -> int | None:
    """config.yml with the DIET epochs overridden; returns the epochs used."""
    config = yaml.safe_load((project.root / "config.yml").read_text(encoding="utf-8")) or {}
    used = None
    for component in config.get("pipeline") or []:
        if component.get("name") == "DIETClassifier":
            if epochs is not None:
                component["epochs"] = epochs
            used = component.get("epochs")
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return used


def train_nlu(project: Project, workdir: Path, name: str, log: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "nlu",
        "--config",
        str(workdir / "config.yml"),
        "--nlu",
        str(workdir / f"{name}.yml"),
        "--out",
        str(workdir / "models"),
        "--fixed-model-name",
        name,
    ]
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"$ {' '.join(command)}\n")
        handle.flush()
        try:
            result = subprocess.run(
                command,
                cwd=workdir,
                env=project.env(),
                stdout=handle,
                stderr=subprocess.STDOUT,
                timeout=TRAIN_TIMEOUT,
            )
        except subprocess.TimeoutExpired as error:
            raise CliError(f"training timed out; see {log}") from error
    model = workdir / "models" / f"{name}.tar.gz"
    if result.returncode != 0 or not model.is_file():
        tail = "\n".join(log.read_text(encoding="utf-8").splitlines()[-15:])
        raise CliError(f"training failed (exit code {result.returncode}); see {log}\n{tail}")
    return model


def intent_metrics(
    truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    from sklearn.metrics import precision_recall_fscore_support

    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=list(labels), zero_division=0
    )
    return {
        label: {
            "precision": round(float(p), 4),
            "recall": round(float(r), 4),
            "f1": round(float(f), 4),
            "support": int(s),
        }
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }


def summary(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    from sklearn.metrics import precision_recall_fscore_support

    present = [label for label in labels if label in set(truth)]
    p, r, f, _ = precision_recall_fscore_support(
        truth, predicted, labels=present, average="macro", zero_division=0
    )
    weighted = precision_recall_fscore_support(
        truth, predicted, labels=present, average="weighted", zero_division=0
    )[2]
    correct = sum(1 for a, b in zip(truth, predicted, strict=True) if a == b)
    return {
        "accuracy": round(correct / len(truth), 4) if truth else 0.0,
        "macro_precision": round(float(p), 4),
        "macro_recall": round(float(r), 4),
        "macro_f1": round(float(f), 4),
        "weighted_f1": round(float(weighted), 4),
        "examples": len(truth),
    }


def persona_accuracy(
    project: Project, settings: Settings, parser: ModelParser, out: Output
) -> dict[str, Any]:
    """Labels inferred from the model's parses vs. the labelled dialogues' expected labels."""
    folder = project.root / "tests" / "data" / "persona_dialogues"
    dialogues = []
    for language in settings.languages:
        path = folder / f"{language}.yml"
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            dialogues += [dict(d, language=language) for d in data.get("dialogues") or []]
    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    misses = []
    with out.progressbar(dialogues, label="Persona dialogues") as bar:
        for dialogue in bar:
            turns = [str(t) for t in dialogue.get("turns") or []]
            if not turns:
                continue
            parses = read_dialogue(parser, turns, settings)
            labels = persona_after_each_turn(turns, parses, settings, dialogue.get("profile"))[-1]
            for axis, expected in (dialogue.get("expected") or {}).items():
                if expected is None or axis not in AXES:
                    continue
                totals[axis] += 1
                if labels.get(axis) == expected:
                    hits[axis] += 1
                else:
                    misses.append(
                        {
                            "id": dialogue.get("id"),
                            "axis": axis,
                            "expected": expected,
                            "got": labels.get(axis),
                        }
                    )
    total = sum(totals.values())
    return {
        "dialogues": len(dialogues),
        "accuracy": round(sum(hits.values()) / total, 4) if total else None,
        "per_axis": {
            axis: {"accuracy": round(hits[axis] / totals[axis], 4), "labels": totals[axis]}
            for axis in AXES
            if totals[axis]
        },
        "misses": misses,
    }


def confusion_png(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    matrix = confusion_matrix(truth, predicted, labels=list(labels))
    size = max(6.0, 0.42 * len(labels) + 2)
    figure, axes = plt.subplots(figsize=(size, size))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)))
    axes.set_yticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=90, fontsize=8)
    axes.set_yticklabels(labels, fontsize=8)
    axes.set_xlabel("predicted intent")
    axes.set_ylabel("true intent")
    axes.set_title("Intent confusion matrix (held-out examples)")
    top = matrix.max() or 1
    for row in range(len(labels)):
        for column in range(len(labels)):
            if matrix[row, column]:
                colour = "white" if matrix[row, column] > top / 2 else "black"
                axes.text(
                    column, row, str(matrix[row, column]), ha="center", va="center", fontsize=6, color=colour
                )
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def previous_report(results: Path, current: Path) -> Path | None:
    candidates = (
        sorted(
            p / "report.json"
            for p in results.iterdir()
            if p.is_dir() and p != current and (p / "report.json").is_file()
        )
        if results.is_dir()
        else []
    )
    return candidates[-1] if candidates else None


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """What got worse since the previous report (beyond TOLERANCE)."""
    worse = []

    def check(what: str, before: Any, after: Any) -> None:
        if (
            isinstance(before, (int, float))
            and isinstance(after, (int, float))
            and after < before - TOLERANCE
        ):
            worse.append({"what": what, "before": before, "after": after, "change": round(after - before, 4)})

    check(
        "intent accuracy",
        old.get("intent", {}).get("overall", {}).get("accuracy"),
        new["intent"]["overall"]["accuracy"],
    )
    check(
        "intent macro F1",
        old.get("intent", {}).get("overall", {}).get("macro_f1"),
        new["intent"]["overall"]["macro_f1"],
    )
    for intent, values in new["intent"]["per_intent"].items():
        check(
            f"F1 of {intent}",
            old.get("intent", {}).get("per_intent", {}).get(intent, {}).get("f1"),
            values["f1"],
        )
    for language, values in new["intent"]["per_language"].items():
        before = old.get("intent", {}).get("per_language", {}).get(language, {})
        check(f"intent macro F1 in {language}", before.get("macro_f1"), values["macro_f1"])
    for language, value in new["language_id"]["per_language"].items():
        check(
            f"language-ID accuracy in {language}",
            old.get("language_id", {}).get("per_language", {}).get(language),
            value,
        )
    check("persona accuracy", old.get("persona", {}).get("accuracy"), new["persona"]["accuracy"])
    for axis, values in new["persona"]["per_axis"].items():
        before = old.get("persona", {}).get("per_axis", {}).get(axis, {})
        check(f"persona accuracy on {axis}", before.get("accuracy"), values["accuracy"])
    return sorted(worse, key=lambda item: item["change"])


def markdown(report: dict[str, Any]) -> str:
    setup = report["setup"]
    intent = report["intent"]
    lines = [
        f"# Evaluation {report['created']}",
        "",
        f"- split: {setup['method']}; {setup['train_examples']} training, {setup['test_examples']} test examples"
        f"; DIET epochs {setup['epochs']}; languages {', '.join(setup['languages'])}",
        f"- intent accuracy {intent['overall']['accuracy']:.3f}, macro F1 {intent['overall']['macro_f1']:.3f}",
        f"- language-ID accuracy {report['language_id']['accuracy']:.3f}",
        "- persona accuracy "
        + (f"{report['persona']['accuracy']:.3f}" if report["persona"]["accuracy"] is not None else "n/a")
        + f" on {report['persona']['dialogues']} labelled dialogues",
        "",
        "## What got worse",
        "",
    ]
    if report.get("previous") is None:
        lines.append("No previous report to compare with.")
    elif not report["worse"]:
        lines.append(f"Nothing got worse since {report['previous']}.")
    else:
        lines.append(f"Compared with {report['previous']}:")
        lines.append("")
    if report.get("setup_changed"):
        lines.append(
            "Note: the previous report used another setup (" + "; ".join(report["setup_changed"]) + ")."
        )
        lines.append("")
    if report.get("previous") and report["worse"]:
        lines += ["| what | before | after | change |", "|---|---|---|---|"]
        lines += [
            f"| {w['what']} | {w['before']:.3f} | {w['after']:.3f} | {w['change']:+.3f} |"
            for w in report["worse"]
        ]
    lines += [
        "",
        "## Intents per language",
        "",
        "| language | accuracy | macro precision | macro recall | macro F1 | language-ID | examples |",
        "|---|---|---|---|---|---|---|",
    ]
    for language, values in intent["per_language"].items():
        lines.append(
            f"| {language} | {values['accuracy']:.3f} | {values['macro_precision']:.3f} | {values['macro_recall']:.3f}"
            f" | {values['macro_f1']:.3f} | {report['language_id']['per_language'].get(language, 0):.3f}"
            f" | {values['examples']} |"
        )
    lines += [
        "",
        "## Per intent",
        "",
        "| intent | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for name, values in sorted(intent["per_intent"].items(), key=lambda kv: kv[1]["f1"]):
        lines.append(
            f"| {name} | {values['precision']:.3f} | {values['recall']:.3f} | {values['f1']:.3f} | {values['support']} |"
        )
    lines += ["", "## Persona", "", "| axis | accuracy | labelled |", "|---|---|---|"]
    for axis, values in report["persona"]["per_axis"].items():
        lines.append(f"| {axis} | {values['accuracy']:.3f} | {values['labels']} |")
    if report["persona"]["misses"]:
        lines += ["", "Missed labels:", ""]
        lines += [
            f"- {m['id']}: {m['axis']} expected {m['expected']}, got {m['got']}"
            for m in report["persona"]["misses"]
        ]
    errors = report["errors"]
    lines += ["", f"## Misclassified examples ({len(errors)})", ""]
    lines += [
        f"- [{e['language']}] {e['text']!r}: {e['intent']} read as {e['predicted']}" for e in errors[:200]
    ]
    lines += ["", "![confusion matrix](confusion_matrix.png)", ""]
    return "\n".join(lines)


def evaluate(
    project: Project,
    folds: int | None = None,
    split: float = 0.2,
    epochs: int | None = None,
    out: Output | None = None,
    seed: int = SEED,
) -> dict[str, Any]:
    out = out or Output(as_json=True)
    if folds is not None and folds < 2:
        raise CliError("--folds must be at least 2")
    if not 0 < split < 1:
        raise CliError("--split must be between 0 and 1")
    settings = project.settings()
    items = load_items(project, settings)
    test_folds = make_folds(items, folds, split, seed)
    started = datetime.now()
    results = project.root / RESULTS
    target = results / started.strftime("%Y%m%d-%H%M%S")
    suffix = 1
    while target.exists():
        suffix += 1
        target = results / f"{started.strftime('%Y%m%d-%H%M%S')}-{suffix}"
    target.mkdir(parents=True)
    log = target / "training.log"
    steps = len(test_folds) + 2
    truth: list[str] = []
    predicted: list[str] = []
    languages: list[str] = []
    detected: list[str | None] = []
    errors: list[dict[str, Any]] = []
    persona: dict[str, Any] = {}
    train_size = 0
    used_epochs = None
    workdir = Path(tempfile.mkdtemp(prefix="bot-evaluate-"))
    try:
        used_epochs = write_config(project, workdir / "config.yml", epochs)
        for number, test in enumerate(test_folds, start=1):
            test_set = set(test)
            train = [item for index, item in enumerate(items) if index not in test_set]
            train_size = len(train)
            name = f"fold{number}"
            write_training_data(train, workdir / f"{name}.yml")
            out.progress(
                f"[{number}/{steps}] Training on {len(train)} examples (fold {number}/{len(test_folds)}, "
                f"DIET epochs {used_epochs}); log in {project.relative(log)} ..."
            )
            clock = time.monotonic()
            model = train_nlu(project, workdir, name, log)
            out.progress(f"      trained in {time.monotonic() - clock:.0f} s")
            parser = ModelParser(model)
            try:
                with out.progressbar(
                    [items[i] for i in test], label=f"      parsing {len(test)} held-out"
                ) as bar:
                    for item in bar:
                        parse = parser.parse(item.text)
                        got = (parse.get("intent") or {}).get("name") or FALLBACK
                        truth.append(item.intent)
                        predicted.append(got)
                        languages.append(item.language)
                        detected.append((parse.get("language") or {}).get("name"))
                        if got != item.intent:
                            errors.append(
                                {
                                    "text": item.text,
                                    "language": item.language,
                                    "intent": item.intent,
                                    "predicted": got,
                                }
                            )
                if number == 1:
                    out.progress(f"[{len(test_folds) + 1}/{steps}] Persona on the labelled dialogues ...")
                    persona = persona_accuracy(project, settings, parser, out)
            finally:
                parser.close()
            shutil.rmtree(workdir / "models", ignore_errors=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    out.progress(f"[{steps}/{steps}] Writing the report ...")
    labels = sorted(set(truth))
    # Every intent that was either expected or predicted, the fallback last.
    matrix_labels = sorted((set(truth) | set(predicted)) - {FALLBACK})
    matrix_labels += [FALLBACK] if FALLBACK in predicted else []
    per_language = {}
    language_id = {}
    for language in settings.languages:
        picked = [i for i, lang in enumerate(languages) if lang == language]
        if not picked:
            continue
        per_language[language] = summary([truth[i] for i in picked], [predicted[i] for i in picked], labels)
        language_id[language] = round(sum(1 for i in picked if detected[i] == language) / len(picked), 4)
    report: dict[str, Any] = {
        "created": started.strftime("%Y-%m-%d %H:%M:%S"),
        "setup": {
            "method": f"{folds}-fold cross-validation" if folds else f"hold-out {split:.0%}",
            "folds": folds,
            "split": None if folds else split,
            "seed": seed,
            "epochs": used_epochs,
            "languages": list(settings.languages),
            "train_examples": train_size,
            "test_examples": len(truth),
        },
        "intent": {
            "overall": summary(truth, predicted, labels),
            "per_intent": intent_metrics(truth, predicted, labels),
            "per_language": per_language,
        },
        "language_id": {
            "accuracy": round(
                sum(1 for a, b in zip(languages, detected, strict=True) if a == b) / len(truth), 4
            )
            if truth
            else 0.0,
            "per_language": language_id,
        },
        "persona": persona or {"dialogues": 0, "accuracy": None, "per_axis": {}, "misses": []},
        "errors": errors,
    }
    previous = previous_report(results, target)
    report["previous"] = project.relative(previous.parent) if previous else None
    report["worse"] = []
    report["setup_changed"] = []
    if previous:
        try:
            old = json.loads(previous.read_text(encoding="utf-8"))
            report["worse"] = compare(old, report)
            report["setup_changed"] = [
                f"{key}: {old.get('setup', {}).get(key)!r} -> {report['setup'][key]!r}"
                for key in ("method", "epochs", "languages", "seed")
                if key in (old.get("setup") or {}) and old["setup"][key] != report["setup"][key]
            ]
        except (ValueError, KeyError, TypeError, AttributeError):
            report["worse"] = []
            report["previous_unreadable"] = True
    confusion_png(truth, predicted, matrix_labels, target / "confusion_matrix.png")
    (target / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (target / "report.md").write_text(markdown(report), encoding="utf-8")
    report["report_dir"] = project.relative(target)
    report["files"] = {
        "markdown": project.relative(target / "report.md"),
        "json": project.relative(target / "report.json"),
        "confusion_matrix": project.relative(target / "confusion_matrix.png"),
        "training_log": project.relative(log),
    }
    return report


def render(out: Output, report: dict[str, Any]) -> None:
    intent = report["intent"]
    out.line()
    out.line(
        f"Intent accuracy {intent['overall']['accuracy']:.3f}, macro F1 {intent['overall']['macro_f1']:.3f} "
        f"on {report['setup']['test_examples']} held-out examples",
        bold=True,
    )
    out.line(f"{'language':<10}{'accuracy':>10}{'macro F1':>10}{'lang-ID':>10}")
    for language, values in intent["per_language"].items():
        out.line(
            f"{language:<10}{values['accuracy']:>10.3f}{values['macro_f1']:>10.3f}"
            f"{report['language_id']['per_language'].get(language, 0):>10.3f}"
        )
    weakest = sorted(intent["per_intent"].items(), key=lambda kv: kv[1]["f1"])[:5]
    out.line("Weakest intents: " + ", ".join(f"{name} (F1 {v['f1']:.2f})" for name, v in weakest))
    persona = report["persona"]
    if persona.get("accuracy") is not None:
        axes = ", ".join(f"{a} {v['accuracy']:.2f}" for a, v in persona["per_axis"].items())
        out.line(f"Persona accuracy {persona['accuracy']:.3f} on {persona['dialogues']} dialogues ({axes})")
    out.line()
    if report["previous"] is None:
        out.line("No previous report to compare with.")
    elif not report["worse"]:
        out.line(f"Nothing got worse since {report['previous']}.", fg="green")
    else:
        if report.get("setup_changed"):
            out.warn("the previous report used another setup: " + "; ".join(report["setup_changed"]))
        out.line(f"Worse than {report['previous']}:", fg="red", bold=True)
        for item in report["worse"]:
            out.line(
                f"  {item['what']}: {item['before']:.3f} -> {item['after']:.3f} ({item['change']:+.3f})",
                fg="red",
            )
    out.line()
    out.line(
        f"Report: {report['files']['markdown']}  (confusion matrix: {report['files']['confusion_matrix']})"
    )


@click.command("evaluate")
@click.option("--folds", type=click.IntRange(2, 20), help="Cross-validate with N folds instead of one split.")
@click.option(
    "--split",
    type=click.FloatRange(0.05, 0.5),
    help="Share of each intent's examples held out for testing (default 0.2).",
)
@click.option("--epochs", type=click.IntRange(1, 1000), help="DIET epochs (default: config.yml's).")
@click.option("--seed", default=SEED, show_default=True, help="Seed of the split.")
@json_option
@click.pass_context
@handle_errors
def evaluate_command(
    ctx: click.Context, folds: int | None, split: float | None, epochs: int | None, seed: int, as_json: bool
):
    """Train on a split of the data and report how well the rest is understood.

    Reports intent precision, recall and F1 per intent and per language,
    language-ID accuracy, persona accuracy on the labelled dialogues, a
    confusion matrix (PNG) and a markdown report under results/evaluation/,
    and lists what got worse since the previous report.
    """
    out = Output(as_json)
    if folds and split is not None:
        raise CliError("use either --folds or --split, not both")
    report = evaluate(project_of(ctx), folds=folds, split=split or 0.2, epochs=epochs, out=out, seed=seed)
    if as_json:
        out.document({"ok": True, **report})
    else:
        render(out, report)
    return 0
