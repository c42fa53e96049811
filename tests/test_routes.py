"""Every route of the widget channel, the agent API and the guarded REST channel, in process.

The Sanic app is built as the Rasa server builds it (`app.ctx.agent`, the channels' blueprints
under /webhooks/<name>, `rasa.server.configure_cors`), with Rasa's real in-memory tracker and lock
stores behind a small stand-in for the agent: no trained model, no server process. Requests go
through Sanic's test client (sanic-testing), as rasa-sdk tests its endpoints.
"""

from __future__ import annotations

import itertools
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.server import configure_cors
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from sanic import Sanic

from bot.channels.agent_api import MAX_AGENT_TEXT
from bot.channels.http import MAX_BODY_FIELDS
from bot.channels.rest import MAX_SENDER_LENGTH, GuardedRestInput
from bot.channels.shop import ShopInput
from bot.replies import ReplyBook
from bot.settings import PROJECT_ROOT, Settings
from bot.web.sessions import SessionStore, profile_secret, sign_profile, verify_profile

AGENT_TOKEN = "routes-agent-token"
PROFILE_SECRET = "routes-profile-secret"
SHOP_ORIGIN = "https://shop.example.com"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
CARD = "4111 1111 1111 1111"
_apps = itertools.count()


def parse_of(text: str, language: str = "en", intent: str = "ask_shipping") -> dict[str, Any]:
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.93},
        "entities": [],
        "intent_ranking": [{"name": intent, "confidence": 0.93}],
        "language": {"name": language, "confidence": 0.9},
    }


class StandInProcessor:
    def __init__(self, tracker_store: InMemoryTrackerStore) -> None:
        self.tracker_store = tracker_store

    async def fetch_tracker_with_initial_session(self, sender_id: str) -> Any:
        tracker = await self.tracker_store.retrieve(sender_id)
        if tracker is None:
            tracker = self.tracker_store.init_tracker(sender_id)
        if not tracker.events:
            for event in (ActionExecuted("action_session_start"), SessionStarted()):
                tracker.update(event)
            tracker.update(ActionExecuted("action_listen"))
        return tracker


class StandInAgent:
    """What the channels use of Rasa's agent; `handle_message` plays a turn of the model.

    `answer` is the bot's reply (None: the turn produces nothing, as when the action server is
    down); `language` is what the stand-in NLU detects; `reply_metadata` rides on the reply."""

    def __init__(self, domain: Domain) -> None:
        self.tracker_store = InMemoryTrackerStore(domain)
        self.lock_store = InMemoryLockStore()
        self.processor = StandInProcessor(self.tracker_store)
        self.language = "en"
        self.answer: str | None = "We ship worldwide."
        self.reply_metadata: dict[str, Any] = {}
        self.handled: list[UserMessage] = []
        self.parsed: list[str] = []

    async def parse_message(self, text: str) -> dict[str, Any]:
        self.parsed.append(text)
        return parse_of(text, self.language)

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message)
        parse = parse_of(message.text or "", self.language)
        async with self.lock_store.lock(message.sender_id):
            tracker = await self.processor.fetch_tracker_with_initial_session(message.sender_id)
            tracker.update(
                UserUttered(
                    message.text,
                    parse["intent"],
                    parse["entities"],
                    parse_data=parse,
                    metadata=message.metadata,
                    input_channel=message.input_channel,
                )
            )
            tracker.update(SlotSet("language", self.language))
            if self.answer is not None:
                metadata = {"language": self.language, **self.reply_metadata}
                tracker.update(BotUttered(self.answer, metadata=metadata))
            await self.tracker_store.save(tracker)
        if self.answer is not None:
            await message.output_channel.send_text_message(message.sender_id, self.answer)

    async def events(self, sender_id: str) -> list[Any]:
        tracker = await self.tracker_store.retrieve(sender_id)
        return list(tracker.events) if tracker else []


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(PROJECT_ROOT / "domain.yml")


@pytest.fixture(autouse=True)
def shop_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shop's database, photos and secrets in this test's own directory (nothing in var/)."""
    monkeypatch.setenv("SHOP_DATABASE_URL", "")
    monkeypatch.setenv("SHOP_DB", str(tmp_path / "shop.sqlite"))
    monkeypatch.setenv("SHOP_PROFILE_DB", str(tmp_path / "profiles.sqlite"))
    monkeypatch.setenv("SHOP_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("SHOP_AGENT_TOKEN", AGENT_TOKEN)
    monkeypatch.setenv("SHOP_PROFILE_SECRET", PROFILE_SECRET)
    # No gc.freeze() from the REST channel's start-up listener at every test request.
    monkeypatch.setenv("SHOP_RASA_SPEEDUPS", "off")
    return tmp_path


@pytest.fixture
def agent(domain: Domain) -> StandInAgent:
    return StandInAgent(domain)


@pytest.fixture
def app(agent: StandInAgent) -> Sanic:
    app = Sanic(f"shop_routes_{next(_apps)}", configure_logging=False)
    app.ctx.agent = agent
    configure_cors(app, [SHOP_ORIGIN])
    for channel in (ShopInput(), GuardedRestInput()):
        app.blueprint(channel.blueprint(agent.handle_message), url_prefix=f"/webhooks/{channel.name()}")
    return app


class Client:
    """The test client with the channel's prefixes; every call returns the response."""

    def __init__(self, app: Sanic) -> None:
        self.app = app

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.app.test_client.get(path, **kwargs)[1]

    def post(self, path: str, body: Any = None, raw: bytes | str | None = None, **kwargs: Any) -> Any:
        content = raw if raw is not None else json.dumps(body)
        return self.app.test_client.post(path, content=content, **kwargs)[1]

    def upload(self, form: dict[str, Any], files: dict[str, Any] | None = None) -> Any:
        """A multipart form, as the widget sends a photo."""
        return self.app.test_client.post("/webhooks/shop/attachment", data=form, files=files)[1]

    def shop(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.post(f"/webhooks/shop{path}", body, **kwargs)

    def agent(
        self, method: str, path: str, body: Any = None, token: str | None = AGENT_TOKEN, **kwargs: Any
    ) -> Any:
        """The agent API with the agent token (None: without one)."""
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        if method == "GET":
            return self.get(f"/webhooks/shop{path}", headers=headers, **kwargs)
        return self.post(f"/webhooks/shop{path}", body, headers=headers, **kwargs)

    def session(self) -> str:
        return self.shop("/session", {}).json["session_id"]

    def say(self, session_id: str, text: str, **fields: Any) -> Any:
        return self.shop("/message", {"session_id": session_id, "text": text, **fields})

    def rest(self, body: Any = None, **kwargs: Any) -> Any:
        return self.post("/webhooks/rest/webhook", body, **kwargs)


@pytest.fixture
def client(app: Sanic) -> Client:
    return Client(app)


def stored_session(session_id: str) -> dict[str, Any]:
    """The session's row in the shop database."""
    row = SessionStore().get(session_id)
    assert row is not None
    return row


def bot_events(events: list[Any]) -> list[BotUttered]:
    return [e for e in events if isinstance(e, BotUttered)]


def user_events(events: list[Any]) -> list[UserUttered]:
    return [e for e in events if isinstance(e, UserUttered)]


# The widget channel: /webhooks/shop/...


def test_health(client: Client) -> None:
    reply = client.get("/webhooks/shop/")
    assert reply.status == 200 and reply.json == {"status": "ok"}


def test_session_is_issued_and_confirmed_never_chosen(client: Client) -> None:
    first = client.shop("/session", {})
    assert first.status == 200 and first.json["new"] is True
    session_id = first.json["session_id"]
    assert SessionStore().exists(session_id)
    again = client.shop("/session", {"session_id": session_id})
    assert again.json == {"session_id": session_id, "new": False}
    chosen = client.shop("/session", {"session_id": "web-" + "a" * 32})
    assert chosen.json["new"] is True and chosen.json["session_id"] != "web-" + "a" * 32
    for bad in ("not json", "[1, 2]", json.dumps({"session_id": ["x"]})):
        reply = client.shop("/session", raw=bad)
        assert reply.status == 200 and reply.json["new"] is True


def test_message_gets_the_replies_and_is_stored(client: Client, agent: StandInAgent) -> None:
    session_id = client.session()
    reply = client.say(session_id, "  do you ship to Chile?\x00 ", locale="es-CL")
    assert reply.status == 200
    assert [(m["role"], m["text"]) for m in reply.json["messages"]] == [("bot", "We ship worldwide.")]
    assert reply.json["language"] == "en"
    [handled] = agent.handled
    assert handled.text == "do you ship to Chile?" and handled.input_channel == "shop"
    assert handled.sender_id == session_id and handled.metadata == {"locale": "es-CL"}


@pytest.mark.parametrize(
    "raw, status, message",
    [
        ("not json", 400, "expected a JSON object with 'session_id' and 'text'"),
        ("[1, 2]", 400, "expected a JSON object with 'session_id' and 'text'"),
        ('"text"', 400, "expected a JSON object with 'session_id' and 'text'"),
        ("\xff\xfe", 400, "expected a JSON object with 'session_id' and 'text'"),
        (
            json.dumps({f"field{i}": i for i in range(MAX_BODY_FIELDS + 1)}),
            400,
            "expected a JSON object with 'session_id' and 'text'",
        ),
        (json.dumps({"text": "hi"}), 403, "unknown session: ask POST /webhooks/shop/session for one"),
        (
            json.dumps({"session_id": "web-" + "b" * 32, "text": "hi"}),
            403,
            "unknown session: ask POST /webhooks/shop/session for one",
        ),
        (
            json.dumps({"session_id": 12, "text": "hi"}),
            403,
            "unknown session: ask POST /webhooks/shop/session for one",
        ),
    ],
    ids=["non-json", "array", "string", "not-utf8", "too-many-fields", "no-session", "forged", "number"],
)
def test_message_rejects_bad_bodies(
    client: Client, agent: StandInAgent, raw: str, status: int, message: str
) -> None:
    reply = client.shop("/message", raw=raw.encode("latin-1") if raw == "\xff\xfe" else raw)
    assert reply.status == status and reply.json == {"error": message}
    assert not agent.handled


@pytest.mark.parametrize(
    "text, message",
    [(None, "'text' must be a string"), (42, "'text' must be a string"), (["hi"], "'text' must be a string")]
    + [(" \x00\x07 \ue000\n", "'text' is empty"), ("", "'text' is empty")],
)
def test_message_text_must_be_a_non_empty_string(
    client: Client, agent: StandInAgent, text: Any, message: str
) -> None:
    session_id = client.session()
    reply = client.shop("/message", {"session_id": session_id, "text": text})
    assert reply.status == 400 and reply.json == {"error": message}
    assert not agent.handled


def test_message_personal_data_is_redacted_before_anything_sees_it(
    client: Client, agent: StandInAgent
) -> None:
    session_id = client.session()
    client.say(session_id, f"my card {CARD} was charged twice, mail jo@example.com")
    [handled] = agent.handled
    assert CARD not in handled.text and "jo@example.com" not in handled.text
    assert "[card]" in handled.text and "[email]" in handled.text
    assert handled.metadata["redacted"] == {"card": 1, "email": 1}


def test_message_metadata_keeps_only_signed_profiles_and_own_photos(
    client: Client, agent: StandInAgent
) -> None:
    session_id, other = client.session(), client.session()
    mine = client.upload({"session_id": session_id}, {"photo": ("a.png", PNG)}).json["attachment_id"]
    theirs = client.upload({"session_id": other}, {"photo": ("b.png", PNG)}).json["attachment_id"]
    profile = {"buyer_id": "b-1", "order_count": 3}
    signed = sign_profile(profile, PROFILE_SECRET.encode())
    client.say(session_id, "my parcel is damaged", profile_token=signed, attachments=[mine, theirs, 7])
    client.say(session_id, "hello", profile_token=signed[:-2] + "xx", locale="x" * 36)
    first, second = (m.metadata for m in agent.handled)
    assert first == {"profile": profile, "attachments": [mine]}
    assert second == {}


def test_too_long_message_gets_the_polite_reply_without_the_model(
    client: Client, agent: StandInAgent, settings: Settings
) -> None:
    session_id = client.session()
    agent.language = "fr"
    client.say(session_id, "bonjour, c'est un vrai produit ?")
    limit = settings.max_message_length
    long_text = "bonjour " * (limit // 8 + 10)
    reply = client.say(session_id, long_text)
    assert reply.status == 200
    assert [m["text"] for m in reply.json["messages"]] == [ReplyBook(settings).flow("fr", "too_long")]
    assert len(agent.handled) == 1 and agent.parsed == []
    stored = user_events(_events(agent, session_id))[-1]
    cut = long_text.strip()
    assert stored.text == f"{cut[:limit]} […{len(cut) - limit} more characters]"
    assert stored.intent["name"] is None
    last = bot_events(_events(agent, session_id))[-1]
    assert last.metadata == {
        "language": "fr",
        "intent": None,
        "persona": None,
        "strategy": [],
        "too_long": True,
    }


def test_apology_when_the_assistant_produced_nothing(
    client: Client, agent: StandInAgent, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    session_id = client.session()
    agent.language = "es"
    assert client.say(session_id, "hola, hacen envíos a chile?").json["messages"]
    agent.answer = None
    with caplog.at_level(logging.WARNING, logger="bot.channels"):
        reply = client.say(session_id, "y cuánto tarda el envío?")
    apology = ReplyBook(settings).flow("es", "technical_problem")
    assert reply.status == 200 and [m["text"] for m in reply.json["messages"]] == [apology]
    last = bot_events(_events(agent, session_id))[-1]
    assert last.text == apology
    assert last.metadata == {
        "language": "es",
        "intent": None,
        "persona": None,
        "strategy": [],
        "technical_problem": True,
    }
    [record] = [r for r in caplog.records if r.name == "bot.channels.fallback"]
    assert record.levelno == logging.WARNING and session_id in record.getMessage()
    assert "no bot message after the turn" in record.getMessage()
    agent.answer = "Unos 7 a 12 días."
    back = client.say(session_id, "es original?")
    assert [m["text"] for m in back.json["messages"]] == ["Unos 7 a 12 días."]


def test_taken_over_conversation_is_parsed_and_stored_but_the_bot_is_silent(
    client: Client, agent: StandInAgent
) -> None:
    session_id = client.session()
    taken = client.agent("POST", f"/agent/conversations/{session_id}/takeover", {"agent": "Ana"})
    assert taken.status == 200 and taken.json == {"taken_over_by": "Ana"}
    reply = client.say(session_id, "is anyone there?")
    assert reply.status == 200 and reply.json["messages"] == []
    assert agent.handled == [] and agent.parsed == ["is anyone there?"]
    [stored] = user_events(_events(agent, session_id))
    assert stored.text == "is anyone there?" and stored.parse_data["intent"]["name"] == "ask_shipping"
    assert bot_events(_events(agent, session_id)) == []
    assert client.get(f"/webhooks/shop/history?session_id={session_id}").json["taken_over"] is True
    back = client.agent("POST", f"/agent/conversations/{session_id}/handback")
    assert back.status == 200 and back.json == {"taken_over_by": None}
    assert client.get(f"/webhooks/shop/history?session_id={session_id}").json["taken_over"] is False
    assert client.say(session_id, "hello?").json["messages"][0]["text"] == "We ship worldwide."


def test_a_reply_asking_for_a_human_flags_the_session(client: Client, agent: StandInAgent) -> None:
    quiet, asking = client.session(), client.session()
    client.say(quiet, "thanks")
    assert stored_session(quiet)["handoff_requested"] == 0
    agent.reply_metadata = {"handoff": True}
    client.say(asking, "I want a person")
    assert stored_session(asking)["handoff_requested"] == 1
    listed = client.agent("GET", "/agent/conversations").json["conversations"]
    assert [c["session_id"] for c in listed][0] == asking
    client.agent("POST", f"/agent/conversations/{asking}/takeover", {"agent": "Ana"})
    assert stored_session(asking)["handoff_requested"] == 0


def test_language_switch_sets_the_slot(client: Client, agent: StandInAgent) -> None:
    session_id = client.session()
    for body, status, expected in [
        ({"session_id": "web-" + "c" * 32, "language": "es"}, 403, {"error": "unknown session"}),
        ({"language": "es"}, 403, {"error": "unknown session"}),
        ({"session_id": session_id, "language": "xx"}, 400, None),
        ({"session_id": session_id, "language": ["es"]}, 400, None),
    ]:
        reply = client.shop("/language", body)
        assert reply.status == status
        if expected:
            assert reply.json == expected
        else:
            assert reply.json["error"].startswith("'language' must be one of ['en', ")
    assert client.shop("/language", raw="nope").status == 403
    reply = client.shop("/language", {"session_id": session_id, "language": "es"})
    assert reply.status == 200 and reply.json == {"language": "es"}
    assert SlotSet("language", "es") in _events(agent, session_id)
    assert client.get(f"/webhooks/shop/history?session_id={session_id}").json["language"] == "es"


def test_history(client: Client) -> None:
    session_id = client.session()
    assert client.get("/webhooks/shop/history").status == 403
    assert client.get("/webhooks/shop/history?session_id=web-nope").json == {"error": "unknown session"}
    bad = client.get(f"/webhooks/shop/history?session_id={session_id}&after=yesterday")
    assert bad.status == 400 and bad.json == {"error": "'after' must be a number (seconds since the epoch)"}
    client.say(session_id, "do you ship to Chile?")
    history = client.get(f"/webhooks/shop/history?session_id={session_id}").json
    assert [(m["role"], m["text"]) for m in history["messages"]] == [
        ("buyer", "do you ship to Chile?"),
        ("bot", "We ship worldwide."),
    ]
    assert history["language"] == "en" and history["taken_over"] is False
    after = history["messages"][0]["time"]
    later = client.get(f"/webhooks/shop/history?session_id={session_id}&after={after}").json["messages"]
    assert [m["text"] for m in later] == ["We ship worldwide."]


def test_ui_strings(client: Client, settings: Settings) -> None:
    reply = client.get("/webhooks/shop/ui")
    assert reply.status == 200
    assert reply.json["languages"] == list(settings.languages)
    assert reply.json["default_language"] == settings.default_language
    assert set(reply.json["strings"]) == set(settings.languages)
    assert all(isinstance(strings, dict) and strings for strings in reply.json["strings"].values())


def test_attachment_upload(client: Client) -> None:
    session_id = client.session()
    upload = client.upload

    assert upload({"session_id": "web-" + "d" * 32}, {"photo": ("a.png", PNG)}).json == {
        "error": "unknown session"
    }
    assert client.shop("/attachment", {"session_id": session_id}).status == 403  # JSON, not a form
    missing = upload({"session_id": session_id}, {"file": ("a.png", PNG)})
    assert missing.status == 400 and missing.json == {"error": "send the photo as multipart field 'photo'"}
    assert upload({"session_id": session_id}).status == 400
    not_a_photo = upload({"session_id": session_id}, {"photo": ("a.png", b"<svg/>")})
    assert not_a_photo.status == 400
    assert not_a_photo.json == {"error": "only JPEG, PNG and WebP photos are accepted"}
    empty = upload({"session_id": session_id}, {"photo": ("a.png", b"")})
    assert empty.status == 400 and empty.json == {"error": "the file is empty"}
    saved = upload({"session_id": session_id}, {"photo": ("a.gif", PNG, "image/gif")})
    assert saved.status == 200
    assert saved.json["content_type"] == "image/png" and saved.json["size"] == len(PNG)


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("widget.js", "application/javascript"),
        ("widget.css", "text/css"),
        ("console.js", "application/javascript"),
    ],
)
def test_static_files(client: Client, name: str, content_type: str) -> None:
    reply = client.get(f"/webhooks/shop/static/{name}")
    assert reply.status == 200 and reply.headers["content-type"].startswith(content_type)
    assert reply.text == (PROJECT_ROOT / "bot" / "web" / "static" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["nothing.js", "..%2Fpages%2Fdemo.html", "demo.html", "%2E%2E", "widget.js.map"]
)
def test_static_files_outside_the_list_are_not_found(client: Client, name: str) -> None:
    reply = client.get(f"/webhooks/shop/static/{name}")
    assert reply.status == 404


def test_demo_page_carries_a_signed_demo_profile(client: Client) -> None:
    reply = client.get("/webhooks/shop/demo")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/html")
    assert "{{PROFILE_TOKEN}}" not in reply.text
    tokens = [word for word in reply.text.replace('"', " ").replace("'", " ").split() if word.count(".") == 1]
    profiles = [verify_profile(token, profile_secret()) for token in tokens]
    assert {"buyer_id": "demo-buyer", "order_count": 2, "total_spend": 180.0} in profiles


# CORS and request size, as the Rasa server configures them.


def test_cors_allows_the_configured_shop_origin_only(client: Client) -> None:
    allowed = client.shop("/session", {}, headers={"Origin": SHOP_ORIGIN})
    assert allowed.status == 200
    assert allowed.headers.get("access-control-allow-origin") == SHOP_ORIGIN
    other = client.shop("/session", {}, headers={"Origin": "https://evil.example"})
    assert other.status == 200 and "access-control-allow-origin" not in other.headers
    plain = client.get("/webhooks/shop/ui")
    assert plain.headers.get("access-control-allow-origin") != "*"
    preflight = client.app.test_client.options(
        "/webhooks/shop/message",
        headers={
            "Origin": SHOP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )[1]
    assert preflight.headers.get("access-control-allow-origin") == SHOP_ORIGIN
    for reply in (allowed, other, plain, preflight):
        assert reply.headers.get("access-control-allow-origin") != "*"


@pytest.mark.parametrize("path", ["/webhooks/shop/message", "/webhooks/rest/webhook"])
def test_oversized_bodies_are_refused_by_sanic(client: Client, agent: StandInAgent, path: str) -> None:
    client.app.config.REQUEST_MAX_SIZE = 2_000
    session_id = client.session()
    reply = client.post(
        path, {"session_id": session_id, "sender": "s-1", "text": "x" * 5_000, "message": "x"}
    )
    assert reply.status == 413
    assert not agent.handled


# The agent API: /webhooks/shop/console and /webhooks/shop/agent/...


def test_console_login(client: Client) -> None:
    anonymous = client.get("/webhooks/shop/console")
    assert anonymous.status == 401 and "Agent login required" in anonymous.text
    wrong = client.get("/webhooks/shop/console?token=guess")
    assert wrong.status == 401
    login = client.get(f"/webhooks/shop/console?token={AGENT_TOKEN}", allow_redirects=False)
    assert login.status == 302 and login.headers["location"] == "/webhooks/shop/console"
    cookie = login.headers["set-cookie"]
    assert f"agent_token={AGENT_TOKEN}" in cookie and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and "Path=/webhooks/shop" in cookie
    page = (PROJECT_ROOT / "bot" / "web" / "pages" / "console.html").read_text(encoding="utf-8")
    by_cookie = client.get("/webhooks/shop/console", cookies={"agent_token": AGENT_TOKEN})
    assert by_cookie.status == 200 and by_cookie.text == page
    by_header = client.agent("GET", "/console")
    assert by_header.status == 200 and by_header.text == page
    assert client.get("/webhooks/shop/console", cookies={"agent_token": "guess"}).status == 401


AGENT_ROUTES = [
    ("GET", "/agent/conversations"),
    ("GET", "/agent/conversations/{session}"),
    ("GET", "/agent/conversations/{session}/suggest"),
    ("POST", "/agent/conversations/{session}/send"),
    ("POST", "/agent/conversations/{session}/takeover"),
    ("POST", "/agent/conversations/{session}/handback"),
    ("GET", "/agent/attachments/{attachment}"),
]


@pytest.mark.parametrize("method, path", AGENT_ROUTES)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer guess", f"Bearer {AGENT_TOKEN}x", f"Basic {AGENT_TOKEN}", AGENT_TOKEN],
    ids=["missing", "empty", "bad", "longer", "other-scheme", "no-scheme"],
)
def test_agent_api_needs_the_agent_token(
    client: Client, agent: StandInAgent, method: str, path: str, authorization: str | None
) -> None:
    session_id = client.session()
    url = "/webhooks/shop" + path.format(session=session_id, attachment="abc")
    headers = {"Authorization": authorization} if authorization is not None else {}
    body = {"text": "hello", "agent": "Eve"}
    reply = client.get(url, headers=headers) if method == "GET" else client.post(url, body, headers=headers)
    assert reply.status == 401
    assert reply.json == {"error": "agent token required (Authorization: Bearer <token>)"}
    assert stored_session(session_id)["taken_over_by"] is None
    assert bot_events(_events(agent, session_id)) == []


def test_agent_token_in_the_cookie_works_too(client: Client) -> None:
    reply = client.get("/webhooks/shop/agent/conversations", cookies={"agent_token": AGENT_TOKEN})
    assert reply.status == 200


@pytest.mark.parametrize("method, path", [r for r in AGENT_ROUTES if "{session}" in r[1]])
def test_agent_api_unknown_conversation(client: Client, method: str, path: str) -> None:
    reply = client.agent(method, path.format(session="web-" + "e" * 32), {"text": "hi"})
    assert reply.status == 404 and reply.json == {"error": "no such conversation"}


def test_agent_conversations_list(client: Client, agent: StandInAgent) -> None:
    assert client.agent("GET", "/agent/conversations").json == {"conversations": []}
    session_id = client.session()
    client.say(session_id, "do you ship to Chile?")
    [item] = client.agent("GET", "/agent/conversations").json["conversations"]
    assert item["session_id"] == session_id and item["language"] == "en"
    assert item["last_message"] == "We ship worldwide." and item["buyer_messages"] == 1
    assert item["handoff_requested"] == 0 and item["taken_over_by"] is None


def test_agent_conversation_detail(client: Client, agent: StandInAgent) -> None:
    session_id = client.session()
    agent.language = "es"
    client.say(session_id, "hacen envíos a chile?")
    reply = client.agent("GET", f"/agent/conversations/{session_id}")
    assert reply.status == 200
    detail = reply.json
    assert detail["session"]["session_id"] == session_id
    assert detail["language"] == "es" and detail["intent"] == "ask_shipping"
    buyer, bot = detail["messages"]
    assert buyer["role"] == "buyer" and buyer["intent"] == "ask_shipping" and buyer["language"] == "es"
    assert bot["role"] == "bot" and bot["text"] == "We ship worldwide."
    assert set(detail) >= {"persona", "persona_profile", "strategy_cards", "profile"}
    assert isinstance(detail["strategy_cards"], list) and detail["profile"] is None


def test_agent_suggestions(client: Client, agent: StandInAgent, settings: Settings) -> None:
    session_id = client.session()
    agent.language = "es"
    client.say(session_id, "hacen envíos a chile?")
    bad = client.agent("GET", f"/agent/conversations/{session_id}/suggest?agent_language=xx")
    assert bad.status == 400
    assert bad.json == {"error": f"agent_language must be one of {list(settings.languages)}"}
    reply = client.agent("GET", f"/agent/conversations/{session_id}/suggest?agent_language=en")
    assert reply.status == 200 and reply.json["language"] == "es"
    found = reply.json["suggestions"]
    assert found and [s["rank"] for s in found] == list(range(1, len(found) + 1))
    assert all(s["language"] == "es" and s["agent_language"] == "en" and s["text"] for s in found)
    default = client.agent("GET", f"/agent/conversations/{session_id}/suggest").json
    assert all(s["agent_language"] == settings.default_language for s in default["suggestions"])


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": 5},
        {"text": ""},
        {"text": " \x00 "},
        {"text": "x" * (MAX_AGENT_TEXT + 1)},
        {f"field{i}": "x" for i in range(MAX_BODY_FIELDS + 1)},
    ],
    ids=["missing", "number", "empty", "control-only", "too-long", "too-many-fields"],
)
def test_agent_send_rejects_bad_text(client: Client, agent: StandInAgent, body: dict[str, Any]) -> None:
    session_id = client.session()
    reply = client.agent("POST", f"/agent/conversations/{session_id}/send", body)
    assert reply.status == 400
    assert reply.json == {
        "error": f"'text' must be a non-empty string of at most {MAX_AGENT_TEXT} characters"
    }
    assert bot_events(_events(agent, session_id)) == []


def test_agent_send_reaches_the_buyer(client: Client, agent: StandInAgent) -> None:
    session_id = client.session()
    client.say(session_id, "hello")
    sent = client.agent(
        "POST",
        f"/agent/conversations/{session_id}/send",
        {"text": " Hi, Ana here \x07", "agent": "A" * 80},
    )
    assert sent.status == 200 and sent.json["sent"] is True and isinstance(sent.json["time"], float)
    last = bot_events(_events(agent, session_id))[-1]
    assert last.text == "Hi, Ana here"
    assert last.metadata == {"agent": "A" * 60, "language": "en", "persona": None}
    history = client.get(f"/webhooks/shop/history?session_id={session_id}").json["messages"]
    assert history[-1]["role"] == "agent" and history[-1]["text"] == "Hi, Ana here"
    assert history[-1]["time"] == sent.json["time"]
    client.agent("POST", f"/agent/conversations/{session_id}/send", raw="not json")
    assert len(bot_events(_events(agent, session_id))) == 2  # the bot's reply and the agent's


def test_agent_takeover_names_the_agent(client: Client) -> None:
    session_id = client.session()
    assert client.agent("POST", f"/agent/conversations/{session_id}/takeover").json == {
        "taken_over_by": "agent"
    }
    named = client.agent("POST", f"/agent/conversations/{session_id}/takeover", {"agent": "B" * 70})
    assert named.json == {"taken_over_by": "B" * 60}
    assert stored_session(session_id)["taken_over_by"] == "B" * 60


def test_agent_reads_an_attached_photo(client: Client) -> None:
    session_id = client.session()
    saved = client.upload({"session_id": session_id}, {"photo": ("a.png", PNG)}).json
    photo = client.agent("GET", f"/agent/attachments/{saved['attachment_id']}")
    assert photo.status == 200 and photo.content == PNG
    assert photo.headers["content-type"] == "image/png"
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert photo.headers["content-disposition"] == "inline"
    for missing in ("nope", "a" * 65, "..%2F..%2Fshop.sqlite"):
        reply = client.agent("GET", f"/agent/attachments/{missing}")
        assert reply.status == 404 and reply.json == {"error": "no such attachment"}


# The guarded REST channel: /webhooks/rest/...


def test_rest_health(client: Client) -> None:
    reply = client.get("/webhooks/rest/")
    assert reply.status == 200 and reply.json == {"status": "ok"}


def test_rest_message_gets_the_collected_replies(client: Client, agent: StandInAgent) -> None:
    reply = client.rest({"sender": "shop-app-1", "message": " hi\x00 ", "metadata": {"buyer_id": "b-9"}})
    assert reply.status == 200 and reply.json == [
        {"recipient_id": "shop-app-1", "text": "We ship worldwide."}
    ]
    [handled] = agent.handled
    assert handled.text == "hi" and handled.input_channel == "rest"
    assert handled.metadata == {"buyer_id": "b-9"}
    client.rest({"sender": "shop-app-1", "message": f"card {CARD}", "metadata": "not a dict"})
    assert agent.handled[1].text == "card [card]" and agent.handled[1].metadata == {"redacted": {"card": 1}}


SENDER_ERROR = f"'sender' must be a non-empty string of at most {MAX_SENDER_LENGTH} characters"


@pytest.mark.parametrize(
    "raw, status, message",
    [
        ("not json", 400, "expected a JSON object with 'sender' and 'message'"),
        ("[]", 400, "expected a JSON object with 'sender' and 'message'"),
        (
            json.dumps({f"f{i}": i for i in range(MAX_BODY_FIELDS + 1)}),
            400,
            "expected a JSON object with 'sender' and 'message'",
        ),
        (json.dumps({"message": "hi"}), 400, SENDER_ERROR),
        (json.dumps({"sender": 7, "message": "hi"}), 400, SENDER_ERROR),
        (json.dumps({"sender": "  ", "message": "hi"}), 400, SENDER_ERROR),
        (json.dumps({"sender": "s" * (MAX_SENDER_LENGTH + 1), "message": "hi"}), 400, SENDER_ERROR),
        (json.dumps({"sender": "a\nb", "message": "hi"}), 400, SENDER_ERROR),
        (json.dumps({"sender": "a\ud800", "message": "hi"}), 400, SENDER_ERROR),
        (
            json.dumps({"sender": "web-" + "f" * 32, "message": "hi"}),
            403,
            "this sender id belongs to the chat widget; use the shop channel",
        ),
        (json.dumps({"sender": "s-1"}), 400, "'message' must be a non-empty string"),
        (json.dumps({"sender": "s-1", "message": ["hi"]}), 400, "'message' must be a non-empty string"),
        (json.dumps({"sender": "s-1", "message": " \x00 "}), 400, "'message' must be a non-empty string"),
    ],
    ids=[
        "non-json",
        "array",
        "too-many-fields",
        "no-sender",
        "number-sender",
        "blank-sender",
        "long-sender",
        "unprintable-sender",
        "surrogate-sender",
        "widget-sender",
        "no-message",
        "list-message",
        "blank-message",
    ],
)
def test_rest_rejects_bad_bodies(
    client: Client, agent: StandInAgent, raw: str, status: int, message: str
) -> None:
    reply = client.rest(raw=raw)
    assert reply.status == status and reply.json == {"error": message}
    assert not agent.handled


def test_rest_too_long_message(client: Client, agent: StandInAgent, settings: Settings) -> None:
    agent.language = "fr"
    client.rest({"sender": "s-long", "message": "bonjour, c'est un vrai produit ?"})
    limit = settings.max_message_length
    long_text = "x" * (limit + 50)
    reply = client.rest({"sender": "s-long", "message": long_text, "metadata": {"buyer_id": "b-1"}})
    assert reply.status == 200
    assert reply.json == [{"recipient_id": "s-long", "text": ReplyBook(settings).flow("fr", "too_long")}]
    assert len(agent.handled) == 1
    stored = user_events(_events(agent, "s-long"))[-1]
    assert stored.text == f"{'x' * limit} […50 more characters]" and stored.metadata == {"buyer_id": "b-1"}
    assert bot_events(_events(agent, "s-long"))[-1].metadata["too_long"] is True


def test_rest_apology_when_nothing_was_collected(
    client: Client, agent: StandInAgent, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    agent.language, agent.answer = "de", None
    with caplog.at_level(logging.WARNING, logger="bot.channels"):
        reply = client.rest({"sender": "s-down", "message": "Versand nach Chile?"})
    apology = ReplyBook(settings).flow("de", "technical_problem")
    assert reply.status == 200 and reply.json == [{"recipient_id": "s-down", "text": apology}]
    last = bot_events(_events(agent, "s-down"))[-1]
    assert last.text == apology and last.metadata["technical_problem"] is True
    assert last.metadata["language"] == "de"
    assert any("s-down" in r.getMessage() and "no bot message" in r.getMessage() for r in caplog.records)


def _events(agent: StandInAgent, sender_id: str) -> list[Any]:
    import asyncio

    return asyncio.run(agent.events(sender_id))
