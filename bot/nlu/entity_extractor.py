"""Rasa NLU component: the shop's rule-based entities (see `bot.nlu.entities`)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import locales
from bot.nlu.entities import EntityRules, LanguageRules
from bot.nlu.spacy_pipelines import blank_pipeline
from bot.nlu.tokenizer import message_language, resolve_default_language
from bot.settings import Settings, load_settings

logger = logging.getLogger(__name__)

RULES_FILE = "entity_rules.json"


def rules_from_locales(settings: Settings) -> Dict[str, LanguageRules]:
    """Each of the shop's languages' entity words, read from its locale lexicon."""
    return {
        lang: LanguageRules.from_lexicon(locales.lexicon(settings.locales_dir, lang))
        for lang in settings.languages
    }


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class ShopEntityExtractor(GraphComponent):
    """Adds `order_id`, `amount`, `quantity` and `competitor_price` entities."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # Path of the shop settings that list the languages (null: $SHOP_SETTINGS
            # or the project's shop.yml). The locales' words are stored in the model.
            "settings_path": None,
            # Language whose rules apply when a message carries no language; one of the
            # shop's languages (null: default_language of the shop settings above, read
            # when the component is created).
            "default_language": None,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        rules: Dict[str, LanguageRules] | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self.default_language = self._default_language(config)
        self._rules = {lang: EntityRules(r) for lang, r in (rules or {}).items()}

    @staticmethod
    def _default_language(config: Dict[str, Any]) -> str:
        """The configured default language, or the shop's; ValueError for a bad one."""
        settings_path = config.get("settings_path")
        if settings_path is not None and not isinstance(settings_path, str):
            raise ValueError(
                f"ShopEntityExtractor: 'settings_path' must be a path or null, got {settings_path!r}"
            )
        return resolve_default_language("ShopEntityExtractor", config.get("default_language"), settings_path)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ShopEntityExtractor:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        rules = rules_from_locales(load_settings(self._config.get("settings_path")))
        self._rules = {lang: EntityRules(r) for lang, r in rules.items()}
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / RULES_FILE).write_text(
                json.dumps({lang: r.to_dict() for lang, r in rules.items()}, ensure_ascii=False),
                encoding="utf-8",
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
    ) -> ShopEntityExtractor:
        cls._default_language(config)
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((Path(directory) / RULES_FILE).read_text(encoding="utf-8"))
            rules = {lang: LanguageRules.from_dict(r) for lang, r in data.items()}
        except (ValueError, OSError, KeyError, AttributeError, TypeError) as error:
            logger.warning(
                "ShopEntityExtractor: no trained entity rules found (%s); using the locales' words as they are now.",
                error,
            )
            rules = rules_from_locales(load_settings(config.get("settings_path")))
        return cls(config, model_storage, resource, rules)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            language = message_language(message, self.default_language)
            rules = self._rules.get(language) or self._rules.get(self.default_language)
            if rules is None:
                continue
            found = rules.extract(text, blank_pipeline(language)(text))
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
