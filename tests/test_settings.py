"""Every setting in shop.yml does what its comment says: each test changes the value in a copy of
shop.yml and checks the behaviour follows (no trained model, no server)."""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.cli.common import CliError
from bot.cli.nlu_files import check_example_text
from bot.nlu.data import labelled_examples
from bot.nlu.language_detector import LanguageDetector
from bot.playbook import Playbook, price_violations
from bot.replies import ReplyBook
from bot.settings import PROJECT_ROOT, Settings, SettingsError, load_settings

SHOP = PROJECT_ROOT / "shop.yml"
PRICE = re.compile(r"\d\s?%")


def shop_yml() -> dict[str, Any]:
    return yaml.safe_load(SHOP.read_text(encoding="utf-8"))


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


class ShopFiles:
    """Copies of the project's shop.yml with some values changed, each in its own file
    (`load_settings` caches per path)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0

    def write(self, **changes: Any) -> Path:
        self.count += 1
        path = self.directory / f"shop-{self.count}.yml"
        path.write_text(yaml.safe_dump(merged(shop_yml(), changes), allow_unicode=True), encoding="utf-8")
        return path

    def load(self, **changes: Any) -> Settings:
        return load_settings(self.write(**changes))


@pytest.fixture
def shop(tmp_path: Path) -> ShopFiles:
    return ShopFiles(tmp_path)


@pytest.fixture
def current_shop(shop: ShopFiles, monkeypatch: pytest.MonkeyPatch):
    """Makes a changed copy of shop.yml the product's settings ($SHOP_SETTINGS)."""

    def use(**changes: Any) -> Settings:
        path = shop.write(**changes)
        monkeypatch.setenv("SHOP_SETTINGS", str(path))
        return load_settings()

    return use


def action_text(action: Any, parse: dict[str, Any], slots: dict[str, Any] | None = None) -> str:
    """What `action` says after one buyer message (`parse`), run on a Tracker.from_dict."""
    tracker = Tracker.from_dict(
        {
            "sender_id": "buyer-1",
            "slots": slots or {},
            "latest_message": {**parse, "metadata": {}},
            "events": [{"event": "user", "text": parse["text"], "parse_data": parse, "metadata": {}}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    return " ".join(m["text"] for m in dispatcher.messages)


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return Playbook.from_file()


# --- fallback_threshold: moved to config.yml ---------------------------------------------------


def test_fallback_threshold_in_shop_yml_is_rejected_with_where_it_lives_now(shop) -> None:
    with pytest.raises(SettingsError) as raised:
        shop.load(fallback_threshold=0.45)
    message = str(raised.value)
    assert "fallback_threshold" in message and "config.yml" in message and "FallbackClassifier" in message


def test_the_fallback_threshold_is_set_in_config_yml_only() -> None:
    assert "fallback_threshold" not in shop_yml()
    assert not hasattr(load_settings(SHOP), "fallback_threshold")
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    [fallback] = [c for c in config["pipeline"] if c["name"] == "FallbackClassifier"]
    assert 0.0 < fallback["threshold"] < 1.0


# --- languages, default_language, language_detection: through the LanguageDetector -------------


@pytest.fixture(scope="module")
def language_examples() -> TrainingData:
    """The project's training examples, tagged with their language as the NLU data does."""
    languages = list(load_settings(SHOP).languages)
    return TrainingData(
        [
            Message.build(text, "any", intent_metadata={"language": language})
            for text, language in labelled_examples(languages)
        ]
    )


def trained_detector(settings_file: Path, examples: TrainingData, tmp_path: Path) -> LanguageDetector:
    """The LanguageDetector trained as `rasa train` does, following the given shop.yml."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    storage = LocalModelStorage(Path(tempfile.mkdtemp(dir=tmp_path)))
    config = {**LanguageDetector.get_default_config(), "settings_path": str(settings_file)}
    context = ExecutionContext(GraphSchema({}), "test")
    detector = LanguageDetector.create(config, storage, Resource("detector"), context)
    resource = detector.train(examples)
    return LanguageDetector.load(config, storage, resource, context)


def detected(detector: LanguageDetector, text: str, previous: str | None = None) -> str:
    guess = detector.identify(Message(data={TEXT: text}), previous)
    assert guess is not None
    return guess.name


def test_languages_are_the_ones_understood_and_answered_in(
    shop, language_examples, tmp_path, playbook
) -> None:
    from bot.conversation import conversation_language

    every = load_settings(SHOP)
    two = shop.load(languages=["en", "de"])
    assert two.languages == ("en", "de")
    # Understood: the detector learns only the listed languages.
    detector = trained_detector(two.source, language_examples, tmp_path)
    assert detector._model is not None and detector._model.languages == ["en", "de"]
    assert detected(trained_detector(SHOP, language_examples, tmp_path), "merci beaucoup") == "fr"
    assert detected(detector, "merci beaucoup") in {"en", "de"}
    # Answered in: a language outside the list is answered in the default language.
    parse = {"language": {"name": "fr", "confidence": 0.99}}
    assert conversation_language(parse, None, every) == "fr"
    assert conversation_language(parse, None, two) == "en"
    assert conversation_language(parse, "de", two) == "de"


@pytest.mark.parametrize(
    "value", [[], "en", ["en", "en"], ["en", 3], None], ids=["empty", "string", "twice", "number", "null"]
)
def test_languages_must_be_a_list_of_distinct_codes(shop, value) -> None:
    with pytest.raises(SettingsError, match="'languages'"):
        shop.load(languages=value)


def test_default_language_is_used_when_the_language_cannot_be_told(shop, language_examples, tmp_path) -> None:
    from bot.conversation import conversation_language

    german = shop.load(default_language="de")
    assert conversation_language(None, None, load_settings(SHOP)) == "en"
    assert conversation_language(None, None, german) == "de"
    # Text without letters tells nothing: the detector answers with the default language.
    assert detected(trained_detector(SHOP, language_examples, tmp_path), "12345 ???") == "en"
    assert detected(trained_detector(german.source, language_examples, tmp_path), "12345 ???") == "de"


def test_default_language_must_be_one_of_the_languages(shop) -> None:
    with pytest.raises(SettingsError, match="default_language 'it' is not in 'languages'"):
        shop.load(default_language="it")
    # Without one, the first language listed.
    raw = shop_yml()
    del raw["default_language"]
    path = shop.directory / "no-default.yml"
    path.write_text(yaml.safe_dump({**raw, "languages": ["de", "en"]}), encoding="utf-8")
    assert load_settings(path).default_language == "de"


def test_min_confidence_decides_when_a_message_keeps_the_conversation_language(
    shop, language_examples, tmp_path
) -> None:
    # 'mama' is Portuguese with a confidence of about 0.7: above the shop's 0.55, below 0.9.
    lenient = trained_detector(
        shop.write(language_detection={"min_confidence": 0.55}), language_examples, tmp_path
    )
    strict = trained_detector(
        shop.write(language_detection={"min_confidence": 0.9}), language_examples, tmp_path
    )
    assert detected(lenient, "mama", previous="de") == "pt"
    assert detected(strict, "mama", previous="de") == "de"
    # A clear message changes the language whatever the setting.
    assert detected(strict, "muito obrigado pela ajuda", previous="de") == "pt"


@pytest.mark.parametrize("value", [-0.1, 1.5, "high", True])
def test_min_confidence_must_be_a_probability(shop, value) -> None:
    with pytest.raises(SettingsError, match="min_confidence"):
        shop.load(language_detection={"min_confidence": value})


AMBIGUOUS = ["ok", "super", "original", "no", "taxi", "total", "pedido", "hotel normal", "mama mia"]


def test_seed_makes_the_same_text_get_the_same_answer(shop, language_examples, tmp_path) -> None:
    path = shop.write(language_detection={"seed": 7})
    first = trained_detector(path, language_examples, tmp_path / "first")
    second = trained_detector(path, language_examples, tmp_path / "second")
    # The seed is stored in the model and given to langdetect.
    for detector in (first, second):
        assert detector._model is not None and detector._model.seed == 7
        assert detector._identifier is not None and detector._identifier._factory.seed == 7
    for text in AMBIGUOUS:
        guesses = {
            (guess.name, guess.confidence)
            for detector in (first, second)
            for _ in range(3)
            if (guess := detector.identify(Message(data={TEXT: text}), None)) is not None
        }
        assert len(guesses) == 1, (text, guesses)


@pytest.mark.parametrize("value", [1.5, "zero", None])
def test_seed_must_be_a_whole_number(shop, value) -> None:
    with pytest.raises(SettingsError, match="seed"):
        shop.load(language_detection={"seed": value})


# --- shop_origins and retention_days: what the start-up passes on ------------------------------


class StartupStopped(Exception):
    pass


@pytest.fixture
def started(monkeypatch):
    """Runs `bot.services.main` up to the start of the services; returns what it passed on."""
    import bot.retention
    import bot.services

    seen: dict[str, Any] = {}

    class FakeServices:
        def __init__(self, config) -> None:
            seen["config"] = config

        def start(self):
            raise bot.services.StartupError("stopped by the test")

    monkeypatch.setattr(bot.services, "Services", FakeServices)
    monkeypatch.setattr(bot.retention, "purge", lambda days, **kwargs: seen.setdefault("purged", days))

    def run() -> dict[str, Any]:
        seen.clear()
        assert bot.services.main([]) == 1  # the fake start-up fails after the settings were passed on
        return dict(seen)

    return run


def test_shop_origins_become_the_rasa_servers_cors_origins(current_shop, started) -> None:
    current_shop()
    assert started()["config"].cors_origins == ()
    current_shop(shop_origins=["https://shop.example.com", "http://localhost:8080"])
    assert started()["config"].cors_origins == ("https://shop.example.com", "http://localhost:8080")


@pytest.mark.parametrize("value", [["*"], "https://shop.example.com", ["shop.example.com"], [3]])
def test_shop_origins_must_be_a_list_of_origins_and_never_a_wildcard(shop, value) -> None:
    with pytest.raises(SettingsError, match="shop_origins"):
        shop.load(shop_origins=value)


def test_invalid_settings_stop_the_start_up_with_one_line(shop, started, monkeypatch, capsys) -> None:
    import bot.services

    monkeypatch.setenv("SHOP_SETTINGS", str(shop.write(shop_origins=["*"])))
    assert bot.services.main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "shop_origins" in err and err.count("\n") == 1


def test_retention_days_are_used_at_start_up_and_by_the_retention_command(
    current_shop, started, monkeypatch, capsys
) -> None:
    import bot.retention

    current_shop(retention_days=30)
    assert started()["purged"] == 30
    purged: list[int] = []

    def purge(days: int, **kwargs: Any) -> dict[str, int]:
        purged.append(days)
        return dict.fromkeys(("conversations", "events", "chat_sessions", "handoffs", "attachments"), 0)

    monkeypatch.setattr(bot.retention, "purge", purge)
    monkeypatch.delenv("SHOP_DATABASE_URL", raising=False)
    monkeypatch.setattr(bot.retention, "tracker_url", lambda endpoints=None: None)
    assert bot.retention.main([]) == 0
    assert bot.retention.main(["--days", "5"]) == 0
    current_shop(retention_days=365)
    assert bot.retention.main([]) == 0
    assert purged == [30, 5, 365]
    assert "Retention (365 days)" in capsys.readouterr().out


@pytest.mark.parametrize("value", [0, -1, "90", 1.5, None])
def test_retention_days_must_be_a_positive_number_of_days(shop, value) -> None:
    with pytest.raises(SettingsError, match="retention_days"):
        shop.load(retention_days=value)


# --- max_message_length -------------------------------------------------------------------------


def test_max_message_length_is_parsed_and_limits_new_examples(shop) -> None:
    # The channels' polite reply to a longer message: tests/test_faults.py (through the server).
    assert load_settings(SHOP).max_message_length == 1000
    short = shop.load(max_message_length=20)
    assert short.max_message_length == 20
    assert check_example_text("where is my parcel", short.max_message_length) == "where is my parcel"
    with pytest.raises(CliError, match="longer than max_message_length"):
        check_example_text("where is my parcel, please", short.max_message_length)


@pytest.mark.parametrize("value", [0, -5, "long", 12.5, True, None])
def test_max_message_length_must_be_a_positive_whole_number(shop, value) -> None:
    with pytest.raises(SettingsError, match="max_message_length"):
        shop.load(max_message_length=value)


# --- shop facts ---------------------------------------------------------------------------------

FACTS = {
    "return_days": 45,
    "dispatch_days": 3,
    "delivery_days": "9-14",
    "shop_rating": 4.3,
    "reviews_count": 31337,
    "orders_count": 77123,
}


def test_shop_facts_are_quoted_in_the_replies_of_every_language(shop, playbook) -> None:
    default = load_settings(SHOP)
    changed = shop.load(shop=FACTS)
    assert changed.shop_facts == {**default.shop_facts, **FACTS}
    for settings, facts in ((default, default.shop_facts), (changed, FACTS)):
        replies = ReplyBook(settings)
        for language in settings.languages:
            # The cautious shopper's trust answer quotes the records; the shipping answer the times.
            trust = playbook.compose(replies, language, "ask_authenticity", {"habit": "cautious_shopper"})
            shipping = replies.intent_reply(language, "ask_shipping", 0)
            text = trust.text + " " + shipping
            for fact, value in facts.items():
                if fact != "name":
                    assert str(value) in text, (language, fact, text)


def test_a_shop_fact_reaches_the_reply_of_the_action_server(current_shop, tmp_path, monkeypatch) -> None:
    from actions.respond import ActionRespond

    monkeypatch.delenv("SHOP_DATABASE_URL", raising=False)
    monkeypatch.setenv("SHOP_DB", str(tmp_path / "shop.sqlite"))
    monkeypatch.setenv("SHOP_PROFILE_DB", str(tmp_path / "profiles.sqlite"))

    def answer() -> str:
        parse = {
            "text": "how long does delivery take",
            "intent": {"name": "ask_shipping", "confidence": 0.9},
            "entities": [],
            "language": {"name": "en", "confidence": 0.95},
        }
        return action_text(ActionRespond(), parse)

    current_shop()
    assert "7-12 days" in answer()
    current_shop(shop={"delivery_days": "9-14"})
    assert "9-14 days" in answer() and "7-12" not in answer()


def test_the_shop_name_is_quoted_in_the_greeting_of_every_language(shop) -> None:
    renamed = ReplyBook(shop.load(shop={"name": "Nordlicht Laden"}))
    for language in renamed.settings.languages:
        assert "Nordlicht Laden" in renamed.intent_reply(language, "greet", 0), language
        assert "Lumen Store" not in renamed.intent_reply(language, "greet", 0), language


# --- price_policy -------------------------------------------------------------------------------

CODE = {"code": "WELCOME5", "percent": 5, "for": ["repurchase"]}


def thank_you(playbook: Playbook, settings: Settings, language: str) -> str:
    """The reply to a decisive buyer's thanks, where a repurchase code is offered when allowed."""
    return playbook.compose(ReplyBook(settings), language, "thank", {"personality": "decisive"}).text


def test_with_no_price_policy_no_concession_is_ever_offered(playbook) -> None:
    settings = load_settings(SHOP)
    assert settings.price_policy == {"discount_codes": [], "bulk_tiers": [], "max_concession_percent": 0}
    for language in settings.languages:
        assert not PRICE.search(thank_you(playbook, settings, language)), language
        loyal = playbook.compose(ReplyBook(settings), language, "place_order", {"tier": "core"})
        assert not PRICE.search(loyal.text), language


def test_a_discount_code_is_quoted_for_its_purpose_within_the_ceiling(shop, playbook) -> None:
    allowed = shop.load(price_policy={"discount_codes": [CODE], "max_concession_percent": 5})
    above = shop.load(price_policy={"discount_codes": [CODE], "max_concession_percent": 4})
    other_purpose = shop.load(
        price_policy={"discount_codes": [{**CODE, "for": ["loyalty"]}], "max_concession_percent": 5}
    )
    for language in allowed.languages:
        assert "WELCOME5" in thank_you(playbook, allowed, language), language
        for settings in (above, other_purpose):
            text = thank_you(playbook, settings, language)
            assert "WELCOME5" not in text and not PRICE.search(text), (language, text)
        # A loyalty code is offered to the shop's core buyers instead.
        loyal = playbook.compose(ReplyBook(other_purpose), language, "place_order", {"tier": "core"})
        assert "WELCOME5" in loyal.text, (language, loyal.text)


def test_max_concession_percent_is_the_largest_percent_any_reply_may_offer(shop) -> None:
    offer = "10% off for orders of 50 units or more"
    tier = {"bulk_tiers": [{"min_quantity": 50, "percent": 10}]}
    assert price_violations(offer, load_settings(SHOP).price_policy)
    assert price_violations(offer, shop.load(price_policy={**tier, "max_concession_percent": 8}).price_policy)
    assert not price_violations(
        offer, shop.load(price_policy={**tier, "max_concession_percent": 10}).price_policy
    )


def test_bulk_tiers_are_the_percents_a_reply_may_quote_for_quantities(shop, playbook, tmp_path) -> None:
    # A reply that quotes a bulk price is let through only when the shop configured that price.
    shutil.copytree(PROJECT_ROOT / "locales", tmp_path / "locales")
    path = tmp_path / "locales" / "en" / "replies.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["strategies"]["bargain_hunter"]["value"] = "From 50 pieces we take 8% off."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def reply(settings: Settings):
        replies = ReplyBook(dataclasses.replace(settings, locales_dir=tmp_path / "locales"))
        return playbook.compose(replies, "en", "haggle_price", {"habit": "bargain_hunter"})

    blocked = reply(shop.load(price_policy={"max_concession_percent": 8}))
    assert "8%" not in blocked.text and blocked.guardrail
    allowed = reply(
        shop.load(
            price_policy={"bulk_tiers": [{"min_quantity": 50, "percent": 8}], "max_concession_percent": 8}
        )
    )
    assert "8% off" in allowed.text and not allowed.guardrail


@pytest.mark.parametrize("value", [[], "none", 5])
def test_price_policy_must_be_a_mapping(shop, value) -> None:
    with pytest.raises(SettingsError, match="price_policy"):
        shop.load(price_policy=value)


# --- tiers --------------------------------------------------------------------------------------

PROFILE = {"buyer_id": "b-1", "total_spend": 500, "order_count": 3, "positive_feedback_count": 2}


def tier(settings: Settings) -> str | None:
    """The tier the conversation gives a buyer with PROFILE (as the actions compute it)."""
    from bot.conversation import analyse

    parse = {"intent": {"name": "greet", "confidence": 0.9}, "language": {"name": "en", "confidence": 0.9}}
    events = [{"event": "user", "text": "hello", "parse_data": parse, "metadata": {"profile": PROFILE}}]
    return analyse(events, parse, None, settings).persona.label("tier")


@pytest.mark.parametrize(
    "tiers, expected",
    [
        ({}, "regular"),
        ({"vip_total_spend": 500}, "vip"),
        ({"vip_total_spend": 501}, "regular"),
        ({"core_order_count": 3}, "core"),
        ({"core_order_count": 4}, "regular"),
        ({"quality_positive_feedback": 2}, "quality"),
        ({"quality_positive_feedback": 3}, "regular"),
    ],
)
def test_tier_thresholds_decide_the_buyers_tier(shop, tiers, expected) -> None:
    assert tier(shop.load(tiers=tiers)) == expected


@pytest.mark.parametrize("value", [[], "vip", 3])
def test_tiers_must_be_a_mapping(shop, value) -> None:
    with pytest.raises(SettingsError, match="tiers"):
        shop.load(tiers=value)


def test_a_settings_file_that_is_not_yaml_is_a_settings_error(tmp_path) -> None:
    path = tmp_path / "shop.yml"
    path.write_text("languages: [en\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid YAML"):
        load_settings(path)


def test_bulk_tiers_give_a_bulk_quote_request_its_price(current_shop, tmp_path, monkeypatch) -> None:
    from actions.flows import ActionSubmitBulkQuote

    monkeypatch.delenv("SHOP_DATABASE_URL", raising=False)
    monkeypatch.setenv("SHOP_DB", str(tmp_path / "shop.sqlite"))
    monkeypatch.setenv("SHOP_PROFILE_DB", str(tmp_path / "profiles.sqlite"))

    def confirmation(quantity: str, language: str = "en") -> str:
        parse = {
            "text": "buyer@company.com",
            "intent": {"name": "bulk_order", "confidence": 0.9},
            "entities": [],
            "language": {"name": language, "confidence": 0.95},
        }
        slots = {
            "bulk_product": "phone cases",
            "bulk_quantity": quantity,
            "bulk_country": "Kenya",
            "bulk_contact": "buyer@company.com",
        }
        return action_text(ActionSubmitBulkQuote(), parse, slots)

    tiers = [{"min_quantity": 50, "percent": 5}, {"min_quantity": 200, "percent": 8}]
    current_shop()
    assert "%" not in confirmation("500")
    current_shop(price_policy={"bulk_tiers": tiers, "max_concession_percent": 8})
    assert "8%" in confirmation("500") and "5%" not in confirmation("500")
    assert "5%" in confirmation("120")
    assert "%" not in confirmation("20")
    # A tier above the ceiling is never offered.
    current_shop(price_policy={"bulk_tiers": tiers, "max_concession_percent": 6})
    assert "5%" in confirmation("500") and "8%" not in confirmation("500")
    for language in load_settings().languages:
        current_shop(price_policy={"bulk_tiers": tiers, "max_concession_percent": 8})
        assert PRICE.search(confirmation("500", language)), language
