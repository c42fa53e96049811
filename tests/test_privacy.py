"""Personal data is redacted before it is stored: cards (Luhn-valid), e-mails, phone numbers."""

from __future__ import annotations

import pytest

from bot.privacy import luhn_valid, redact


@pytest.mark.parametrize(
    "text, expected, kinds",
    [
        ("my card 4111 1111 1111 1111 was charged twice", "my card [card] was charged twice", {"card": 1}),
        ("tarjeta 5500-0000-0000-0004 por favor", "tarjeta [card] por favor", {"card": 1}),
        ("mail me at ana.lopez@gmail.com", "mail me at [email]", {"email": 1}),
        ("appelez le 06 12 34 56 78", "appelez le [phone]", {"phone": 1}),
        ("ruf mich an +49 151 2345 6789", "ruf mich an [phone]", {"phone": 1}),
        ("我的电话13812345678", "我的电话[phone]", {"phone": 1}),
        ("رقمي ٠٥٥١٢٣٤٥٦٧", "رقمي [phone]", {"phone": 1}),
    ],
)
def test_personal_data_is_replaced(text, expected, kinds) -> None:
    redacted, found = redact(text)
    assert redacted == expected
    assert dict(found) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "card 4111111111111112 (not Luhn-valid)",
        "where is SO-4823917",
        "order 48239175 please",
        "i paid 1.299,90 eur for size 42",
        "delivered on 2026-11-23",
        "200 pcs at 3.50 usd",
    ],
)
def test_what_is_not_personal_data_stays(text) -> None:
    assert redact(text) == (text, {})


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("1234")
