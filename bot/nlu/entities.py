"""Rule-based entities in buyers' messages: order numbers, amounts, quantities, other shops' prices.

The words the rules need (number words, currencies, quantity units, phrases that
introduce another shop's price) come from each language's `locales/<lang>/lexicon.yml`;
the tokens and spaCy's language-specific `like_num` come from the blank pipeline
of the message's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from spacy.tokens import Doc

from bot.nlu.language import script_of

ORDER_ID = "order_id"
AMOUNT = "amount"
QUANTITY = "quantity"
COMPETITOR_PRICE = "competitor_price"
EXTRACTOR_NAME = "ShopEntityExtractor"

# Eastern Arabic and Persian digits are read as ASCII digits; same length, so offsets hold.
DIGIT_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
ORDER_PATTERN = re.compile(r"(?<![A-Za-z0-9-])(?:so[-\s]?|#)(\d{6,8})(?!\d)", re.IGNORECASE)
NUMBER = r"\d{1,7}(?:[.,]\d{1,3})*(?:[.,]\d{1,2})?"
SYMBOLS = ["€", "$", "£", "¥", "₽", "₹", "R$", "US$", "CHF", "USD", "EUR", "GBP"]
SYMBOL_CODES = {
    "€": "EUR",
    "$": "USD",
    "£": "GBP",
    "¥": "CNY",
    "₽": "RUB",
    "₹": "INR",
    "R$": "BRL",
    "US$": "USD",
    "CHF": "CHF",
    "USD": "USD",
    "EUR": "EUR",
    "GBP": "GBP",
}
# How many characters around another shop's name still tie an amount to it.
COMPETITOR_WINDOW = 40
MAX_QUANTITY = 1_000_000
# Scripts written without spaces between words (lexicon key `spaces_between_words` overrides).
UNSPACED_SCRIPTS = {"CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR"}


@dataclass(frozen=True)
class LanguageRules:
    """One language's words for the entity rules."""

    number_words: Mapping[str, float] = field(default_factory=dict)
    currency_words: Mapping[str, str] = field(default_factory=dict)
    quantity_units: frozenset[str] = frozenset()
    competitor_phrases: tuple[str, ...] = ()
    order_words: tuple[str, ...] = ()
    # Languages written without spaces match words inside longer strings.
    spaced: bool = True

    @classmethod
    def from_lexicon(cls, lexicon: Mapping[str, Any]) -> LanguageRules:
        spaced = lexicon.get("spaces_between_words")
        if spaced is None:
            spaced = not any(
                script_of(char) in UNSPACED_SCRIPTS
                for word in lexicon.get("chat_words") or []
                for char in str(word)
            )
        return cls(
            number_words={str(k).lower(): float(v) for k, v in (lexicon.get("number_words") or {}).items()},
            currency_words={str(k).lower(): str(v) for k, v in (lexicon.get("currency_words") or {}).items()},
            quantity_units=frozenset(str(u).lower() for u in lexicon.get("quantity_units") or []),
            competitor_phrases=tuple(str(p).lower() for p in lexicon.get("competitor_phrases") or []),
            order_words=tuple(str(p).lower() for p in lexicon.get("order_words") or []),
            spaced=spaced,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "number_words": dict(self.number_words),
            "currency_words": dict(self.currency_words),
            "quantity_units": sorted(self.quantity_units),
            "competitor_phrases": list(self.competitor_phrases),
            "order_words": list(self.order_words),
            "spaced": self.spaced,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LanguageRules:
        return cls(
            number_words=dict(data["number_words"]),
            currency_words=dict(data["currency_words"]),
            quantity_units=frozenset(data["quantity_units"]),
            competitor_phrases=tuple(data["competitor_phrases"]),
            order_words=tuple(data["order_words"]),
            spaced=bool(data.get("spaced", True)),
        )


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


def _entity(name: str, start: int, end: int, text: str, value: Any, **extra: Any) -> dict[str, Any]:
    entity = {
        "entity": name,
        "start": start,
        "end": end,
        "value": value,
        "text": text[start:end],
        "extractor": EXTRACTOR_NAME,
        "confidence_entity": 1.0,
    }
    entity.update(extra)
    return entity


def parse_number(raw: str) -> float | None:
    """'1.299,90' -> 1299.9, '45,5' -> 45.5, '1,000' -> 1000."""
    raw = raw.translate(DIGIT_TABLE)
    if not raw or not raw[0].isdigit():
        return None
    last_sep = max(raw.rfind("."), raw.rfind(","))
    if last_sep >= 0 and len(raw) - last_sep - 1 in (1, 2):
        whole, frac = raw[:last_sep], raw[last_sep + 1 :]
        whole = re.sub(r"[.,]", "", whole)
        return float(f"{whole}.{frac}")
    try:
        return float(re.sub(r"[.,]", "", raw))
    except ValueError:
        return None


def _clean(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class EntityRules:
    """Finds the shop's entities in one message of a given language."""

    def __init__(self, rules: LanguageRules) -> None:
        self.rules = rules
        boundary_l = r"(?<![^\W\d_])" if rules.spaced else ""
        boundary_r = r"(?![^\W\d_])" if rules.spaced else ""
        currencies = _alternation(list(rules.currency_words) + [s.lower() for s in SYMBOLS])
        self._amount = re.compile(
            rf"(?P<cur1>{currencies})\s?(?P<num1>{NUMBER})(?!\d)"
            rf"|(?<![\d.,])(?P<num2>{NUMBER})\s?(?P<cur2>{currencies}){boundary_r}",
            re.IGNORECASE,
        )
        self._competitor = (
            re.compile(
                rf"{boundary_l}(?:{_alternation(rules.competitor_phrases)}){boundary_r}", re.IGNORECASE
            )
            if rules.competitor_phrases
            else None
        )
        self._order_after_word = (
            re.compile(
                rf"{boundary_l}(?:{_alternation(rules.order_words)}){boundary_r}\D{{0,12}}?(?<!\d)(\d{{6,10}})(?!\d)",
                re.IGNORECASE,
            )
            if rules.order_words
            else None
        )

    def extract(self, text: str, doc: Doc | None = None) -> list[dict[str, Any]]:
        normalized = text.translate(DIGIT_TABLE)
        entities: list[dict[str, Any]] = []
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        for match in ORDER_PATTERN.finditer(normalized):
            entities.append(_entity(ORDER_ID, match.start(), match.end(), text, f"SO-{match.group(1)}"))
            taken.append(match.span())
        if self._order_after_word:
            for match in self._order_after_word.finditer(normalized):
                start, end = match.span(1)
                if free(start, end):
                    entities.append(_entity(ORDER_ID, start, end, text, f"SO-{match.group(1)}"))
                    taken.append((start, end))

        amounts = []
        for match in self._amount.finditer(normalized):
            if not free(*match.span()):
                continue
            number = parse_number(match.group("num1") or match.group("num2"))
            currency_word = (match.group("cur1") or match.group("cur2")).lower()
            currency = self.rules.currency_words.get(currency_word) or SYMBOL_CODES.get(
                currency_word.upper(), currency_word.upper()
            )
            if number is None:
                continue
            amount = _entity(
                AMOUNT,
                match.start(),
                match.end(),
                text,
                f"{_clean(number)} {currency}",
                amount=_clean(number),
                currency=currency,
            )
            amounts.append(amount)
            taken.append(match.span())
        entities.extend(amounts)
        entities.extend(self._competitor_prices(normalized, text, amounts))
        if doc is not None:
            entities.extend(self._quantities(doc, text, free))
        return sorted(entities, key=lambda e: (e["start"], e["entity"]))

    def _competitor_prices(
        self, normalized: str, text: str, amounts: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        if not self._competitor:
            return []
        found = []
        for match in self._competitor.finditer(normalized):
            near = [
                a
                for a in amounts
                if abs(a["start"] - match.end()) <= COMPETITOR_WINDOW
                or abs(match.start() - a["end"]) <= COMPETITOR_WINDOW
            ]
            if near:
                amount = min(
                    near, key=lambda a: min(abs(a["start"] - match.end()), abs(match.start() - a["end"]))
                )
                start, end = min(match.start(), amount["start"]), max(match.end(), amount["end"])
                found.append(
                    _entity(
                        COMPETITOR_PRICE,
                        start,
                        end,
                        text,
                        amount["value"],
                        amount=amount["amount"],
                        currency=amount["currency"],
                        source=match.group(0),
                    )
                )
            else:
                found.append(
                    _entity(COMPETITOR_PRICE, match.start(), match.end(), text, None, source=match.group(0))
                )
        return found

    def _number_value(self, token_text: str) -> float | None:
        lowered = token_text.lower()
        if lowered in self.rules.number_words:
            return self.rules.number_words[lowered]
        if lowered.translate(DIGIT_TABLE).isdigit():
            return float(lowered.translate(DIGIT_TABLE))
        if not self.rules.spaced:
            # '两件' is one jieba word: a number word followed by a unit.
            for word, value in self.rules.number_words.items():
                if lowered.startswith(word) and lowered[len(word) :] in self.rules.quantity_units:
                    return value
        return None

    def _quantities(self, doc: Doc, text: str, free) -> list[dict[str, Any]]:
        found = []
        tokens = list(doc)
        for index, token in enumerate(tokens):
            start, end = token.idx, token.idx + len(token.text)
            if not free(start, end):
                continue
            value = self._number_value(token.text)
            if value is None or value <= 0 or value > MAX_QUANTITY:
                continue
            following = tokens[index + 1].text.lower() if index + 1 < len(tokens) else ""
            is_word = token.text.lower() in self.rules.number_words
            glued_unit = (
                not self.rules.spaced
                and token.text.lower() not in self.rules.number_words
                and not token.text.isdigit()
            )
            if following in self.rules.quantity_units:
                end = tokens[index + 1].idx + len(tokens[index + 1].text)
            elif not (glued_unit or (is_word and value >= 2)):
                # A bare digit is a size or a model number as often as a quantity.
                continue
            if not free(start, end):
                continue
            found.append(_entity(QUANTITY, start, end, text, _clean(value)))
        return found
