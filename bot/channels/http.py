"""Request helpers shared by the channel's routes: strict JSON bodies, clean text, JSON errors."""

from __future__ import annotations

import json
import unicodedata
from functools import wraps
from typing import Any, Callable, Coroutine, Dict

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_BODY_FIELDS = 10

Handler = Callable[..., Coroutine[Any, Any, HTTPResponse]]


def route(method: Handler) -> Handler:
    """A route handler calling `method` (a bound method of a routes class): Sanic marks the
    handlers it registers with attributes, which a bound method cannot take."""

    @wraps(method)
    async def handler(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        return await method(request, *args, **kwargs)

    return handler


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


def kept_part(text: str, limit: int) -> tuple[str, dict[str, Any], list]:
    """(text, intent, entities) of an over-long message as stored: its beginning, marked as cut.

    The buyer's words are kept for the agent, but megabytes of text are not written into a
    conversation that every later turn has to load.
    """
    stored = text if len(text) <= limit else f"{text[:limit]} […{len(text) - limit} more characters]"
    return stored, {"name": None, "confidence": 0.0}, []
