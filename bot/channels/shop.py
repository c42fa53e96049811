"""The shop's chat channel: the buyer widget's endpoints, its static files and the demo page.

Routes (under /webhooks/shop):
  POST /session               issue a new session id (or confirm one the server issued)
  POST /message               a buyer message -> the assistant's replies
  POST /language              the buyer switches language in the widget
  GET  /history               the conversation so far (for reloads and polling)
  GET  /static/<file>         widget.js, widget.css, console.js, console.css
  GET  /demo                  a demo shop page with the widget
The agent console and its API live in `bot.channels.agent_api` on the same channel.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import locales
from bot.channels import agent_api
from bot.channels.http import clean_text, error, json_body, kept_part
from bot.channels.transcript import transcript
from bot.privacy import redact
from bot.replies import ReplyBook
from bot.settings import load_settings
from bot.web.attachments import AttachmentError, AttachmentStore
from bot.web.sessions import SessionStore, profile_secret, sign_profile, verify_profile

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
PAGES_DIR = Path(__file__).resolve().parent.parent / "web" / "pages"
DEMO_PROFILE = {"buyer_id": "demo-buyer", "order_count": 2, "total_spend": 180.0}
STATIC_TYPES = {".js": "application/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


class ShopInput(InputChannel):
    """The buyer widget's channel."""

    @classmethod
    def name(cls) -> str:
        return "shop"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.sessions = SessionStore()
        self.attachments = AttachmentStore()
        self.settings = load_settings()

    async def _tracker(self, request: Request, session_id: str):
        agent = request.app.ctx.agent
        return await agent.processor.fetch_tracker_with_initial_session(session_id)

    async def _append(self, request: Request, session_id: str, events: List[Any]) -> None:
        agent = request.app.ctx.agent
        async with agent.lock_store.lock(session_id):
            tracker = await agent.processor.fetch_tracker_with_initial_session(session_id)
            for event in events:
                tracker.update(event)
            await agent.tracker_store.save(tracker)

    def _language_of(self, tracker: Any) -> str:
        slot = tracker.get_slot("language") if tracker else None
        return slot if slot in self.settings.languages else self.settings.default_language

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("shop_channel", __name__)
        channel = self

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/session", methods=["POST"])
        async def session(request: Request) -> HTTPResponse:
            body = json_body(request) or {}
            existing = body.get("session_id")
            if existing and channel.sessions.exists(existing):
                return response.json({"session_id": existing, "new": False})
            return response.json({"session_id": channel.sessions.issue(), "new": True})

        @blueprint.route("/message", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            body = json_body(request)
            if body is None:
                return error(400, "expected a JSON object with 'session_id' and 'text'")
            session_id = body.get("session_id")
            if not channel.sessions.exists(session_id):
                return error(403, "unknown session: ask POST /webhooks/shop/session for one")
            text = body.get("text")
            if not isinstance(text, str):
                return error(400, "'text' must be a string")
            text = clean_text(text)
            if not text:
                return error(400, "'text' is empty")
            metadata = channel._metadata(body, session_id)
            text, redacted = redact(text)
            if redacted:
                metadata["redacted"] = dict(redacted)
            channel.sessions.touch(session_id)
            before = time.time()
            tracker = await channel._tracker(request, session_id)
            state = channel.sessions.get(session_id) or {}
            if len(text) > channel.settings.max_message_length:
                language = channel._language_of(tracker)
                reply = ReplyBook(channel.settings).flow(language, "too_long")
                await channel._append(
                    request,
                    session_id,
                    [
                        UserUttered(*kept_part(text, channel.settings.max_message_length), metadata=metadata),
                        BotUttered(
                            reply,
                            metadata={
                                "language": language,
                                "intent": None,
                                "persona": None,
                                "strategy": [],
                                "too_long": True,
                            },
                        ),
                    ],
                )
            elif state.get("taken_over_by"):
                parse = await request.app.ctx.agent.parse_message(text)
                await channel._append(
                    request,
                    session_id,
                    [
                        UserUttered(
                            text,
                            parse.get("intent"),
                            parse.get("entities"),
                            parse_data=parse,
                            metadata=metadata,
                        ),
                    ],
                )
            else:
                await on_new_message(
                    UserMessage(
                        text,
                        CollectingOutputChannel(),
                        session_id,
                        input_channel=channel.name(),
                        metadata=metadata,
                    )
                )
            tracker = await channel._tracker(request, session_id)
            if not state.get("taken_over_by") and not any(
                isinstance(e, BotUttered) and e.timestamp >= before for e in tracker.events
            ):
                # The assistant produced nothing (action server down, a failing action):
                # the buyer gets a short apology in their language and may simply write again.
                language = channel._language_of(tracker)
                apology = ReplyBook(channel.settings).flow(language, "technical_problem")
                await channel._append(
                    request,
                    session_id,
                    [
                        BotUttered(
                            apology,
                            metadata={
                                "language": language,
                                "intent": None,
                                "persona": None,
                                "strategy": [],
                                "technical_problem": True,
                            },
                        )
                    ],
                )
                tracker = await channel._tracker(request, session_id)
            if any(
                e.get("handoff")
                for e in (
                    ev.metadata
                    for ev in tracker.events
                    if isinstance(ev, BotUttered) and ev.timestamp >= before
                )
            ):
                channel.sessions.request_handoff(session_id)
            new = [m for m in transcript(tracker) if m["time"] >= before and m["role"] != "buyer"]
            return response.json({"messages": new, "language": channel._language_of(tracker)})

        @blueprint.route("/language", methods=["POST"])
        async def language(request: Request) -> HTTPResponse:
            body = json_body(request) or {}
            session_id, chosen = body.get("session_id"), body.get("language")
            if not channel.sessions.exists(session_id):
                return error(403, "unknown session")
            if chosen not in channel.settings.languages:
                return error(400, f"'language' must be one of {list(channel.settings.languages)}")
            await channel._append(request, session_id, [SlotSet("language", chosen)])
            return response.json({"language": chosen})

        @blueprint.route("/history", methods=["GET"])
        async def history(request: Request) -> HTTPResponse:
            session_id = request.args.get("session_id")
            if not channel.sessions.exists(session_id):
                return error(403, "unknown session")
            try:
                after = float(request.args.get("after", 0))
            except ValueError:
                return error(400, "'after' must be a number (seconds since the epoch)")
            tracker = await channel._tracker(request, session_id)
            state = channel.sessions.get(session_id) or {}
            messages = [m for m in transcript(tracker) if m["time"] > after]
            return response.json(
                {
                    "messages": messages,
                    "language": tracker.get_slot("language"),
                    "taken_over": bool(state.get("taken_over_by")),
                }
            )

        @blueprint.route("/ui", methods=["GET"])
        async def ui(request: Request) -> HTTPResponse:
            strings = {
                lang: locales.ui_strings(channel.settings.locales_dir, lang)
                for lang in channel.settings.languages
            }
            return response.json(
                {
                    "languages": list(channel.settings.languages),
                    "strings": strings,
                    "default_language": channel.settings.default_language,
                }
            )

        @blueprint.route("/attachment", methods=["POST"])
        async def attachment(request: Request) -> HTTPResponse:
            session_id = (request.form or {}).get("session_id") if request.form else None
            if not channel.sessions.exists(session_id):
                return error(403, "unknown session")
            upload = request.files.get("photo") if request.files else None
            if upload is None:
                return error(400, "send the photo as multipart field 'photo'")
            try:
                saved = channel.attachments.save(session_id, upload.body)
            except AttachmentError as problem:
                return error(400, str(problem))
            return response.json(saved)

        @blueprint.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: str) -> HTTPResponse:
            path = STATIC_DIR / name
            if "/" in name or ".." in name or path.suffix not in STATIC_TYPES or not path.is_file():
                return error(404, "not found")
            return response.text(path.read_text(encoding="utf-8"), content_type=STATIC_TYPES[path.suffix])

        @blueprint.route("/demo", methods=["GET"])
        async def demo(request: Request) -> HTTPResponse:
            # The demo plays the shop's server: it signs a logged-in demo buyer's profile.
            token = sign_profile(DEMO_PROFILE, profile_secret())
            page = (PAGES_DIR / "demo.html").read_text(encoding="utf-8")
            return response.html(page.replace("{{PROFILE_TOKEN}}", token))

        agent_api.register(blueprint, channel)
        return blueprint

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
