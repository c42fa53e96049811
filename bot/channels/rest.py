"""Rasa's REST channel with the shop's guards: clean text, redacted personal data, a length limit.

Registered in credentials.yml as `bot.channels.rest.GuardedRestInput` (URL /webhooks/rest/webhook,
the same request and response shape as Rasa's `rest` channel). Routes: GET / (`health`) and
POST /webhook (`RestRoutes.receive`).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import rasa_speedups
from bot.channels import fallback
from bot.channels.conversations import Conversations
from bot.channels.http import clean_text, error, json_body, route
from bot.privacy import redact
from bot.settings import Settings, load_settings
from bot.web.sessions import SESSION_PREFIX

MAX_SENDER_LENGTH = 128
# Why the REST channel apologises, for the log.
NOTHING_COLLECTED = "no bot message collected for the turn (action server unreachable or an action failed)"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def valid_sender(sender: object) -> bool:
    """A sender id that can be stored: printable, encodable text of a sensible length."""
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH:
        return False
    try:
        sender.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return sender.isprintable()


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        # The Rasa server builds its channels once at start-up, before any message: the place to
        # install the speed-up of Rasa's action-response validation (not at import time).
        rasa_speedups.install()
        return cls()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        routes = RestRoutes(load_settings(), on_new_message, self.name())
        blueprint = Blueprint("guarded_rest_webhook", __name__)
        blueprint.after_server_start(rasa_speedups.freeze_startup_heap)
        blueprint.add_route(health, "/", methods=["GET"])
        blueprint.add_route(route(routes.receive), "/webhook", methods=["POST"])
        return blueprint


async def health(request: Request) -> HTTPResponse:
    return response.json({"status": "ok"})


def _replies(sender: str, text: str) -> list[Dict[str, Any]]:
    return [{"recipient_id": sender, "text": text}]


class RestRoutes:
    """POST /webhook: a message from `sender` -> the assistant's replies, as Rasa's `rest` channel."""

    def __init__(self, settings: Settings, on_new_message: OnNewMessage, channel_name: str) -> None:
        self.settings = settings
        self.on_new_message = on_new_message
        self.channel_name = channel_name

    async def receive(self, request: Request) -> HTTPResponse:
        body = json_body(request)
        if body is None:
            return error(400, "expected a JSON object with 'sender' and 'message'")
        sender, text = body.get("sender"), body.get("message")
        if not isinstance(sender, str) or not valid_sender(sender):
            return error(
                400, f"'sender' must be a non-empty string of at most {MAX_SENDER_LENGTH} characters"
            )
        if sender.startswith(SESSION_PREFIX):
            return error(403, "this sender id belongs to the chat widget; use the shop channel")
        if not isinstance(text, str) or not clean_text(text):
            return error(400, "'message' must be a non-empty string")
        metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
        text, found = redact(clean_text(text))
        if found:
            metadata = {**(metadata or {}), "redacted": dict(found)}
        return response.json(await self._turn(Conversations.of(request), sender, text, metadata))

    async def _turn(
        self, conversations: Conversations, sender: str, text: str, metadata: Dict[str, Any] | None
    ) -> list[Dict[str, Any]]:
        if len(text) > self.settings.max_message_length:
            return _replies(
                sender, await fallback.too_long(conversations, sender, text, metadata, self.settings)
            )
        collector = CollectingOutputChannel()
        message = UserMessage(text, collector, sender, input_channel=self.channel_name, metadata=metadata)
        await self.on_new_message(message)
        if not collector.messages:
            return _replies(
                sender, await fallback.apology(conversations, sender, self.settings, NOTHING_COLLECTED)
            )
        return collector.messages
