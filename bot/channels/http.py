"""Request helpers shared by the channel's routes: strict JSON bodies, clean text, JSON errors."""

from __future__ import annotations

import json
import unicodedata
from typing import Any, Dict

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_BODY_FIELDS = 10


def error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def clean_text(text: str) -> str:
    """Drops control characters (keeping newlines and tabs), surrogates and private-use characters."""
    return "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in {"Cc", "Cs", "Co"}
    ).strip()


def json_body(request: Request) -> Dict[str, Any] | None:
    """The request's JSON object, or None when the body is not a small JSON object."""
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) and len(body) <= MAX_BODY_FIELDS else None
