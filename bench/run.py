"""The benchmark suite (issue 7): accuracy, speed and cost of the project against the alternatives a
shop would consider, in one run on one machine.

    make bench            # = python -m bench

Measures
- language ID on each test set (tests/data/heldout/ and tests/data/blind/): the project's detector vs
  plain langdetect vs lingua (restricted to the shop's languages), short (1-5 words), 1-3 words and
  full messages, per language;
- intent accuracy and macro-F1 per language on each test set: the project's pipeline
  (models/current.tar.gz, trained by `python -m bot.training` when stale) vs Rasa's default pipeline
  (bench/rasa_init_config.yml, what `rasa init` writes) trained on the same NLU data;
- persona accuracy per axis on the labelled dialogues (in-process, offline);
- speed: /model/parse latency, a full buyer turn through the REST channel at 1, 10 and 50
  conversations at once, messages per second, for the project and for a stock `rasa init` bot;
- cost: training time, model size, resident memory of the Rasa server and the action server after
  warm-up and after 10,000 messages.

Results go to results/bench/<timestamp>/ (results.json, results.md, plus the servers' logs) and
results/bench/latest.json; the run is compared with the previous latest.json and regressions are
flagged. Trained reference models are kept under results/bench/ and reused while their inputs are
unchanged (`--retrain` trains them again). Not part of the tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

# TensorFlow's C++ start-up chatter (here and in the servers and trainings started from here).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bench import accuracy, report, speed, training  # noqa: E402
from bot.nlu.data import TEST_SETS  # noqa: E402
from bot.settings import load_settings  # noqa: E402

RESULTS_ROOT = training.RESULTS_ROOT
LATEST = RESULTS_ROOT / "latest.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--retrain", action="store_true", help="train the reference models again")
    parser.add_argument(
        "--memory-messages", type=int, default=10_000, help="buyer messages for the memory run (10000)"
    )
    parser.add_argument("--skip-default-pipeline", action="store_true", help="no default-pipeline intents")
    parser.add_argument("--skip-speed", action="store_true", help="no servers: accuracy and training only")
    parser.add_argument("--skip-stock", action="store_true", help="no stock rasa init bot")
    parser.add_argument(
        "--quick", action="store_true", help="small speed plan and a 500-message memory run (a smoke test)"
    )
    parser.add_argument(
        "--ab-speedups",
        action="store_true",
        help="also measure the project's speed with bot.rasa_speedups switched off (before/after)",
    )
    parser.add_argument("--threshold", type=float, default=0.10, help="relative regression threshold")
    parser.add_argument(
        "--accuracy-threshold", type=float, default=0.02, help="regression threshold for accuracies (points)"
    )
    return parser.parse_args(argv)


def step(title: str) -> float:
    print(f"\n== {title} ==", flush=True)
    return time.monotonic()


def accuracy_figures(model: Path, languages: list[str], settings, results: dict[str, Any]) -> None:
    started = step("Language ID, intents and persona with the project's model (in-process)")
    agent = accuracy.load_agent(model)
    for test_set in TEST_SETS:
        texts = accuracy.language_texts(languages, test_set)
        items = accuracy.intent_items(languages, test_set)
        print(
            f"  {test_set}: parsing {len(texts)} language-ID messages and {len(items)} intent messages...",
            flush=True,
        )
        parses, seconds = accuracy.parse_all(agent, texts + [text for text, _, _ in items])
        project_parse = dict(zip(texts, parses[: len(texts)], strict=True))
        section = report.section_of(results, test_set, create=True)
        section["language_id"] = accuracy.language_id(languages, project_parse, test_set)
        section["intents"] = {
            "project pipeline": accuracy.intent_scores(items, parses[len(texts) :], languages)
        }
        section["in_process_parse"] = {"messages": len(parses), "seconds": round(seconds, 1)}
        print(f"  parsed {len(parses)} messages in {seconds:.1f} s", flush=True)
    results["persona"] = accuracy.persona(agent, settings, languages)
    del agent
    gc.collect()
    _print_accuracy(results, languages)
    print(f"  ({time.monotonic() - started:.0f} s)")


def default_pipeline_figures(languages: list[str], results: dict[str, Any], retrain: bool) -> None:
    started = step("Rasa's default pipeline (rasa init config) on the same data")
    trained = training.default_pipeline_training(force=retrain)
    results.setdefault("training", {})["default pipeline (NLU only)"] = trained.as_dict()
    agent = accuracy.load_agent(Path(trained.model))
    for test_set in TEST_SETS:
        items = accuracy.intent_items(languages, test_set)
        parses, seconds = accuracy.parse_all(agent, [text for text, _, _ in items])
        intents = report.section_of(results, test_set, create=True)["intents"]
        intents["rasa default pipeline"] = accuracy.intent_scores(items, parses, languages)
        scores = intents["rasa default pipeline"]["mean"]
        print(
            f"  default pipeline, {test_set}: mean accuracy {scores['accuracy']:.3f}, "
            f"macro-F1 {scores['macro_f1']:.3f} ({len(parses)} messages in {seconds:.1f} s)",
            flush=True,
        )
    del agent
    gc.collect()
    print(f"  ({time.monotonic() - started:.0f} s)")


def speed_figures(
    model: Path, languages: list[str], results: dict[str, Any], args: argparse.Namespace, out: Path
) -> None:
    items = accuracy.intent_items(languages)
    parse_texts = [text for text, _, _ in items]
    random.Random(3).shuffle(parse_texts)  # every language from the start
    by_language: dict[str, list[str]] = {}
    for text, _, language in items:
        by_language.setdefault(language, []).append(text)
    scripts = speed.conversation_scripts(by_language, 400, seed=7)
    plan = speed.SpeedPlan(memory_messages=args.memory_messages)
    if args.quick:
        plan = speed.SpeedPlan(
            parse_requests=60,
            messages_per_level={1: 30, 10: 100, 50: 150},
            memory_messages=min(args.memory_messages, 500),
        )
    results["speed_plan"] = {
        "warmup_messages": plan.warmup_messages,
        "parse_requests": plan.parse_requests,
        "messages_per_level": plan.messages_per_level,
        "memory_messages": plan.memory_messages,
        "memory_concurrency": plan.memory_concurrency,
        "conversation_turns": speed.CONVERSATION_TURNS,
    }
    results["speed"] = {}
    started = step("Speed and memory: the project (Rasa server + action server)")
    server = speed.start_project(model, out / "project")
    try:
        results["speed"]["project"] = speed.measure(server, parse_texts, scripts, plan, memory_run=True)
    finally:
        server.stop()
    print(f"  ({time.monotonic() - started:.0f} s)")
    if args.ab_speedups:
        started = step("Speed: the project with bot.rasa_speedups switched off (before the fix)")
        name = "project, speed-up off"
        server = speed.start_project(model, out / "project_off", name, {"SHOP_RASA_SPEEDUPS": "off"})
        try:
            results["speed"][name] = speed.measure(server, parse_texts, scripts, plan, memory_run=False)
        finally:
            server.stop()
        print(f"  ({time.monotonic() - started:.0f} s)")
    if args.skip_stock:
        return
    started = step("Speed: a stock `rasa init` bot")
    project, trained = training.stock_bot(force=args.retrain)
    results.setdefault("training", {})["rasa init bot (moodbot)"] = trained.as_dict()
    server = speed.start_stock(project, Path(trained.model), out / "stock")
    try:
        results["speed"]["rasa init bot"] = speed.measure(
            server, parse_texts, scripts, plan, memory_run=False
        )
    finally:
        server.stop()
    print(f"  ({time.monotonic() - started:.0f} s)")


def _print_accuracy(results: dict[str, Any], languages: list[str]) -> None:
    for test_set in TEST_SETS:
        section = report.section_of(results, test_set, create=True)
        for name, kinds in section["language_id"]["accuracy"].items():
            print(
                f"  {test_set}, language ID, {name}: short {kinds['short']['all']:.3f}, "
                f"1-3 words {kinds['short_1_3']['all']:.3f}, full {kinds['full']['all']:.3f}"
            )
        for name, scores in section["intents"].items():
            per_language = " ".join(f"{x} {scores['per_language'][x]['accuracy']:.3f}" for x in languages)
            print(
                f"  {test_set}, intents, {name}: mean accuracy {scores['mean']['accuracy']:.3f}, "
                f"macro-F1 {scores['mean']['macro_f1']:.3f} ({per_language})"
            )
    print(
        "  persona: "
        + ", ".join(f"{a} {v['accuracy']:.3f}" for a, v in results["persona"]["per_axis"].items())
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    started_at = time.strftime("%Y-%m-%dT%H-%M-%S")
    began = time.monotonic()
    out = RESULTS_ROOT / started_at
    out.mkdir(parents=True, exist_ok=True)
    settings = load_settings()
    languages = list(settings.languages)
    results: dict[str, Any] = {
        "started": started_at,
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": report.machine(),
        "languages": languages,
    }
    print(f"Benchmark {started_at}: {report.describe(results['machine'])}", flush=True)

    from bot.training import ensure_model

    step("The project's model (python -m bot.training: trains only if stale)")
    model = ensure_model()

    accuracy_figures(model, languages, settings, results)
    if not args.skip_default_pipeline:
        default_pipeline_figures(languages, results, args.retrain)

    step("Training time of the project's pipeline (a fresh training into results/bench/cache)")
    trained = training.project_training(force=args.retrain)
    results.setdefault("training", {})
    results["training"] = {"project pipeline": trained.as_dict(), **results["training"]}

    if not args.skip_speed:
        speed_figures(model, languages, results, args, out)

    results["targets"] = report.targets(results)
    results["duration_s"] = round(time.monotonic() - began, 1)
    previous = json.loads(LATEST.read_text()) if LATEST.is_file() else None
    if previous:
        results["comparison"] = {
            "previous_started": previous.get("started"),
            "relative_threshold": args.threshold,
            "accuracy_threshold": args.accuracy_threshold,
            "rows": report.compare(previous, results, args.threshold, args.accuracy_threshold),
        }
    text = report.markdown(results)
    print("\n" + text)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    if args.quick:
        print(
            f"Saved {out / 'results.json'} and {out / 'results.md'} (a --quick run does not replace {LATEST})"
        )
    else:
        shutil.copyfile(out / "results.json", LATEST)
        print(f"Saved {out / 'results.json'}, {out / 'results.md'} and {LATEST}")
    regressions = [r for r in (results.get("comparison") or {}).get("rows", []) if r["regression"]]
    if regressions:
        print(f"\n{len(regressions)} REGRESSION(S) against {previous.get('started')}:")
        for r in regressions:
            print(f"  {r['metric']}: {r['previous']:g} -> {r['now']:g} ({r['change']:+.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
