"""`bot add-dialogue`: from a pasted transcript to a test story and a labelled persona dialogue."""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import click
import yaml

from bot.cli.common import CliError, Output, Project, handle_errors, json_option, project_of
from bot.cli.model import (
    ModelParser,
    model_is_stale,
    persona_after_each_turn,
    read_dialogue,
    require_model,
    with_intent,
)
from bot.cli.stories import RuleBook, Turn, build_steps, render_story, write_story
from bot.persona.inference import AXES, LABELS
from bot.persona.profile import BuyerProfile
from bot.settings import Settings

LINE = re.compile(r"^\s*(?P<role>buyer|agent)\s*:\s*(?P<text>.*?)\s*$", re.IGNORECASE)
FALLBACK = "nlu_fallback"
NONE_LABEL = "-"


@dataclass(frozen=True)
class TranscriptLine:
    number: int
    role: str
    text: str


@dataclass
class ParsedTurn:
    text: str
    parse: dict[str, Any]
    agent_reply: str | None = None
    intent: str = ""
    persona: dict[str, str | None] = field(default_factory=dict)

    @property
    def predicted(self) -> str:
        return (self.parse.get("intent") or {}).get("name") or FALLBACK

    @property
    def confidence(self) -> float:
        return float((self.parse.get("intent") or {}).get("confidence") or 0.0)

    @property
    def language(self) -> str | None:
        return (self.parse.get("language") or {}).get("name")

    @property
    def language_confidence(self) -> float:
        return float((self.parse.get("language") or {}).get("confidence") or 0.0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "predicted_intent": self.predicted,
            "intent_confidence": round(self.confidence, 3),
            "intent": self.intent,
            "language": self.language,
            "language_confidence": round(self.language_confidence, 3),
            "entities": [
                {"entity": e.get("entity"), "value": e.get("value")} for e in self.parse.get("entities") or []
            ],
            "persona": self.persona,
            "agent_reply": self.agent_reply,
        }


def parse_transcript(content: str) -> list[TranscriptLine]:
    """`buyer: ...` / `agent: ...` lines; blank lines and `#` comments are skipped."""
    lines = []
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = LINE.match(raw)
        if not match:
            raise CliError(f"line {number}: expected 'buyer: ...' or 'agent: ...', got {raw.strip()[:60]!r}")
        if not match.group("text"):
            raise CliError(f"line {number}: the {match.group('role').lower()}'s message is empty")
        lines.append(TranscriptLine(number, match.group("role").lower(), match.group("text")))
    if not any(line.role == "buyer" for line in lines):
        raise CliError("the transcript has no 'buyer:' line")
    return lines


def buyer_turns(lines: Sequence[TranscriptLine]) -> list[tuple[str, str | None]]:
    """(buyer text, the agent's answer that followed it, if any)."""
    turns: list[tuple[str, str | None]] = []
    for line in lines:
        if line.role == "buyer":
            turns.append((line.text, None))
        elif turns and turns[-1][1] is None:
            turns[-1] = (turns[-1][0], line.text)
    return turns


def slug(name: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not value:
        raise CliError(f"cannot make a story name out of {name!r}; pass --name")
    return value


def parse_profile(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise CliError(f"--profile must be a JSON object: {error}") from error
    if not isinstance(data, dict) or BuyerProfile.from_mapping(data) is None:
        raise CliError('--profile must be a JSON object like {"order_count": 3, "total_spend": 250}')
    return data


def dialogue_language(turns: Sequence[ParsedTurn], settings: Settings) -> str:
    counts = Counter(t.language for t in turns if t.language in settings.languages)
    return counts.most_common(1)[0][0] if counts else settings.default_language


def analyse_turns(
    turns: Sequence[ParsedTurn], settings: Settings, profile: Mapping[str, Any] | None
) -> dict[str, str | None]:
    """Persona after each turn, with the confirmed intents; returns the labels after the last one."""
    parses = [with_intent(t.parse, t.intent or t.predicted) for t in turns]
    labels = persona_after_each_turn([t.text for t in turns], parses, settings, profile)
    for turn, after in zip(turns, labels, strict=True):
        turn.persona = after
    return labels[-1] if labels else {}


def append_persona_dialogue(
    path: Path,
    language: str,
    dialogue_id: str,
    turns: Sequence[str],
    expected: Mapping[str, str | None],
    profile: Mapping[str, Any] | None,
) -> str:
    """Appends a dialogue in the file's format, keeping what is there; returns the id used."""
    original = path.read_text(encoding="utf-8") if path.exists() else None
    if original is None:
        content = f"language: {language}\ndialogues:\n"
        indent = "  "
    else:
        data = yaml.safe_load(original) or {}
        if data.get("language") != language:
            raise CliError(f"{path}: 'language' is {data.get('language')!r}, expected {language!r}")
        ids = {d.get("id") for d in data.get("dialogues") or []}
        base, number = dialogue_id, 2
        while dialogue_id in ids:
            dialogue_id, number = f"{base}_{number}", number + 1
        found = re.search(r"^(\s*)- id:", original, re.MULTILINE)
        indent = found.group(1) if found else "  "
        content = original if original.endswith("\n") else original + "\n"
        if re.search(r"^dialogues:\s*\[\s*\]\s*$", content, re.MULTILINE):
            content = re.sub(r"^dialogues:\s*\[\s*\]\s*$", "dialogues:", content, flags=re.MULTILINE)
    block = [f"{indent}- id: {dialogue_id}"]
    block.append(f"{indent}  profile: {json.dumps(dict(profile), ensure_ascii=False) if profile else 'null'}")
    block.append(f"{indent}  turns:")
    block += [f"{indent}    - {json.dumps(turn, ensure_ascii=False)}" for turn in turns]
    block.append(f"{indent}  expected:")
    block += [f"{indent}    {axis}: {expected.get(axis) or 'null'}" for axis in AXES]
    new = content + "\n".join(block) + "\n"
    parsed = yaml.safe_load(new)
    written = next((d for d in parsed.get("dialogues") or [] if d.get("id") == dialogue_id), None)
    if not written or written.get("turns") != list(turns):
        raise CliError(f"{path}: could not append the dialogue without breaking the file; unchanged")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")
    return dialogue_id


@dataclass
class DialogueResult:
    name: str
    language: str
    turns: list[ParsedTurn]
    expected: dict[str, str | None]
    story_file: str | None
    training_story_file: str | None
    persona_file: str | None
    persona_id: str | None
    turns_in_story: int
    notes: list[str]
    warnings: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "name": self.name,
            "language": self.language,
            "turns": [t.as_dict() for t in self.turns],
            "expected_persona": self.expected,
            "test_story": self.story_file,
            "training_story": self.training_story_file,
            "persona_dialogue": {"file": self.persona_file, "id": self.persona_id},
            "turns_in_story": self.turns_in_story,
            "notes": self.notes,
            "warnings": self.warnings,
        }


@dataclass
class Trainer:
    """How the trainer confirms or corrects what the model read (prompts, or --yes)."""

    intent: Callable[[int, ParsedTurn, list[str]], str]
    labels: Callable[[dict[str, str | None]], dict[str, str | None]]


def accept_all() -> Trainer:
    return Trainer(intent=lambda index, turn, intents: turn.intent, labels=lambda labels: labels)


def add_dialogue(
    project: Project,
    transcript: str,
    name: str,
    trainer: Trainer,
    training_story: bool = False,
    force: bool = False,
    model: str | Path | None = None,
    profile: Mapping[str, Any] | None = None,
    show: Callable[[list[ParsedTurn]], None] | None = None,
    parser: ModelParser | None = None,
) -> DialogueResult:
    settings = project.settings()
    intents = project.intents()
    lines = parse_transcript(transcript)
    name = slug(name)
    story_path = project.root / "tests" / "stories" / f"trainer_{name}.yml"
    training_path = project.root / "data" / "stories" / f"trainer_{name}.yml"
    for path in [story_path] + ([training_path] if training_story else []):
        if path.exists() and not force:
            raise CliError(f"{project.relative(path)} already exists; choose another --name or pass --force")
    warnings = []
    if parser is None:
        model_path = require_model(project, model)
        if model_is_stale(project, model_path):
            warnings.append("the model is older than the data (run `make train` for the current data)")
        parser = ModelParser(model_path)

    pairs = buyer_turns(lines)
    parses = read_dialogue(parser, [text for text, _ in pairs], settings)
    turns = [ParsedTurn(text, parse, reply) for (text, reply), parse in zip(pairs, parses, strict=True)]
    for turn in turns:
        turn.intent = turn.predicted
    analyse_turns(turns, settings, profile)
    if show:
        show(turns)

    choices = intents + ([FALLBACK] if FALLBACK not in intents else [])
    for index, turn in enumerate(turns):
        intent = trainer.intent(index, turn, choices)
        if intent not in choices:
            raise CliError(f"'{intent}' is not an intent of domain.yml")
        turn.intent = intent
    inferred = analyse_turns(turns, settings, profile)
    expected = trainer.labels(dict(inferred))
    for axis, label in expected.items():
        if label is not None and label not in LABELS.get(axis, ()):
            raise CliError(f"'{label}' is not a label of the {axis} axis")

    book = RuleBook.load(project)
    story = build_steps(
        [Turn(t.text, t.intent, tuple(t.parse.get("entities") or ()), t.agent_reply) for t in turns], book
    )
    if not story.steps:
        raise CliError("no story could be written: " + "; ".join(story.notes))
    language = dialogue_language(turns, settings)
    header = (
        f"Written by `bot add-dialogue` from the transcript '{name}' (language: {language}); "
        "intents confirmed by a trainer."
    )
    write_story(story_path, render_story(f"trainer {name}", story.steps, with_text=True, comment=header))
    training_file = None
    if training_story:
        write_story(
            training_path, render_story(f"trainer {name}", story.steps, with_text=False, comment=header)
        )
        training_file = project.relative(training_path)

    persona_path = project.root / "tests" / "data" / "persona_dialogues" / f"{language}.yml"
    persona_id = append_persona_dialogue(
        persona_path, language, f"{language}_trainer_{name}", [t.text for t in turns], expected, profile
    )
    return DialogueResult(
        name=name,
        language=language,
        turns=turns,
        expected=expected,
        story_file=project.relative(story_path),
        training_story_file=training_file,
        persona_file=project.relative(persona_path),
        persona_id=persona_id,
        turns_in_story=story.turns_covered,
        notes=story.notes,
        warnings=warnings,
    )


def show_turns(out: Output) -> Callable[[list[ParsedTurn]], None]:
    def show(turns: list[ParsedTurn]) -> None:
        out.line("What the model reads, line by line:", bold=True)
        for number, turn in enumerate(turns, start=1):
            out.line(f"{number:>2}. buyer: {turn.text}")
            flag = {"fg": "yellow"} if turn.predicted == FALLBACK or turn.confidence < 0.5 else {}
            out.line(
                f"    intent {turn.predicted} ({turn.confidence:.2f})   "
                f"language {turn.language} ({turn.language_confidence:.2f})",
                **flag,
            )
            labels = ", ".join(f"{axis}={label}" for axis, label in turn.persona.items() if label)
            out.line(f"    persona so far: {labels or '(nothing clear yet)'}")
            if turn.agent_reply:
                out.line(f"    agent: {turn.agent_reply}", dim=True)

    return show


def interactive_trainer(out: Output) -> Trainer:
    def intent(index: int, turn: ParsedTurn, choices: list[str]) -> str:
        if index == 0:
            out.line()
            out.line("Confirm each intent (Enter keeps it) or type the right one. Intents:")
            out.line("  " + ", ".join(choices))
        default = turn.predicted
        if default == FALLBACK:
            ranking = [i.get("name") for i in turn.parse.get("intent_ranking") or []]
            default = next((name for name in ranking if name and name != FALLBACK), FALLBACK)
        return out.prompt(
            f"{index + 1:>2}. {turn.text[:60]!r} intent",
            default=default,
            type=click.Choice(choices),
            show_choices=False,
        )

    def labels(inferred: dict[str, str | None]) -> dict[str, str | None]:
        out.line()
        out.line("Persona the assistant infers for the whole dialogue:", bold=True)
        for axis in AXES:
            out.line(f"  {axis:<14} {inferred.get(axis) or NONE_LABEL}")
        if out.confirm("Are these the expected labels?", default=True):
            return inferred
        chosen = {}
        for axis in AXES:
            options = [*LABELS[axis], NONE_LABEL]
            value = out.prompt(
                f"  {axis} ({'/'.join(options)})",
                default=inferred.get(axis) or NONE_LABEL,
                type=click.Choice(options),
                show_choices=False,
            )
            chosen[axis] = None if value == NONE_LABEL else value
        return chosen

    return Trainer(intent=intent, labels=labels)


def render(out: Output, result: DialogueResult) -> None:
    for warning in result.warnings:
        out.warn(warning)
    for note in result.notes:
        out.warn(note)
    if out.as_json:
        out.document(result.as_dict())
        return
    out.line()
    out.line(f"Test story:        {result.story_file}", fg="green")
    if result.training_story_file:
        out.line(f"Training story:    {result.training_story_file}", fg="green")
    out.line(f"Persona dialogue:  {result.persona_file} (id {result.persona_id})", fg="green")
    corrected = [t for t in result.turns if t.intent != t.predicted]
    if corrected:
        out.line()
        out.line("The model got these wrong; adding them as examples teaches it:")
        for turn in corrected:
            language = turn.language or result.language
            out.line(
                f"  bot add-example --intent {turn.intent} --language {language} {shlex.quote(turn.text)}"
            )
    out.line("Run `make test` (after `make train`) to run the story.")


@click.command("add-dialogue")
@click.argument("transcript", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", help="Story name (default: the transcript's file name).")
@click.option("--training-story", is_flag=True, help="Also write a training story under data/stories/.")
@click.option("--yes", "-y", is_flag=True, help="Accept the model's intents and persona without asking.")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite a story of the same name (the persona dialogue is added under a new id).",
)
@click.option(
    "--model", type=click.Path(dir_okay=False), help="Model archive (default: models/current.tar.gz)."
)
@click.option("--profile", help='Buyer profile as JSON, e.g. \'{"order_count": 6, "total_spend": 400}\'.')
@json_option
@click.pass_context
@handle_errors
def add_dialogue_command(
    ctx: click.Context,
    transcript: str,
    name: str | None,
    training_story: bool,
    yes: bool,
    force: bool,
    model: str | None,
    profile: str | None,
    as_json: bool,
):
    """Turn a transcript (lines `buyer: ...` / `agent: ...`) into a Rasa test story.

    The buyer's lines are parsed with the current model; intent, language and
    persona are shown for each line and the trainer confirms or corrects them.
    Writes tests/stories/trainer_<name>.yml (and with --training-story
    data/stories/trainer_<name>.yml) plus a labelled dialogue in
    tests/data/persona_dialogues/<language>.yml.
    """
    out = Output(as_json)
    project = project_of(ctx)
    path = Path(transcript)
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CliError(f"{path}: not UTF-8 text ({error})") from error
    trainer = accept_all() if yes else interactive_trainer(out)
    out.progress("Loading the model...")
    result = add_dialogue(
        project,
        content,
        name or path.stem,
        trainer,
        training_story=training_story,
        force=force,
        model=model,
        profile=parse_profile(profile),
        show=None if as_json else show_turns(out),
    )
    render(out, result)
    return 0
