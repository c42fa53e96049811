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


def message_language(message: Message, default: str | None) -> str | None:
    language = message.get(LANGUAGE)
    if isinstance(language, dict) and isinstance(language.get("name"), str):
        return language["name"]
    return default


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
            # or a pipeline without the LanguageDetector in front).
            "default_language": "en",
        }

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        if not isinstance(config.get("default_language"), str):
            raise ValueError("MultilingualTokenizer: 'default_language' must be a language code such as 'en'")

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
            message_language(message, self._config["default_language"])
            if attribute == TEXT
            else self._config["default_language"]
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
