"""The agents' console and its JSON API, on the shop channel (all behind the agent token).

GET  /console                                   the console page (?token=... sets the login cookie)
GET  /agent/conversations                       live conversations, hand-off requests first
GET  /agent/conversations/<id>                  transcript, language, intents, persona, strategy card
GET  /agent/conversations/<id>/suggest          three ranked suggestions (?agent_language=en)
POST /agent/conversations/<id>/send             {"text": "...", "agent": "name"}
POST /agent/conversations/<id>/takeover         {"agent": "name"}: the bot stays silent
POST /agent/conversations/<id>/handback         the bot answers again
"""

from __future__ import annotations

import hmac
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.http import clean_text, error, json_body
from bot.channels.transcript import transcript
from bot.conversation import analyse, buyer_turns, profile_store
from bot.playbook import Playbook
from bot.replies import ReplyBook
from bot.secret_files import env_or_generated
from bot.settings import PROJECT_ROOT
from bot.suggestions import suggest

if TYPE_CHECKING:
    from bot.channels.shop import ShopInput

COOKIE = "agent_token"
MAX_AGENT_TEXT = 4000
PAGES_DIR = Path(__file__).resolve().parent.parent / "web" / "pages"


def agent_token() -> str:
    """$SHOP_AGENT_TOKEN, else one generated once and kept in var/agent_token."""
    return env_or_generated("SHOP_AGENT_TOKEN", PROJECT_ROOT / "var" / "agent_token", nbytes=24)


def _presented_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(COOKIE) or ""


def requires_agent(handler: Callable) -> Callable:
    @wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        if not hmac.compare_digest(_presented_token(request).encode(), agent_token().encode()):
            return error(401, "agent token required (Authorization: Bearer <token>)")
        return await handler(request, *args, **kwargs)

    return guarded


def register(blueprint: Blueprint, channel: ShopInput) -> None:
    async def conversation_state(request: Request, session_id: str):
        tracker = await channel._tracker(request, session_id)
        events = [event.as_dict() for event in tracker.events]
        latest = tracker.latest_message.parse_data if tracker.latest_message else {}
        state = analyse(events, latest, tracker.get_slot("language"), channel.settings, profile_store())
        return tracker, events, state

    @blueprint.route("/console", methods=["GET"])
    async def console(request: Request) -> HTTPResponse:
        offered = request.args.get("token")
        if offered and hmac.compare_digest(offered.encode(), agent_token().encode()):
            redirect = response.redirect("/webhooks/shop/console")
            redirect.cookies[COOKIE] = offered
            redirect.cookies[COOKIE]["httponly"] = True
            redirect.cookies[COOKIE]["samesite"] = "Strict"
            redirect.cookies[COOKIE]["path"] = "/webhooks/shop"
            return redirect
        if not hmac.compare_digest(_presented_token(request).encode(), agent_token().encode()):
            return response.html(
                "<!doctype html><title>401</title><p>Agent login required: open "
                "/webhooks/shop/console?token=&lt;agent token&gt;</p>",
                status=401,
            )
        return response.html((PAGES_DIR / "console.html").read_text(encoding="utf-8"))

    @blueprint.route("/agent/conversations", methods=["GET"])
    @requires_agent
    async def conversations(request: Request) -> HTTPResponse:
        items = []
        for session in channel.sessions.recent():
            tracker = await channel._tracker(request, session["session_id"])
            lines = transcript(tracker)
            buyer = [m for m in lines if m["role"] == "buyer"]
            items.append(
                {
                    **session,
                    "language": tracker.get_slot("language"),
                    "persona": tracker.get_slot("persona"),
                    "last_message": lines[-1]["text"] if lines else None,
                    "buyer_messages": len(buyer),
                }
            )
        return response.json({"conversations": items})

    @blueprint.route("/agent/conversations/<session_id>", methods=["GET"])
    @requires_agent
    async def conversation(request: Request, session_id: str) -> HTTPResponse:
        if not channel.sessions.exists(session_id):
            return error(404, "no such conversation")
        tracker, _, state = await conversation_state(request, session_id)
        playbook = Playbook.from_file()
        labels = state.persona.labels()
        return response.json(
            {
                "session": channel.sessions.get(session_id),
                "language": state.language,
                "intent": state.intent,
                "messages": transcript(tracker, for_agent=True),
                "persona": tracker.get_slot("persona"),
                "persona_profile": state.persona.as_slot(),
                "strategy_cards": [
                    c for c in (playbook.strategy_card(labels[a]) for a in labels if labels[a]) if c
                ],
                "profile": state.profile.as_dict() if state.profile else None,
            }
        )

    @blueprint.route("/agent/conversations/<session_id>/suggest", methods=["GET"])
    @requires_agent
    async def suggestions(request: Request, session_id: str) -> HTTPResponse:
        if not channel.sessions.exists(session_id):
            return error(404, "no such conversation")
        agent_language = request.args.get("agent_language", channel.settings.default_language)
        if agent_language not in channel.settings.languages:
            return error(400, f"agent_language must be one of {list(channel.settings.languages)}")
        _, events, state = await conversation_state(request, session_id)
        found = suggest(
            state, Playbook.from_file(), ReplyBook(channel.settings), agent_language, buyer_turns(events)
        )
        return response.json({"suggestions": found, "language": state.language})

    @blueprint.route("/agent/conversations/<session_id>/send", methods=["POST"])
    @requires_agent
    async def send(request: Request, session_id: str) -> HTTPResponse:
        if not channel.sessions.exists(session_id):
            return error(404, "no such conversation")
        body = json_body(request) or {}
        text = body.get("text")
        if not isinstance(text, str) or not clean_text(text) or len(text) > MAX_AGENT_TEXT:
            return error(400, f"'text' must be a non-empty string of at most {MAX_AGENT_TEXT} characters")
        agent = str(body.get("agent") or "agent")[:60]
        tracker = await channel._tracker(request, session_id)
        event = BotUttered(
            clean_text(text),
            metadata={
                "agent": agent,
                "language": tracker.get_slot("language"),
                "persona": tracker.get_slot("persona"),
            },
        )
        await channel._append(request, session_id, [event])
        channel.sessions.touch(session_id)
        return response.json({"sent": True, "time": event.timestamp})

    @blueprint.route("/agent/conversations/<session_id>/takeover", methods=["POST"])
    @requires_agent
    async def take_over(request: Request, session_id: str) -> HTTPResponse:
        if not channel.sessions.exists(session_id):
            return error(404, "no such conversation")
        agent = str((json_body(request) or {}).get("agent") or "agent")[:60]
        channel.sessions.take_over(session_id, agent)
        return response.json({"taken_over_by": agent})

    @blueprint.route("/agent/attachments/<attachment_id>", methods=["GET"])
    @requires_agent
    async def attachment(request: Request, attachment_id: str) -> HTTPResponse:
        found = channel.attachments.read(attachment_id)
        if found is None:
            return error(404, "no such attachment")
        data, content_type = found
        return response.raw(
            data,
            content_type=content_type,
            headers={"Content-Disposition": "inline", "X-Content-Type-Options": "nosniff"},
        )

    @blueprint.route("/agent/conversations/<session_id>/handback", methods=["POST"])
    @requires_agent
    async def hand_back(request: Request, session_id: str) -> HTTPResponse:
        if not channel.sessions.exists(session_id):
            return error(404, "no such conversation")
        channel.sessions.hand_back(session_id)
        return response.json({"taken_over_by": None})
