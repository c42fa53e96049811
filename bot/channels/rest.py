"""Rasa's REST channel with the shop's guards: clean text, redacted personal data, a length limit.

Registered in credentials.yml as `bot.channels.rest.GuardedRestInput` (URL /webhooks/rest/webhook,
the same request and response shape as Rasa's `rest` channel).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import rasa_speedups
from bot.channels.http import clean_text, error, json_body, kept_part
from bot.conversation import conversation_language
from bot.privacy import redact
from bot.replies import ReplyBook
from bot.settings import load_settings
from bot.web.sessions import SESSION_PREFIX

MAX_SENDER_LENGTH = 128


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

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("guarded_rest_webhook", __name__)
        settings = load_settings()
        blueprint.after_server_start(rasa_speedups.freeze_startup_heap)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = json_body(request)
            if body is None:
                return error(400, "expected a JSON object with 'sender' and 'message'")
            sender, text = body.get("sender"), body.get("message")
            if not valid_sender(sender):
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
            if len(text) > settings.max_message_length:
                return response.json(await too_long(request, sender, text, metadata))
            collector = CollectingOutputChannel()
            await on_new_message(
                UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            )
            if not collector.messages:
                return response.json(await apology(request, sender))
            return response.json(collector.messages)

        async def apology(request: Request, sender: str) -> list:
            """The assistant produced nothing (action server down): a short apology in the buyer's language."""
            agent = request.app.ctx.agent
            async with agent.lock_store.lock(sender):
                tracker = await agent.processor.fetch_tracker_with_initial_session(sender)
                latest = tracker.latest_message.parse_data if tracker.latest_message else None
                language = conversation_language(latest, tracker.get_slot("language"), settings)
                reply = ReplyBook(settings).flow(language, "technical_problem")
                tracker.update(BotUttered(reply, metadata={"language": language, "technical_problem": True}))
                await agent.tracker_store.save(tracker)
            return [{"recipient_id": sender, "text": reply}]

        async def too_long(request: Request, sender: str, text: str, metadata: Dict | None) -> list:
            """A polite reply in the conversation's language; the message is kept but not parsed."""
            agent = request.app.ctx.agent
            async with agent.lock_store.lock(sender):
                tracker = await agent.processor.fetch_tracker_with_initial_session(sender)
                language = tracker.get_slot("language")
                if language not in settings.languages:
                    language = settings.default_language
                reply = ReplyBook(settings).flow(language, "too_long")
                tracker.update(UserUttered(*kept_part(text, settings.max_message_length), metadata=metadata))
                tracker.update(BotUttered(reply, metadata={"language": language, "too_long": True}))
                await agent.tracker_store.save(tracker)
            return [{"recipient_id": sender, "text": reply}]

        return blueprint
