"""The agents' console and its JSON API, on the shop channel (all behind the agent token).

Each route is the `AgentRoutes` method of the name after the URL; `register` wires them.
GET  /console                                   console: the page (?token=... sets the login cookie)
GET  /agent/conversations                       conversations: live ones, hand-off requests first
GET  /agent/conversations/<id>                  conversation: transcript, language, intents, persona,
                                                strategy card
GET  /agent/conversations/<id>/suggest          suggestions: three ranked ones (?agent_language=en)
POST /agent/conversations/<id>/send             send: {"text": "...", "agent": "name"}
POST /agent/conversations/<id>/takeover         take_over: {"agent": "name"}: the bot stays silent
POST /agent/conversations/<id>/handback         hand_back: the bot answers again
GET  /agent/attachments/<attachment_id>         attachment_file: a photo a buyer attached
"""

from __future__ import annotations

import hmac
from functools import wraps
from pathlib import Path
from typing import Any

from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.conversations import Conversations, latest_parse
from bot.channels.http import Handler, clean_text, error, json_body, route
from bot.channels.transcript import transcript
from bot.conversation import ConversationState, analyse, buyer_turns, profile_store
from bot.playbook import Playbook
from bot.replies import ReplyBook
from bot.secret_files import env_or_generated
from bot.settings import PROJECT_ROOT, Settings
from bot.suggestions import suggest
from bot.web.attachments import AttachmentStore
from bot.web.sessions import SessionStore

COOKIE = "agent_token"
MAX_AGENT_TEXT = 4000
PAGES_DIR = Path(__file__).resolve().parent.parent / "web" / "pages"
LOGIN_PAGE = (
    "<!doctype html><title>401</title><p>Agent login required: open "
    "/webhooks/shop/console?token=&lt;agent token&gt;</p>"
)


def agent_token() -> str:
    """$SHOP_AGENT_TOKEN, else one generated once and kept in var/agent_token."""
    return env_or_generated("SHOP_AGENT_TOKEN", PROJECT_ROOT / "var" / "agent_token", nbytes=24)


def _presented_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(COOKIE) or ""


def _is_agent_token(token: str) -> bool:
    return hmac.compare_digest(token.encode(), agent_token().encode())


def requires_agent(handler: Handler) -> Handler:
    @wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        if not _is_agent_token(_presented_token(request)):
            return error(401, "agent token required (Authorization: Bearer <token>)")
        return await handler(request, *args, **kwargs)

    return guarded


def register(blueprint: Blueprint, routes: AgentRoutes) -> None:
    """The console and the agent API on the shop channel's blueprint."""
    blueprint.add_route(route(routes.console), "/console", methods=["GET"])
    guarded: list[tuple[Handler, str, str]] = [
        (routes.conversations, "/agent/conversations", "GET"),
        (routes.conversation, "/agent/conversations/<session_id>", "GET"),
        (routes.suggestions, "/agent/conversations/<session_id>/suggest", "GET"),
        (routes.send, "/agent/conversations/<session_id>/send", "POST"),
        (routes.take_over, "/agent/conversations/<session_id>/takeover", "POST"),
        (routes.hand_back, "/agent/conversations/<session_id>/handback", "POST"),
        (routes.attachment_file, "/agent/attachments/<attachment_id>", "GET"),
    ]
    for handler, uri, method in guarded:
        blueprint.add_route(requires_agent(handler), uri, methods=[method])


def _agent_name(body: dict[str, Any]) -> str:
    return str(body.get("agent") or "agent")[:60]


class AgentRoutes:
    """The console's routes: the shop's session and photo stores, the settings, Rasa's trackers."""

    def __init__(self, sessions: SessionStore, attachments: AttachmentStore, settings: Settings) -> None:
        self.sessions = sessions
        self.attachments = attachments
        self.settings = settings

    async def _state(self, request: Request, session_id: str) -> tuple[Any, list, ConversationState]:
        tracker = await Conversations.of(request).tracker(session_id)
        events = [event.as_dict() for event in tracker.events]
        language_slot = tracker.get_slot("language")
        state = analyse(events, latest_parse(tracker) or {}, language_slot, self.settings, profile_store())
        return tracker, events, state

    async def console(self, request: Request) -> HTTPResponse:
        offered = request.args.get("token")
        if offered and _is_agent_token(offered):
            redirect = response.redirect("/webhooks/shop/console")
            redirect.cookies[COOKIE] = offered
            redirect.cookies[COOKIE]["httponly"] = True
            redirect.cookies[COOKIE]["samesite"] = "Strict"
            redirect.cookies[COOKIE]["path"] = "/webhooks/shop"
            return redirect
        if not _is_agent_token(_presented_token(request)):
            return response.html(LOGIN_PAGE, status=401)
        return response.html((PAGES_DIR / "console.html").read_text(encoding="utf-8"))

    async def conversations(self, request: Request) -> HTTPResponse:
        conversations = Conversations.of(request)
        items = []
        for session in self.sessions.recent():
            tracker = await conversations.tracker(session["session_id"])
            lines = transcript(tracker)
            items.append(
                {
                    **session,
                    "language": tracker.get_slot("language"),
                    "persona": tracker.get_slot("persona"),
                    "last_message": lines[-1]["text"] if lines else None,
                    "buyer_messages": sum(1 for m in lines if m["role"] == "buyer"),
                }
            )
        return response.json({"conversations": items})

    async def conversation(self, request: Request, session_id: str) -> HTTPResponse:
        if not self.sessions.exists(session_id):
            return error(404, "no such conversation")
        tracker, _, state = await self._state(request, session_id)
        playbook, labels = Playbook.from_file(), state.persona.labels()
        cards = (playbook.strategy_card(labels[axis]) for axis in labels if labels[axis])
        return response.json(
            {
                "session": self.sessions.get(session_id),
                "language": state.language,
                "intent": state.intent,
                "messages": transcript(tracker, for_agent=True),
                "persona": tracker.get_slot("persona"),
                "persona_profile": state.persona.as_slot(),
                "strategy_cards": [card for card in cards if card],
                "profile": state.profile.as_dict() if state.profile else None,
            }
        )

    async def suggestions(self, request: Request, session_id: str) -> HTTPResponse:
        if not self.sessions.exists(session_id):
            return error(404, "no such conversation")
        agent_language = request.args.get("agent_language", self.settings.default_language)
        if agent_language not in self.settings.languages:
            return error(400, f"agent_language must be one of {list(self.settings.languages)}")
        _, events, state = await self._state(request, session_id)
        replies, turns = ReplyBook(self.settings), buyer_turns(events)
        found = suggest(state, Playbook.from_file(), replies, agent_language, turns)
        return response.json({"suggestions": found, "language": state.language})

    async def send(self, request: Request, session_id: str) -> HTTPResponse:
        if not self.sessions.exists(session_id):
            return error(404, "no such conversation")
        body = json_body(request) or {}
        text = body.get("text")
        if not isinstance(text, str) or not clean_text(text) or len(text) > MAX_AGENT_TEXT:
            return error(400, f"'text' must be a non-empty string of at most {MAX_AGENT_TEXT} characters")
        agent = _agent_name(body)

        def said(tracker: Any) -> list[BotUttered]:
            slots = {"language": tracker.get_slot("language"), "persona": tracker.get_slot("persona")}
            return [BotUttered(clean_text(text), metadata={"agent": agent, **slots})]

        [event] = await Conversations.of(request).update(session_id, said)
        self.sessions.touch(session_id)
        return response.json({"sent": True, "time": event.timestamp})

    async def take_over(self, request: Request, session_id: str) -> HTTPResponse:
        if not self.sessions.exists(session_id):
            return error(404, "no such conversation")
        agent = _agent_name(json_body(request) or {})
        self.sessions.take_over(session_id, agent)
        return response.json({"taken_over_by": agent})

    async def hand_back(self, request: Request, session_id: str) -> HTTPResponse:
        if not self.sessions.exists(session_id):
            return error(404, "no such conversation")
        self.sessions.hand_back(session_id)
        return response.json({"taken_over_by": None})

    async def attachment_file(self, request: Request, attachment_id: str) -> HTTPResponse:
        found = self.attachments.read(attachment_id)
        if found is None:
            return error(404, "no such attachment")
        data, content_type = found
        return response.raw(
            data,
            content_type=content_type,
            headers={"Content-Disposition": "inline", "X-Content-Type-Options": "nosniff"},
        )
