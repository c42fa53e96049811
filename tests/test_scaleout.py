"""Scale-out: two Rasa instances share a PostgreSQL tracker store, a Redis lock store and one
action server (endpoints.production.yml); the turns of each conversation alternate between the
instances while the conversations run concurrently. Nothing may be lost or reordered.

The shop's own stores (chat sessions, hand-offs, photos, buyer profiles) are in the same PostgreSQL
($SHOP_DATABASE_URL): what one instance writes the other sees. Retention deletes old conversations
from the PostgreSQL tracker store and keeps recent ones.

PostgreSQL and Redis come from Debian packages (`apt-get install -y postgresql redis-server`,
done by .ci/run) and are started here on loopback, on free ports, in a temporary folder.
Figures are printed and written to tests/artifacts/scaleout.json.
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from bot.endpoints import read_endpoints
from bot.persona.profile import BuyerProfile, ProfileStore
from bot.services import ServiceConfig, Services, StartupError, check_stores
from bot.settings import PROJECT_ROOT
from bot.storage import ShopRecords
from bot.web.sessions import sign_profile
from tests.conftest import AGENT_TOKEN, ARTIFACTS, PROFILE_SECRET, free_port

PRODUCTION_ENDPOINTS = PROJECT_ROOT / "endpoints.production.yml"
CONVERSATIONS = 20
TURNS = 10
TOKEN = "scaleout-token"
BUYER_LINES = [
    "hi",
    "is this original?",
    "how long is shipping to spain",
    "do you ship to canada",
    "what sizes do you have",
    "any coupons?",
    "can i pay with paypal",
    "do i pay customs in the uk",
    "how many days to return",
    "thanks!",
    "hola, es original?",
    "cuánto tarda el envío",
    "merci",
    "danke",
    "obrigado",
    "спасибо",
    "谢谢",
    "شكرا",
]


# --- servers -------------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3].split(".")[0])
    )
    return Path(found[-1]).parent if found else None


def _missing_packages() -> list[str]:
    missing = []
    if _postgres_bin() is None or (os.geteuid() == 0 and not _system_user("postgres")):
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def _system_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _skip_without_packages() -> None:
    missing = _missing_packages()
    if missing:
        pytest.skip(
            f"Debian package(s) {' '.join(missing)} not installed: "
            f"apt-get install -y {' '.join(missing)} (.ci/run installs them)"
        )


class Postgres:
    """A throw-away PostgreSQL cluster on loopback (run as the `postgres` user when we are root)."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="shop-scaleout-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.superuser_password = secrets.token_hex(16)
        self.user, self.database, self.password = "shop", "shop", secrets.token_hex(16)
        self.started = False
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*prefix, *command], cwd=self.root, check=True, capture_output=True, text=True, timeout=120
        )

    def start(self) -> None:
        password_file = self.root / "superuser-password"
        password_file.write_text(self.superuser_password)
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(password_file, account.pw_uid, account.pw_gid)
        password_file.chmod(0o600)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
        )
        password_file.unlink()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root}"
            " -c max_connections=200 -c fsync=off"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "postgres.log"),
            "-o", options, "-w", "-t", "120", "start",
        )  # fmt: skip
        self.started = True
        import psycopg2

        connection = psycopg2.connect(
            host="127.0.0.1",
            port=self.port,
            dbname="postgres",
            user="postgres",
            password=self.superuser_password,
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE ROLE {self.user} LOGIN PASSWORD %s", (self.password,))
            cursor.execute(f"CREATE DATABASE {self.database} OWNER {self.user}")
        connection.close()

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the shop database ($SHOP_DATABASE_URL): the same database here."""
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def connect(self):
        import psycopg2

        return psycopg2.connect(
            host="127.0.0.1", port=self.port, dbname=self.database, user=self.user, password=self.password
        )

    def stop(self) -> None:
        if self.started:
            try:
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            except (subprocess.SubprocessError, OSError):
                pid_file = self.data / "postmaster.pid"
                if pid_file.exists():
                    try:
                        os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
                    except (ValueError, ProcessLookupError):
                        pass
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


class Redis:
    """A throw-away Redis on loopback, without persistence."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="shop-scaleout-redis-"))
        self.port = free_port()
        self.password = secrets.token_hex(16)
        self.process: subprocess.Popen | None = None

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, password=self.password, socket_timeout=5)

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--requirepass", self.password, "--save", "", "--appendonly", "no",
                "--dir", str(self.root), "--logfile", str(self.root / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                with self.client() as client:
                    client.ping()
                return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"redis-server did not start (see {self.root / 'redis.log'})"
                    ) from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres():
    _skip_without_packages()
    server = Postgres(_postgres_bin())
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def redis_server():
    _skip_without_packages()
    server = Redis()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _database_env(postgres) -> dict[str, str]:
    """What production sets for the tracker store (DB_*) and the shop database, pointing at `postgres`."""
    return {
        "DB_HOST": "127.0.0.1",
        "DB_PORT": str(postgres.port),
        "DB_NAME": postgres.database,
        "DB_USER": postgres.user,
        "DB_PASSWORD": postgres.password,
        "SHOP_DATABASE_URL": postgres.url,
    }


@pytest.fixture(scope="module")
def two_instances(trained_model, postgres, redis_server, tmp_path_factory):
    """Rasa instances A and B on endpoints.production.yml; A also starts the one action server."""
    state = tmp_path_factory.mktemp("scaleout-state")
    actions_port = free_port()
    # What the production environment sets (docs/production.md), here pointing at the servers above.
    # The shop's own stores are in PostgreSQL too ($SHOP_DATABASE_URL); each instance also gets its
    # own SQLite file and photo folder, so anything still written there would not be shared.
    env = {
        **_database_env(postgres),
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(redis_server.port),
        "REDIS_PASSWORD": redis_server.password,
        "SHOP_AGENT_TOKEN": AGENT_TOKEN,
        "SHOP_PROFILE_SECRET": PROFILE_SECRET,
    }
    instances = []
    with ExitStack() as stack:
        for name, start_actions in (("a", True), ("b", False)):
            config = ServiceConfig(
                rasa_port=free_port(),
                actions_port=actions_port,
                state_dir=state / name,
                model=trained_model,
                auth_token=TOKEN,
                log_dir=ARTIFACTS / "logs" / f"scaleout-{name}",
                extra_env={
                    **env,
                    "SHOP_DB": str(state / name / "shop.sqlite"),
                    "SHOP_PROFILE_DB": str(state / name / "profiles.sqlite"),
                    "SHOP_UPLOADS": str(state / name / "uploads"),
                },
                endpoints=PRODUCTION_ENDPOINTS,
                start_actions=start_actions,
            )
            services = Services(config)
            # Stopped even when a later start fails; one after the other, so that the first
            # instance creates the tables of the tracker store.
            stack.callback(services.stop)
            instances.append(services.start(timeout=600))
        yield instances


# --- the run -------------------------------------------------------------------------------


def request(
    port: int,
    method: str,
    path: str,
    body: dict | bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        sent = {"Content-Type": "application/json", **(headers or {})}
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def shop(
    port: int, method: str, path: str, body: dict | bytes | None = None, **headers: str
) -> tuple[int, Any]:
    """A shop-channel route (/webhooks/shop...); JSON answers decoded."""
    status, raw = request(port, method, f"/webhooks/shop{path}", body, headers)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def agent(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
    return shop(port, method, f"/agent{path}", body, Authorization=f"Bearer {AGENT_TOKEN}")


def upload_photo(port: int, session_id: str, photo: bytes) -> tuple[int, Any]:
    boundary = secrets.token_hex(16)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="session_id"\r\n\r\n{session_id}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="box.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + photo
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return shop(
        port, "POST", "/attachment", body, **{"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )


@pytest.mark.scaleout
@pytest.mark.model
@pytest.mark.server
def test_two_instances_alternating_turns_lose_and_reorder_nothing(
    two_instances, postgres, redis_server, capsys
) -> None:
    ports = [services.config.rasa_port for services in two_instances]
    scripts = {
        f"scale-{n:02d}": [
            f"{BUYER_LINES[(n * 7 + turn) % len(BUYER_LINES)]} #{turn:02d}" for turn in range(TURNS)
        ]
        for n in range(CONVERSATIONS)
    }
    with redis_server.client() as client:
        commands_before = int(client.info("stats")["total_commands_processed"])

    def converse(numbered: tuple[int, str]) -> list[tuple[int, int, bool]]:
        n, sender = numbered
        results = []
        for turn, text in enumerate(scripts[sender]):
            instance = (n + turn) % 2  # every turn on the other instance than the one before
            status, raw = request(
                ports[instance], "POST", "/webhooks/rest/webhook", {"sender": sender, "message": text}
            )
            answered = status == 200 and bool(json.loads(raw))
            results.append((instance, status, answered))
        return results

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        results = [r for conversation in pool.map(converse, enumerate(scripts)) for r in conversation]
    send_seconds = time.monotonic() - started
    assert Counter(status for _, status, _ in results) == Counter({200: CONVERSATIONS * TURNS})
    assert all(answered for _, _, answered in results)
    per_instance = Counter(instance for instance, _, _ in results)

    events_checked = 0
    for n, (sender, sent) in enumerate(scripts.items()):
        trackers = []
        for port in (ports[n % 2], ports[(n + 1) % 2]):
            status, raw = request(port, "GET", f"/conversations/{sender}/tracker?token={TOKEN}")
            assert status == 200, (sender, port, raw[:200])
            trackers.append(json.loads(raw)["events"])
        events = trackers[0]
        assert trackers[1] == events, f"{sender}: the two instances see different trackers"
        events_checked += len(events)
        assert [e["text"] for e in events if e["event"] == "user"] == sent, sender
        turns = "".join("u" if e["event"] == "user" else "b" for e in events if e["event"] in ("user", "bot"))
        assert turns.count("u") == TURNS and "uu" not in turns and turns.endswith("b"), (sender, turns)
        apologies = [
            e for e in events if e["event"] == "bot" and (e.get("metadata") or {}).get("technical_problem")
        ]
        assert not apologies, f"{sender}: the action server did not answer"

    with postgres.connect() as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT sender_id, COUNT(*) FROM events WHERE sender_id LIKE 'scale-%' GROUP BY sender_id"
        )
        rows = dict(cursor.fetchall())
    connection.close()
    assert set(rows) == set(scripts), "every conversation is stored in PostgreSQL"
    assert sum(rows.values()) >= events_checked
    with redis_server.client() as client:
        redis_commands = int(client.info("stats")["total_commands_processed"]) - commands_before

    figures = {
        "rasa_instances": len(ports),
        "action_servers": 1,
        "tracker_store": "PostgreSQL (SQL tracker store)",
        "lock_store": "Redis",
        "conversations": CONVERSATIONS,
        "turns_each": TURNS,
        "messages_sent": len(results),
        "messages_per_instance": [per_instance[0], per_instance[1]],
        "events_checked": events_checked,
        "trackers_compared_across_instances": CONVERSATIONS,
        "postgres_event_rows": sum(rows.values()),
        "redis_commands_during_run": redis_commands,
        "send_seconds": round(send_seconds, 1),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "scaleout.json").write_text(json.dumps(figures, indent=2))
    with capsys.disabled():
        print("\nscale-out figures:", json.dumps(figures))


# --- the shop's own stores, shared through PostgreSQL ---------------------------------------

PHOTO = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(64 * 1024)


def _update_figures(**figures: Any) -> None:
    path = ARTIFACTS / "scaleout.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(figures)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2))


@pytest.mark.scaleout
@pytest.mark.model
@pytest.mark.server
def test_what_one_instance_writes_to_the_shop_stores_the_other_sees(two_instances, postgres, capsys) -> None:
    a, b = (services.config.rasa_port for services in two_instances)
    checks = 0

    # A chat session issued by A is accepted by B (and B does not issue a new one).
    status, issued = shop(a, "POST", "/session", {})
    assert status == 200 and issued["new"], issued
    session_id = issued["session_id"]
    assert shop(b, "POST", "/session", {"session_id": session_id})[1] == {
        "session_id": session_id,
        "new": False,
    }
    checks += 1

    # A photo uploaded through A is attached to a message sent through B, and B shows it to an agent.
    status, saved = upload_photo(a, session_id, PHOTO)
    assert status == 200 and saved["size"] == len(PHOTO), saved
    buyer_id = f"scale-buyer-{secrets.token_hex(4)}"
    ProfileStore(postgres.url).save(BuyerProfile(buyer_id=buyer_id, order_count=9, total_spend=4321.0))
    token = sign_profile({"buyer_id": buyer_id}, PROFILE_SECRET.encode())
    status, answer = shop(
        b,
        "POST",
        "/message",
        {
            "session_id": session_id,
            "text": "the box arrived damaged",
            "attachments": [saved["attachment_id"]],
            "profile_token": token,
        },
    )
    assert status == 200 and answer["messages"], answer
    status, photo = agent(b, "GET", f"/attachments/{saved['attachment_id']}")
    assert status == 200 and photo == PHOTO
    status, photo = agent(a, "GET", f"/attachments/{saved['attachment_id']}")
    assert status == 200 and photo == PHOTO
    checks += 2

    # B's agent API sees the attachment on the message, and the profile stored in the shared database
    # (only the buyer id came with the message: the profile itself is looked up in the store).
    status, detail = agent(b, "GET", f"/conversations/{session_id}")
    assert status == 200, detail
    assert saved["attachment_id"] in detail["messages"][0]["attachments"]
    assert detail["profile"]["order_count"] == 9 and detail["profile"]["total_spend"] == 4321.0, detail[
        "profile"
    ]
    checks += 2

    # A hand-off requested through A: the record (written by the action server) is in PostgreSQL and
    # the conversation is listed first by B's agent API.
    status, answer = shop(
        a, "POST", "/message", {"session_id": session_id, "text": "i want to talk to a human agent"}
    )
    assert status == 200, answer
    records = ShopRecords(postgres.url).handoffs(session_id)
    assert records and records[0]["reason"], records
    status, listed = agent(b, "GET", "/conversations")
    assert status == 200 and listed["conversations"][0]["session_id"] == session_id, listed["conversations"][
        :2
    ]
    assert listed["conversations"][0]["handoff_requested"]
    checks += 2

    # An agent takes over on B: the assistant is silent on A; handed back on A, it answers on B.
    assert agent(b, "POST", f"/conversations/{session_id}/takeover", {"agent": "Ana"})[0] == 200
    status, answer = shop(a, "POST", "/message", {"session_id": session_id, "text": "hello?"})
    assert status == 200 and answer["messages"] == [], answer
    assert shop(a, "GET", f"/history?session_id={session_id}")[1]["taken_over"] is True
    assert agent(a, "POST", f"/conversations/{session_id}/handback")[0] == 200
    status, answer = shop(b, "POST", "/message", {"session_id": session_id, "text": "is this original?"})
    assert status == 200 and answer["messages"], answer
    checks += 3

    # Nothing of it went to an instance's own SQLite file or photo folder.
    for services in two_instances:
        leftovers = [
            path.name
            for path in services.config.state_dir.glob("*")
            if path.name in ("shop.sqlite", "profiles.sqlite", "uploads")
        ]
        assert not leftovers, f"{services.config.state_dir.name}: shop data outside the shared database"
    with postgres.connect() as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM attachments WHERE attachment_id = %s AND data IS NOT NULL",
            (saved["attachment_id"],),
        )
        assert cursor.fetchone() == (1,)
    connection.close()
    checks += 2
    _update_figures(shop_store="PostgreSQL ($SHOP_DATABASE_URL)", cross_instance_shop_checks=checks)
    with capsys.disabled():
        print(f"\nshop stores shared through PostgreSQL: {checks} cross-instance checks passed")


@pytest.mark.scaleout
@pytest.mark.model
@pytest.mark.server
def test_retention_on_the_postgresql_tracker_store(two_instances, postgres, capsys) -> None:
    a, b = (services.config.rasa_port for services in two_instances)
    old, recent = f"retention-old-{secrets.token_hex(4)}", f"retention-recent-{secrets.token_hex(4)}"
    for sender, port in ((old, a), (recent, b)):
        status, raw = request(port, "POST", "/webhooks/rest/webhook", {"sender": sender, "message": "hi"})
        assert status == 200 and json.loads(raw), raw
    status, issued = shop(a, "POST", "/session", {})
    old_session = issued["session_id"]
    with postgres.connect() as connection, connection.cursor() as cursor:
        # The old conversation's events, and an old widget session, as if 120 days had passed.
        cursor.execute(
            "UPDATE events SET timestamp = timestamp - %s WHERE sender_id = %s", (120 * 86400, old)
        )
        aged_events = cursor.rowcount
        cursor.execute(
            "UPDATE chat_sessions SET last_activity = last_activity - %s WHERE session_id = %s",
            (120 * 86400, old_session),
        )
        cursor.execute("SELECT COUNT(DISTINCT sender_id) FROM events")
        (conversations_before,) = cursor.fetchone()
    connection.close()
    assert aged_events > 0

    env = {**os.environ, **_database_env(postgres)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.retention", "--days", "90", "--endpoints", str(PRODUCTION_ENDPOINTS)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "removed 1 conversations" in result.stdout and "postgresql://" in result.stdout, result.stdout
    assert postgres.password not in result.stdout + result.stderr

    with postgres.connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events WHERE sender_id = %s", (old,))
        assert cursor.fetchone() == (0,), "the old conversation is deleted"
        cursor.execute("SELECT COUNT(*) FROM events WHERE sender_id = %s", (recent,))
        assert cursor.fetchone()[0] > 0, "the recent conversation is kept"
        cursor.execute("SELECT COUNT(DISTINCT sender_id) FROM events")
        assert cursor.fetchone() == (conversations_before - 1,), "only the old conversation went"
        cursor.execute("SELECT COUNT(*) FROM chat_sessions WHERE session_id = %s", (old_session,))
        assert cursor.fetchone() == (0,), "the old widget session is deleted"
    connection.close()
    # The instances still serve the recent conversation and start the deleted one afresh.
    status, raw = request(b, "GET", f"/conversations/{recent}/tracker?token={TOKEN}")
    assert status == 200 and any(e["event"] == "user" for e in json.loads(raw)["events"])
    status, raw = request(a, "GET", f"/conversations/{old}/tracker?token={TOKEN}")
    assert status == 200 and not any(e["event"] == "user" for e in json.loads(raw)["events"])
    _update_figures(
        retention_on_postgresql={
            "aged_events": aged_events,
            "conversations_deleted": 1,
            "kept": conversations_before - 1,
        }
    )
    with capsys.disabled():
        print(f"\nretention on PostgreSQL: {result.stdout.strip()}")


# --- start-up checks of the production endpoints (no servers needed) -----------------------


def _production_env(**overrides: str) -> dict[str, str]:
    env = {
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook",
        "DB_HOST": "127.0.0.1",
        "DB_PORT": str(free_port()),  # nothing listens there
        "DB_NAME": "shop",
        "DB_USER": "shop",
        "DB_PASSWORD": "secret",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(free_port()),
        "REDIS_PASSWORD": "",
    }
    env.update(overrides)
    return env


def test_production_endpoints_read_as_rasa_reads_them() -> None:
    config = read_endpoints(PRODUCTION_ENDPOINTS, _production_env(DB_PORT="6543", REDIS_PORT="6380"))
    assert config["tracker_store"]["dialect"] == "postgresql"
    assert config["tracker_store"]["port"] == "6543" and config["lock_store"]["type"] == "redis"
    # Rasa fills in ${VAR} only in unquoted values.
    text = PRODUCTION_ENDPOINTS.read_text()
    assert "${" in text and "'${" not in text and '"${' not in text


def test_missing_environment_variable_is_one_clear_line() -> None:
    env = _production_env()
    del env["DB_PASSWORD"]
    with pytest.raises(StartupError, match="needs the environment variable\\(s\\) DB_PASSWORD"):
        check_stores(PRODUCTION_ENDPOINTS, env)


def test_unreachable_postgresql_is_one_clear_line() -> None:
    with pytest.raises(
        StartupError, match="conversation database postgresql://.* cannot be reached .*DB_HOST"
    ):
        check_stores(PRODUCTION_ENDPOINTS, _production_env())


def test_unreachable_redis_is_one_clear_line(postgres) -> None:
    env = _production_env(
        DB_PORT=str(postgres.port),
        DB_NAME=postgres.database,
        DB_USER=postgres.user,
        DB_PASSWORD=postgres.password,
    )
    with pytest.raises(StartupError, match="lock store redis://.* cannot be reached .*REDIS_HOST"):
        check_stores(PRODUCTION_ENDPOINTS, env)
