"""Rasa NLU component: tokenizes each message with the blank spaCy pipeline of its language."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language_detector import LANGUAGE
from bot.nlu.spacy_pipelines import blank_pipeline
from bot.settings import load_settings


def message_language(message: Message, default: str) -> str:
    """The language the LanguageDetector set on `message`, else `default`."""
    language = message.get(LANGUAGE)
    if isinstance(language, dict) and isinstance(language.get("name"), str):
        return language["name"]
    return default


def resolve_default_language(component: str, value: Any, settings_path: str | None = None) -> str:
    """A component's `default_language` option: null means shop.yml's default_language.

    Raises ValueError early (when the component is created) for a value that is not
    one of the shop's languages.
    """
    settings = load_settings(settings_path)
    if value is None:
        return settings.default_language
    if not isinstance(value, str) or value not in settings.languages:
        raise ValueError(
            f"{component}: 'default_language' must be null (shop.yml's default_language) or one of "
            f"the shop's languages {list(settings.languages)}, got {value!r}"
        )
    return value


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MultilingualTokenizer(Tokenizer):
    """Words for the featurizers, split the way the message's language is written."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # Split intent names into tokens (Rasa tokenizer option).
            "intent_tokenization_flag": False,
            # Symbol on which intent names are split when the flag is on.
            "intent_split_symbol": "_",
            # Regex that tokens are further split by (Rasa tokenizer option).
            "token_pattern": None,
            # Symbol that separates a prefix in Rasa's tokenizer (Rasa tokenizer option).
            "prefix_separator_symbol": None,
            # Language used when a message carries none (intent and action names,
            # or a pipeline without the LanguageDetector in front); one of shop.yml's
            # languages (null: shop.yml's default_language, read when the component is created).
            "default_language": None,
        }

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self.default_language = resolve_default_language(
            "MultilingualTokenizer", config.get("default_language")
        )

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultilingualTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        text = message.get(attribute) or ""
        language = (
            message_language(message, self.default_language) if attribute == TEXT else self.default_language
        )
        doc = blank_pipeline(language)(text)
        tokens = [
            Token(token.text, token.idx, lemma=token.text.lower())
            for token in doc
            if not token.is_space and not token.is_punct
        ]
        if not tokens and text.strip():
            tokens = [Token(text.strip(), text.index(text.strip()))]
        return self._apply_token_pattern(tokens)
