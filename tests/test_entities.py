"""Rule-based entities in every language, from each locale's lexicon and spaCy's blank pipelines."""

from __future__ import annotations

import pytest

from bot import locales
from bot.nlu.entities import EntityRules, LanguageRules, parse_number
from bot.nlu.spacy_pipelines import blank_pipeline


@pytest.fixture(scope="module")
def rules(settings):
    return {
        lang: EntityRules(LanguageRules.from_lexicon(locales.lexicon(settings.locales_dir, lang)))
        for lang in settings.languages
    }


def extract(rules, language: str, text: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for entity in rules[language].extract(text, blank_pipeline(language)(text)):
        found.setdefault(entity["entity"], []).append(entity["value"])
    return found


def joined(language: str, *parts: str) -> str:
    return ("" if language == "zh" else " ").join(parts)


def test_order_numbers_in_every_language(rules, languages) -> None:
    for language in languages:
        for raw in ("SO-4823917", "so4823917", "#4823917"):
            assert extract(rules, language, f"{raw} ?")["order_id"] == ["SO-4823917"], language


def test_amounts_with_each_language_currency_words(rules, languages, settings) -> None:
    for language in languages:
        currencies = locales.lexicon(settings.locales_dir, language)["currency_words"]
        for word, code in list(currencies.items())[:4]:
            text = joined(language, "45", word)
            assert f"45 {code}" in extract(rules, language, text).get("amount", []), (language, text)


def test_number_words_with_units_are_quantities(rules, languages, settings) -> None:
    for language in languages:
        lexicon = locales.lexicon(settings.locales_dir, language)
        unit = lexicon["quantity_units"][0]
        word, value = next((w, v) for w, v in lexicon["number_words"].items() if 2 <= v <= 10)
        text = joined(language, word, unit)
        assert extract(rules, language, text).get("quantity") == [value], (language, text)


def test_competitor_price_in_every_language(rules, languages, settings) -> None:
    for language in languages:
        lexicon = locales.lexicon(settings.locales_dir, language)
        phrase = lexicon["competitor_phrases"][0]
        currency, code = next(iter(lexicon["currency_words"].items()))
        text = joined(language, phrase, "30", currency)
        found = extract(rules, language, text)
        assert found.get("competitor_price") == [f"30 {code}"], (language, text, found)


@pytest.mark.parametrize(
    "language, text, entity, value",
    [
        ("en", "ill take two pairs pls", "quantity", 2),
        ("en", "i paid $45.90 for it", "amount", "45.9 USD"),
        ("de", "ich nehme 3 stück für 45,50 €", "amount", "45.5 EUR"),
        ("zh", "两件包邮吗 100元", "quantity", 2),
        ("zh", "两件包邮吗 100元", "amount", "100 CNY"),
        ("ar", "بدي ٣ قطع", "quantity", 3),
        ("ru", "возьму 2 штуки за 500 руб", "amount", "500 RUB"),
    ],
)
def test_real_buyer_phrasing(rules, language, text, entity, value) -> None:
    assert value in extract(rules, language, text).get(entity, []), extract(rules, language, text)


def test_bare_digits_are_not_quantities(rules) -> None:
    assert "quantity" not in extract(rules, "en", "size 42 in black")


@pytest.mark.parametrize(
    "raw, value", [("45", 45.0), ("45,50", 45.5), ("1.299,90", 1299.9), ("1,000", 1000.0), ("x", None)]
)
def test_parse_number(raw, value) -> None:
    assert parse_number(raw) == value
