"""The project's Rasa NLU components, trained, persisted and loaded through Rasa's model storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.entity_extractor import ShopEntityExtractor
from bot.nlu.language_detector import LanguageDetector
from bot.nlu.tokenizer import MultilingualTokenizer
from bot.settings import PROJECT_ROOT

SHOP = str(PROJECT_ROOT / "shop.yml")


@pytest.fixture
def model_storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


@pytest.fixture
def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def example(text: str, intent: str, language: str) -> Message:
    return Message.build(text, intent, intent_metadata={"language": language})


def training_data() -> TrainingData:
    return TrainingData(
        [
            example("is this original", "ask_authenticity", "en"),
            example("es original", "ask_authenticity", "es"),
            example("c'est un vrai ou un faux", "ask_authenticity", "fr"),
            example("ist das echt", "ask_authenticity", "de"),
            example("isso e original", "ask_authenticity", "pt"),
            example("это оригинал", "ask_authenticity", "ru"),
            example("是正品吗", "ask_authenticity", "zh"),
            example("هل هذا اصلي", "ask_authenticity", "ar"),
        ]
    )


def detector(model_storage, context, **config) -> LanguageDetector:
    full = {**LanguageDetector.get_default_config(), "settings_path": SHOP, **config}
    return LanguageDetector.create(full, model_storage, Resource("detector"), context)


def test_detector_trains_persists_and_loads(model_storage, context) -> None:
    component = detector(model_storage, context)
    resource = component.train(training_data())
    loaded = LanguageDetector.load(
        {**LanguageDetector.get_default_config(), "settings_path": SHOP}, model_storage, resource, context
    )
    messages = loaded.process([Message(data={TEXT: "merci beaucoup"}), Message(data={TEXT: "是正品吗"})])
    assert messages[0].get("language")["name"] == "fr"
    assert messages[1].get("language")["name"] == "zh"
    assert "language" in messages[0].as_dict(only_output_properties=True)


def test_detector_uses_the_conversation_and_the_locale(model_storage, context) -> None:
    component = detector(model_storage, context)
    component.train(training_data())
    tracker = DialogueStateTracker.from_events(
        "buyer",
        [SlotSet("language", "de")],
        slots=Domain.from_yaml(
            "slots:\n  language:\n    type: text\n    mappings:\n    - type: custom\n"
        ).slots,
    )
    [message] = component.process([Message(data={TEXT: "ok"})], tracker=tracker)
    assert message.get("language")["name"] == "de"
    [message] = component.process([Message(data={TEXT: "ok", "metadata": {"locale": "pt-BR"}})])
    assert message.get("language")["name"] == "pt"


def test_training_examples_carry_their_folder_language(model_storage, context) -> None:
    data = detector(model_storage, context).process_training_data(training_data())
    assert {m.get("language")["name"] for m in data.training_examples} == {
        "en",
        "es",
        "fr",
        "de",
        "pt",
        "ru",
        "zh",
        "ar",
    }


@pytest.mark.parametrize(
    "config",
    [{"locale_metadata_key": ""}, {"min_confidence": 2}, {"min_confidence": "high"}],
)
def test_detector_rejects_bad_config(model_storage, context, config) -> None:
    with pytest.raises(ValueError, match="LanguageDetector"):
        detector(model_storage, context, **config)


def test_loading_without_a_trained_resource_does_not_crash(model_storage, context) -> None:
    component = LanguageDetector.load(
        {**LanguageDetector.get_default_config()}, model_storage, Resource("missing"), context
    )
    [message] = component.process([Message(data={TEXT: "hola"})])
    assert message.get("language") is None


def tokens(text: str, language: str) -> list[str]:
    tokenizer = MultilingualTokenizer(MultilingualTokenizer.get_default_config())
    message = Message(data={TEXT: text, "language": {"name": language, "confidence": 1.0}})
    tokenizer.process([message])
    return [t.text for t in message.get(TOKENS_NAMES[TEXT])]


def test_chinese_is_segmented_into_words_not_split_on_spaces() -> None:
    words = tokens("亲这个是正品吗包邮吗", "zh")
    assert "正品" in words and "包邮" in words
    assert len(words) < len("亲这个是正品吗包邮吗")


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("l'article est-il d'origine", "fr", "l'"),
        ("wo ist mein paket?", "de", "paket"),
        ("где моя посылка", "ru", "посылка"),
        ("هل هذا المنتج اصلي", "ar", "اصلي"),
    ],
)
def test_tokenizer_follows_the_message_language(text, language, expected) -> None:
    assert expected in tokens(text, language)


def test_tokenizer_rejects_bad_default_language() -> None:
    with pytest.raises(ValueError, match="default_language"):
        MultilingualTokenizer({**MultilingualTokenizer.get_default_config(), "default_language": None})


def entities(model_storage, context, text: str, language: str) -> list[dict]:
    config = {**ShopEntityExtractor.get_default_config(), "settings_path": SHOP}
    extractor = ShopEntityExtractor.create(config, model_storage, Resource("entities"), context)
    resource = extractor.train(TrainingData())
    loaded = ShopEntityExtractor.load(config, model_storage, resource, context)
    message = Message(data={TEXT: text, "language": {"name": language, "confidence": 1.0}})
    loaded.process([message])
    return message.get(ENTITIES, [])


def test_entity_extractor_persists_the_locale_words(model_storage, context) -> None:
    found = entities(model_storage, context, "where is SO-4823917, i paid $45.90", "en")
    assert {(e["entity"], e["value"]) for e in found} >= {("order_id", "SO-4823917"), ("amount", "45.9 USD")}


def test_entity_extractor_rejects_bad_config(model_storage, context) -> None:
    with pytest.raises(ValueError, match="ShopEntityExtractor"):
        ShopEntityExtractor.create({"default_language": 3}, model_storage, Resource("x"), context)
