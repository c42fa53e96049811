"""Checks on what buyers type into multi-turn flows (return, tracking, bulk quote)."""

from __future__ import annotations

import re
from typing import Any

from bot.nlu.entities import DIGIT_TABLE, ORDER_PATTERN

BARE_ORDER_NUMBER = re.compile(r"(?<!\d)(\d{6,10})(?!\d)")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_DIGITS = 6
MAX_FIELD_LENGTH = 200


def parse_order_id(value: Any) -> str | None:
    """'SO-4823917', 'so4823917', '#4823917' or, when asked for it, a bare 6-10 digit number."""
    if not isinstance(value, str):
        return None
    text = value.translate(DIGIT_TABLE)
    match = ORDER_PATTERN.search(text) or BARE_ORDER_NUMBER.search(text)
    return f"SO-{match.group(1)}" if match else None


def parse_quantity(value: Any) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value)
    elif isinstance(value, str):
        match = re.search(r"\d[\d.,\s]*", value.translate(DIGIT_TABLE))
        if not match:
            return None
        number = int(re.sub(r"\D", "", match.group(0)) or 0)
    else:
        return None
    return number if 0 < number <= 10_000_000 else None


def valid_contact(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    # The channel has already replaced e-mails and phone numbers with placeholders.
    if "[email]" in text or "[phone]" in text:
        return text[:MAX_FIELD_LENGTH]
    if EMAIL.search(text) or sum(c.isdigit() for c in text.translate(DIGIT_TABLE)) >= PHONE_DIGITS:
        return text[:MAX_FIELD_LENGTH]
    return None


def free_text(value: Any) -> str | None:
    """A free-text answer (a reason, a product, a country), trimmed; None when empty."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:MAX_FIELD_LENGTH] if text else None
