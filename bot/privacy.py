"""Personal data in buyer messages is redacted before it is stored, logged or shown to agents."""

from __future__ import annotations

import re
from collections import Counter

# Bounded parts (RFC 5321: local part up to 64 characters, domain up to 253; a label up to 63):
# with unbounded `+` the search backtracked over the whole text from every position, so a 1 MB
# message of letters took many minutes (quadratic) and froze the server's event loop.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
# 13-19 digits, optionally grouped by spaces or dashes.
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
# International or local phone numbers: 8-15 digits with the usual separators.
PHONE = re.compile(r"(?<![0-9A-Za-z])\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){2,5}(?![0-9A-Za-z])")
ORDER_LIKE = re.compile(r"(?i)(?:so[-\s]?|#)\d{6,8}")
DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
PLACEHOLDERS = {"card": "[card]", "email": "[email]", "phone": "[phone]"}
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number if d.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    checksum = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        checksum += digit
    return checksum % 10 == 0


def redact(text: str) -> tuple[str, Counter[str]]:
    """The text with card numbers (Luhn-valid), emails and phone numbers replaced, and what was found."""
    found: Counter[str] = Counter()
    normalized = text.translate(DIGITS)

    def card(match: re.Match[str]) -> str:
        if luhn_valid(match.group(0)):
            found["card"] += 1
            return PLACEHOLDERS["card"]
        return match.group(0)

    def email(match: re.Match[str]) -> str:
        found["email"] += 1
        return PLACEHOLDERS["email"]

    def phone(match: re.Match[str]) -> str:
        value = match.group(0)
        digits = sum(c.isdigit() for c in value)
        grouped = value.startswith("+") or any(c in value for c in " .-()")
        # A bare run of digits is an order number (6-10 digits) unless it is a mobile number;
        # sizes and prices are too short either way.
        long_enough = digits >= 8 if grouped else (digits >= 11 or (digits == 10 and value.startswith("0")))
        if (
            not long_enough
            or digits > 15
            or ORDER_LIKE.fullmatch(value.strip())
            or DATE.fullmatch(value.strip())
        ):
            return value
        found["phone"] += 1
        return PLACEHOLDERS["phone"]

    result = CARD.sub(card, normalized)
    result = EMAIL.sub(email, result)
    protected = {m.span(): m.group(0) for m in ORDER_LIKE.finditer(result)}
    if protected:
        pieces, last = [], 0
        for (start, end), _ in sorted(protected.items()):
            pieces.append(PHONE.sub(phone, result[last:start]))
            pieces.append(result[start:end])
            last = end
        pieces.append(PHONE.sub(phone, result[last:]))
        result = "".join(pieces)
    else:
        result = PHONE.sub(phone, result)
    if not found:
        return text, found
    return result, found
