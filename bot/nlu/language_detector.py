"""Rasa NLU component: detects the buyer's language (see `bot.nlu.language`)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import locales
from bot.nlu.language import (
    LanguageGuess,
    LanguageIdentifier,
    LanguageModel,
    learn_language_model,
)
from bot.settings import load_settings

logger = logging.getLogger(__name__)

LANGUAGE = "language"
LANGUAGE_SLOT = "language"
MODEL_FILE = "language_model.json"


def example_language(message: Message) -> str | None:
    """The language a training example was written in (its intent block's metadata)."""
    metadata = message.get("metadata") or {}
    for level in ("example", "intent"):
        value = (metadata.get(level) or {}).get(LANGUAGE)
        if isinstance(value, str):
            return value
    return None


def conversation_language(tracker: DialogueStateTracker | None) -> str | None:
    """The language the conversation has been held in so far."""
    if tracker is None:
        return None
    slot = tracker.get_slot(LANGUAGE_SLOT)
    if isinstance(slot, str):
        return slot
    event = tracker.latest_message
    if event and isinstance(event.parse_data.get(LANGUAGE), dict):
        return event.parse_data[LANGUAGE].get("name")
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class LanguageDetector(GraphComponent):
    """Adds `language: {name, confidence}` to every message.

    Must come first in the pipeline: the tokenizer and entity rules that follow
    read the language it sets.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # Path of the shop settings that list the languages (null: $SHOP_SETTINGS
            # or the project's shop.yml). Read at training time and stored in the model.
            "settings_path": None,
            # Message metadata key carrying the browser's locale, e.g. "pt-BR".
            "locale_metadata_key": "locale",
            # Below this confidence the conversation's language is kept
            # (null: the value in the shop settings).
            "min_confidence": None,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LanguageModel | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._identifier = LanguageIdentifier(model) if model else None

    @staticmethod
    def _validate_config(config: Dict[str, Any]) -> None:
        key = config.get("locale_metadata_key")
        if not isinstance(key, str) or not key:
            raise ValueError(
                f"LanguageDetector: 'locale_metadata_key' must be a non-empty string, got {key!r}"
            )
        confidence = config.get("min_confidence")
        if confidence is not None and not (isinstance(confidence, (int, float)) and 0.0 <= confidence <= 1.0):
            raise ValueError(
                f"LanguageDetector: 'min_confidence' must be between 0 and 1, got {confidence!r}"
            )

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        cls._validate_config(config)
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        settings = load_settings(self._config.get("settings_path"))
        examples = []
        for message in training_data.intent_examples:
            language = example_language(message)
            if language:
                examples.append((message.get(TEXT), language))
        chat_words = {
            lang: locales.lexicon(settings.locales_dir, lang).get("chat_words") or []
            for lang in settings.languages
        }
        min_confidence = self._config.get("min_confidence")
        self._model = learn_language_model(
            examples,
            settings.languages,
            settings.default_language,
            chat_words,
            min_confidence=(settings.min_language_confidence if min_confidence is None else min_confidence),
            seed=settings.language_seed,
        )
        self._identifier = LanguageIdentifier(self._model)
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / MODEL_FILE).write_text(
                json.dumps(self._model.to_dict(), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageDetector:
        cls._validate_config(config)
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((Path(directory) / MODEL_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError) as error:
            logger.warning("LanguageDetector: no trained language model found (%s).", error)
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, LanguageModel.from_dict(data))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples carry their language in metadata; later components need it."""
        for message in training_data.training_examples:
            language = example_language(message)
            if language:
                message.set(LANGUAGE, {"name": language, "confidence": 1.0})
        return training_data

    def process(self, messages: List[Message], tracker: DialogueStateTracker | None = None) -> List[Message]:
        previous = conversation_language(tracker)
        for message in messages:
            guess = self.identify(message, previous)
            if guess is not None:
                message.set(LANGUAGE, guess.as_parse_data(), add_to_output=True)
        return messages

    def identify(self, message: Message, previous: str | None) -> LanguageGuess | None:
        if self._identifier is None:
            return None
        text = message.get(TEXT)
        if not isinstance(text, str):
            return None
        metadata = message.get("metadata") or {}
        locale = metadata.get(self._config["locale_metadata_key"]) if isinstance(metadata, dict) else None
        return self._identifier.identify(text, conversation_language=previous, locale=locale)
