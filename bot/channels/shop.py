"""The shop's chat channel: the buyer widget's endpoints, its static files and the demo page.

Routes (under /webhooks/shop), each handled by the function or `WidgetRoutes` method of its name:
  GET  /                      health
  POST /session               session: issue a new session id (or confirm one the server issued)
  POST /message               message: a buyer message -> the assistant's replies
  POST /language              language: the buyer switches language in the widget
  GET  /history               history: the conversation so far (for reloads and polling)
  GET  /ui                    ui: the widget's languages and strings
  POST /attachment            attachment: a photo the buyer attaches (multipart field 'photo')
  GET  /static/<file>         static: widget.js, widget.css, console.js, console.css
  GET  /demo                  demo: a demo shop page with the widget
  POST /platform/shopify      Shopify's webhooks (bot.channels.platform_webhooks; HMAC-verified)
The agent console and its API live in `bot.channels.agent_api` on the same channel.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import locales
from bot.channels import agent_api, fallback
from bot.channels.conversations import Conversations
from bot.channels.http import clean_text, error, json_body, route
from bot.channels.platform_webhooks import PlatformWebhooks
from bot.channels.transcript import transcript
from bot.privacy import redact
from bot.settings import Settings, load_settings
from bot.web.attachments import AttachmentError, AttachmentStore
from bot.web.sessions import SessionStore, profile_secret, sign_profile, verify_profile

logger = logging.getLogger(__name__)

CHANNEL_NAME = "shop"
STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
PAGES_DIR = Path(__file__).resolve().parent.parent / "web" / "pages"
DEMO_PROFILE = {"buyer_id": "demo-buyer", "order_count": 2, "total_spend": 180.0}
STATIC_TYPES = {".js": "application/javascript", ".css": "text/css", ".svg": "image/svg+xml"}

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class ShopInput(InputChannel):
    """The buyer widget's channel."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.sessions = SessionStore()
        self.attachments = AttachmentStore()
        self.settings = load_settings()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        routes = WidgetRoutes(self.sessions, self.attachments, self.settings, on_new_message)
        blueprint = Blueprint("shop_channel", __name__)
        blueprint.add_route(health, "/", methods=["GET"])
        blueprint.add_route(route(routes.session), "/session", methods=["POST"])
        blueprint.add_route(route(routes.message), "/message", methods=["POST"])
        blueprint.add_route(route(routes.language), "/language", methods=["POST"])
        blueprint.add_route(route(routes.history), "/history", methods=["GET"])
        blueprint.add_route(route(routes.ui), "/ui", methods=["GET"])
        blueprint.add_route(route(routes.attachment), "/attachment", methods=["POST"])
        blueprint.add_route(static, "/static/<name>", methods=["GET"])
        blueprint.add_route(demo, "/demo", methods=["GET"])
        blueprint.add_route(route(PlatformWebhooks().shopify_webhook), "/platform/shopify", methods=["POST"])
        agent_api.register(blueprint, agent_api.AgentRoutes(self.sessions, self.attachments, self.settings))
        return blueprint


def widget_language(tracker: Any, settings: Settings) -> str:
    """The language the widget shows its own strings in: the conversation's `language` slot."""
    slot = tracker.get_slot("language") if tracker else None
    return slot if slot in settings.languages else settings.default_language


def handoff_requested_since(tracker: Any, since: float) -> bool:
    """Whether a reply since `since` asked for a human agent (its metadata carries `handoff`)."""
    return any(
        (event.metadata or {}).get("handoff")
        for event in tracker.events
        if isinstance(event, BotUttered) and event.timestamp >= since
    )


async def health(request: Request) -> HTTPResponse:
    return response.json({"status": "ok"})


async def static(request: Request, name: str) -> HTTPResponse:
    path = STATIC_DIR / name
    if "/" in name or ".." in name or path.suffix not in STATIC_TYPES or not path.is_file():
        return error(404, "not found")
    return response.text(path.read_text(encoding="utf-8"), content_type=STATIC_TYPES[path.suffix])


async def demo(request: Request) -> HTTPResponse:
    # The demo plays the shop's server: it signs a logged-in demo buyer's profile.
    token = sign_profile(DEMO_PROFILE, profile_secret())
    page = (PAGES_DIR / "demo.html").read_text(encoding="utf-8")
    return response.html(page.replace("{{PROFILE_TOKEN}}", token))


class WidgetRoutes:
    """The widget's routes that need the shop's stores, its settings or Rasa's message handler."""

    def __init__(
        self,
        sessions: SessionStore,
        attachments: AttachmentStore,
        settings: Settings,
        on_new_message: OnNewMessage,
    ) -> None:
        self.sessions = sessions
        self.attachments = attachments
        self.settings = settings
        self.on_new_message = on_new_message

    async def session(self, request: Request) -> HTTPResponse:
        body = json_body(request) or {}
        existing = body.get("session_id")
        if isinstance(existing, str) and existing and self.sessions.exists(existing):
            return response.json({"session_id": existing, "new": False})
        return response.json({"session_id": self.sessions.issue(), "new": True})

    async def message(self, request: Request) -> HTTPResponse:
        body = json_body(request)
        if body is None:
            return error(400, "expected a JSON object with 'session_id' and 'text'")
        session_id = body.get("session_id")
        if not isinstance(session_id, str) or not self.sessions.exists(session_id):
            return error(403, "unknown session: ask POST /webhooks/shop/session for one")
        text = body.get("text")
        if not isinstance(text, str):
            return error(400, "'text' must be a string")
        text = clean_text(text)
        if not text:
            return error(400, "'text' is empty")
        metadata = self._metadata(body, session_id)
        text, redacted = redact(text)
        if redacted:
            metadata["redacted"] = dict(redacted)
        return await self._turn(Conversations.of(request), session_id, text, metadata)

    async def language(self, request: Request) -> HTTPResponse:
        body = json_body(request) or {}
        session_id, chosen = body.get("session_id"), body.get("language")
        if not isinstance(session_id, str) or not self.sessions.exists(session_id):
            return error(403, "unknown session")
        if chosen not in self.settings.languages:
            return error(400, f"'language' must be one of {list(self.settings.languages)}")
        await Conversations.of(request).append(session_id, [SlotSet("language", chosen)])
        return response.json({"language": chosen})

    async def history(self, request: Request) -> HTTPResponse:
        session_id = request.args.get("session_id")
        if not isinstance(session_id, str) or not self.sessions.exists(session_id):
            return error(403, "unknown session")
        try:
            after = float(request.args.get("after", 0))
        except ValueError:
            return error(400, "'after' must be a number (seconds since the epoch)")
        tracker = await Conversations.of(request).tracker(session_id)
        state = self.sessions.get(session_id) or {}
        return response.json(
            {
                "messages": [m for m in transcript(tracker) if m["time"] > after],
                "language": tracker.get_slot("language"),
                "taken_over": bool(state.get("taken_over_by")),
            }
        )

    async def ui(self, request: Request) -> HTTPResponse:
        languages = self.settings.languages
        return response.json(
            {
                "languages": list(languages),
                "strings": {lang: locales.ui_strings(self.settings.locales_dir, lang) for lang in languages},
                "default_language": self.settings.default_language,
            }
        )

    async def attachment(self, request: Request) -> HTTPResponse:
        session_id = (request.form or {}).get("session_id") if request.form else None
        if not isinstance(session_id, str) or not self.sessions.exists(session_id):
            return error(403, "unknown session")
        upload = request.files.get("photo") if request.files else None
        if upload is None:
            return error(400, "send the photo as multipart field 'photo'")
        try:
            saved = self.attachments.save(session_id, upload.body)
        except AttachmentError as problem:
            return error(400, str(problem))
        return response.json(saved)

    async def _turn(
        self, conversations: Conversations, session_id: str, text: str, metadata: Dict[str, Any]
    ) -> HTTPResponse:
        """One buyer message: the model's turn (or the too-long reply, or silence while an agent
        has taken over), an apology when nothing answered, and the replies since the message."""
        self.sessions.touch(session_id)
        before = time.time()
        taken_over = bool((self.sessions.get(session_id) or {}).get("taken_over_by"))
        if len(text) > self.settings.max_message_length:
            await fallback.too_long(conversations, session_id, text, metadata, self.settings)
        elif taken_over:
            await self._store_for_agent(conversations, session_id, text, metadata)
        else:
            output = CollectingOutputChannel()
            message = UserMessage(text, output, session_id, input_channel=CHANNEL_NAME, metadata=metadata)
            await self.on_new_message(message)
        tracker = await conversations.tracker(session_id)
        if not taken_over and not fallback.answered_since(tracker, before):
            await fallback.apology(conversations, session_id, self.settings, fallback.NO_BOT_MESSAGE)
            tracker = await conversations.tracker(session_id)
        if handoff_requested_since(tracker, before):
            self.sessions.request_handoff(session_id)
        new = [m for m in transcript(tracker) if m["time"] >= before and m["role"] != "buyer"]
        return response.json({"messages": new, "language": widget_language(tracker, self.settings)})

    async def _store_for_agent(
        self, conversations: Conversations, session_id: str, text: str, metadata: Dict[str, Any]
    ) -> None:
        """A taken-over conversation: the message is parsed and stored, the bot stays silent."""
        parse = await conversations.parse(text)
        intent, entities = parse.get("intent"), parse.get("entities")
        event = UserUttered(text, intent, entities, parse_data=parse, metadata=metadata)
        await conversations.append(session_id, [event])

    def _metadata(self, body: Dict[str, Any], session_id: str) -> Dict[str, Any]:
        """What the widget may tell about the buyer; the profile only when the shop signed it."""
        metadata: Dict[str, Any] = {}
        locale = body.get("locale")
        if isinstance(locale, str) and len(locale) <= 35:
            metadata["locale"] = locale
        profile = verify_profile(body.get("profile_token"), profile_secret())
        if profile is not None:
            metadata["profile"] = profile
        attachments = body.get("attachments")
        if isinstance(attachments, list):
            kept = [a for a in attachments[:5] if self.attachments.belongs_to(a, session_id)]
            if kept:
                metadata["attachments"] = kept
        return metadata
