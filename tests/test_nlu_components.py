"""The project's Rasa NLU components, trained, persisted and loaded through Rasa's model storage."""

from __future__ import annotations

import logging
import re
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


@pytest.mark.parametrize("value", [3, "", "xx", "EN"])
def test_tokenizer_rejects_bad_default_language(value) -> None:
    with pytest.raises(ValueError, match="MultilingualTokenizer: 'default_language'"):
        MultilingualTokenizer({**MultilingualTokenizer.get_default_config(), "default_language": value})


def shop_with_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> Path:
    """A copy of shop.yml whose default_language is `language`, made the current settings."""
    text, count = re.subn(
        r"(?m)^default_language:.*$",
        f"default_language: {language}",
        (PROJECT_ROOT / "shop.yml").read_text(encoding="utf-8"),
    )
    assert count == 1
    path = tmp_path / "shop.yml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SHOP_SETTINGS", str(path))
    return path


def untagged_tokens(tokenizer: MultilingualTokenizer, text: str) -> list[str]:
    """Tokens of a message that carries no language (no LanguageDetector in front)."""
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    return [t.text for t in message.get(TOKENS_NAMES[TEXT])]


GERMAN_ABBREVIATIONS = "z.B. zwei stück usw."


def test_tokenizer_default_language_comes_from_the_shop_settings(tmp_path, monkeypatch) -> None:
    assert MultilingualTokenizer.get_default_config()["default_language"] is None
    english = untagged_tokens(
        MultilingualTokenizer(MultilingualTokenizer.get_default_config()), GERMAN_ABBREVIATIONS
    )
    shop_with_default(tmp_path, monkeypatch, "de")
    tokenizer = MultilingualTokenizer(MultilingualTokenizer.get_default_config())
    assert tokenizer.default_language == "de"
    german = untagged_tokens(tokenizer, GERMAN_ABBREVIATIONS)
    # spaCy's German tokenizer keeps German abbreviations whole; the English one splits them.
    assert "z.B." in german and "usw." in german
    assert "z.B." not in english
    # An explicit option still wins over the shop's default.
    explicit = MultilingualTokenizer({**MultilingualTokenizer.get_default_config(), "default_language": "en"})
    assert untagged_tokens(explicit, GERMAN_ABBREVIATIONS) == english


def test_tokenizer_checks_the_default_against_the_shop_languages(tmp_path, monkeypatch) -> None:
    path = shop_with_default(tmp_path, monkeypatch, "de")
    path.write_text(
        re.sub(r"(?m)^languages:.*$", "languages: [en, de]", path.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"one of the shop's languages \['en', 'de'\], got 'fr'"):
        MultilingualTokenizer({**MultilingualTokenizer.get_default_config(), "default_language": "fr"})


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


@pytest.mark.parametrize(
    "config", [{"default_language": 3}, {"default_language": "xx"}, {"settings_path": 5}]
)
def test_entity_extractor_rejects_bad_config(model_storage, context, config) -> None:
    with pytest.raises(ValueError, match="ShopEntityExtractor"):
        ShopEntityExtractor.create(
            {**ShopEntityExtractor.get_default_config(), **config}, model_storage, Resource("x"), context
        )
    with pytest.raises(ValueError, match="ShopEntityExtractor"):
        ShopEntityExtractor.load(
            {**ShopEntityExtractor.get_default_config(), **config}, model_storage, Resource("x"), context
        )


def untagged_entities(model_storage, context, text: str, **config) -> list[tuple[str, object]]:
    """Entities of a message that carries no language, from a freshly trained extractor."""
    full = {**ShopEntityExtractor.get_default_config(), **config}
    extractor = ShopEntityExtractor.create(full, model_storage, Resource("entities"), context)
    resource = extractor.train(TrainingData())
    loaded = ShopEntityExtractor.load(full, model_storage, resource, context)
    message = Message(data={TEXT: text})
    loaded.process([message])
    return [(e["entity"], e["value"]) for e in message.get(ENTITIES, [])]


def test_entity_extractor_default_language_comes_from_the_shop_settings(
    model_storage, context, tmp_path, monkeypatch
) -> None:
    assert ShopEntityExtractor.get_default_config()["default_language"] is None
    # "drei Stück" is a quantity in German; English rules know neither word.
    assert ("quantity", 3) not in untagged_entities(model_storage, context, "ich brauche drei stück")
    shop = shop_with_default(tmp_path, monkeypatch, "de")
    assert ("quantity", 3) in untagged_entities(model_storage, context, "ich brauche drei stück")
    # The component's settings_path is the shop settings it follows, whatever $SHOP_SETTINGS says.
    monkeypatch.delenv("SHOP_SETTINGS")
    assert ("quantity", 3) in untagged_entities(
        model_storage, context, "ich brauche drei stück", settings_path=str(shop)
    )
    # An explicit option still wins over the shop's default.
    assert ("quantity", 3) not in untagged_entities(
        model_storage, context, "ich brauche drei stück", settings_path=str(shop), default_language="en"
    )


def test_entity_extractor_loads_without_a_trained_resource(model_storage, context, caplog) -> None:
    config = {**ShopEntityExtractor.get_default_config(), "settings_path": SHOP}
    with caplog.at_level(logging.WARNING, logger="bot.nlu.entity_extractor"):
        loaded = ShopEntityExtractor.load(config, model_storage, Resource("missing"), context)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "ShopEntityExtractor: no trained entity rules found" in warnings[0].getMessage()
    # The locales' words are read fresh instead, so the rules still work.
    message = Message(data={TEXT: "where is SO-4823917", "language": {"name": "en", "confidence": 1.0}})
    loaded.process([message])
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES, [])] == [("order_id", "SO-4823917")]


def test_entity_extractor_loads_a_trained_resource_without_warning(model_storage, context, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.nlu.entity_extractor"):
        entities(model_storage, context, "where is SO-4823917", "en")
    assert not [r for r in caplog.records if r.name == "bot.nlu.entity_extractor"]
