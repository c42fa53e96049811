"""Loads a trained Rasa model and parses buyer messages with it, the way a conversation does."""

from __future__ import annotations

import asyncio
import os
import warnings
from pathlib import Path
from typing import Any, Mapping, Sequence

from bot.cli.common import CliError, Project
from bot.conversation import analyse
from bot.quiet_logs import quiet_rasa
from bot.settings import LOCALES_ENV, SETTINGS_ENV, Settings

LANGUAGE_SLOT = "language"


def default_model(project: Project) -> Path:
    from bot.training import models_dir

    return models_dir(project.root) / "current.tar.gz"


def require_model(project: Project, explicit: str | Path | None = None) -> Path:
    path = Path(explicit) if explicit else default_model(project)
    if not path.is_file():
        raise CliError(f"no trained model at {path}: run `make train` first (or pass --model)")
    return path


def model_is_stale(project: Project, model: Path) -> bool:
    """True when the project's data changed since the default model was trained."""
    from bot.training import FINGERPRINT_FILE, fingerprint

    stamp = model.parent / FINGERPRINT_FILE
    if model != default_model(project) or not stamp.is_file():
        return False
    # The fingerprint reads the settings named by the environment: point it at the project's.
    saved = {name: os.environ.get(name) for name in (SETTINGS_ENV, LOCALES_ENV)}
    os.environ[SETTINGS_ENV], os.environ[LOCALES_ENV] = str(project.settings_file), str(project.locales_dir)
    try:
        return stamp.read_text().strip() != fingerprint(project.root)
    except Exception:  # an unreadable stamp or settings file only means "cannot tell"
        return False
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class ModelParser:
    """Parses messages with a trained model; the conversation's language is passed as context."""

    def __init__(self, model: Path) -> None:
        self._loop = asyncio.new_event_loop()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from rasa.core.agent import Agent

            quiet_rasa()
            try:
                self.agent = Agent.load(str(model))
            except Exception as error:  # Rasa raises many kinds of errors for a broken archive
                raise CliError(f"cannot load the model {model}: {error}") from error
        if self.agent.processor is None:
            raise CliError(f"{model} has no NLU part to parse messages with")

    def parse(self, text: str, conversation_language: str | None = None) -> dict[str, Any]:
        from rasa.core.channels.channel import UserMessage
        from rasa.shared.core.events import SlotSet
        from rasa.shared.core.slots import TextSlot
        from rasa.shared.core.trackers import DialogueStateTracker

        tracker = DialogueStateTracker(
            "trainer", [TextSlot(LANGUAGE_SLOT, mappings=[], influence_conversation=False)]
        )
        if conversation_language:
            tracker.update(SlotSet(LANGUAGE_SLOT, conversation_language))
        parse = self._loop.run_until_complete(
            self.agent.processor.parse_message(UserMessage(text), tracker=tracker)
        )
        return dict(parse)

    def close(self) -> None:
        self._loop.close()


def user_event(text: str, parse: Mapping[str, Any], metadata: Mapping[str, Any] | None = None) -> dict:
    """A buyer message as Rasa stores it (what `bot.conversation` reads)."""
    return {"event": "user", "text": text, "parse_data": dict(parse), "metadata": dict(metadata or {})}


def with_intent(parse: Mapping[str, Any], intent: str) -> dict[str, Any]:
    """The parse result with its intent replaced (a trainer's correction)."""
    corrected = dict(parse)
    if (parse.get("intent") or {}).get("name") != intent:
        corrected["intent"] = {"name": intent, "confidence": 1.0}
    return corrected


def read_dialogue(
    parser: ModelParser,
    turns: Sequence[str],
    settings: Settings,
) -> list[dict[str, Any]]:
    """Parses the buyer's turns one after the other, each with the conversation's language so far."""
    language: str | None = None
    parses = []
    for text in turns:
        parse = parser.parse(text, language)
        parses.append(parse)
        language = ((parse.get("language") or {}).get("name")) or language
        if language not in settings.languages:
            language = None
    return parses


def persona_after_each_turn(
    turns: Sequence[str],
    parses: Sequence[Mapping[str, Any]],
    settings: Settings,
    profile: Mapping[str, Any] | None = None,
) -> list[dict[str, str | None]]:
    """The persona labels (axis -> label) the assistant infers after each buyer turn."""
    metadata = {"profile": dict(profile)} if profile else {}
    events: list[dict[str, Any]] = []
    labels = []
    slot = None
    for text, parse in zip(turns, parses, strict=True):
        events.append(user_event(text, parse, metadata))
        state = analyse(events, parse, slot, settings)
        slot = state.language
        labels.append(state.persona.labels())
    return labels
