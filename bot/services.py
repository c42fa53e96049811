"""Starts and stops the product's processes: the action server and the Rasa server.

Used by `make run` (python -m bot.services) and by the end-to-end tests, so that
both start the product the same way.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy.exc import SQLAlchemyError

from bot.database import DatabaseError, check_reachable, shop_database_url, sqlite_file
from bot.endpoints import DEFAULT_ENDPOINTS, read_endpoints
from bot.errors import StartupError
from bot.secret_files import env_or_generated
from bot.settings import PROJECT_ROOT, SettingsError, load_settings
from bot.training import ensure_model

LOOPBACK = "127.0.0.1"
# Photos of up to 5 MB come in one multipart request; anything larger is refused with 413.
MAX_REQUEST_BYTES = 6 * 1024 * 1024


@dataclass
class ServiceConfig:
    rasa_port: int = 5005
    actions_port: int = 5055
    interface: str = LOOPBACK
    state_dir: Path = PROJECT_ROOT / "var"
    model: Path | None = None
    auth_token: str | None = None
    cors_origins: tuple[str, ...] = ()
    log_dir: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    # Rasa's endpoints file (tracker store, lock store, action server); None: the project's
    # endpoints.yml (SQLite). endpoints.production.yml: PostgreSQL and Redis (docs/production.md).
    endpoints: Path | None = None
    # False: use an action server that is already running on actions_port (e.g. one shared by
    # several Rasa instances) instead of starting one.
    start_actions: bool = True

    @property
    def endpoints_file(self) -> Path:
        return PROJECT_ROOT / self.endpoints if self.endpoints else DEFAULT_ENDPOINTS

    @property
    def rasa_url(self) -> str:
        return f"http://{LOOPBACK}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{LOOPBACK}:{self.actions_port}"


def auth_token(state_dir: Path) -> str:
    """The Rasa HTTP API token: $RASA_AUTH_TOKEN, else one generated once and kept in var/."""
    return env_or_generated("RASA_AUTH_TOKEN", state_dir / "rasa_auth_token")


def wait_until_up(url: str, process: subprocess.Popen, name: str, timeout: float, log: Path | None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            hint = f" (see {log})" if log else ""
            raise StartupError(f"{name} exited with code {process.returncode} during start-up{hint}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise StartupError(f"{name} did not answer on {url} within {timeout:.0f} s")


def check_model(path: Path) -> None:
    """Fails with one clear line when the model is missing or not a readable Rasa model."""
    if not path.is_file():
        raise StartupError(f"no trained model at {path}: run `make train`")
    try:
        with tarfile.open(path, "r:gz") as archive:
            names = archive.getnames()
    except (tarfile.TarError, OSError, EOFError, zlib.error) as problem:
        raise StartupError(
            f"the model {path} is corrupt ({problem}): delete it and run `make train`"
        ) from None
    if not any(name.endswith("metadata.json") for name in names):
        raise StartupError(f"{path} is not a Rasa model: delete it and run `make train`")


def check_database(path: Path, what: str = "conversation database", variable: str = "TRACKER_DB") -> None:
    """Fails with one clear line when an SQLite database cannot be opened."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=5)) as connection:
            connection.execute("SELECT 1").fetchone()
    except (OSError, sqlite3.Error) as problem:
        raise StartupError(
            f"the {what} {path} cannot be opened ({problem}): check {variable} and its folder"
        ) from None


def _check_postgresql(store: dict[str, Any], endpoints: Path) -> None:
    import psycopg2

    host, port, db = store.get("url") or "localhost", store.get("port") or 5432, store.get("db")
    where = f"postgresql://{store.get('username') or ''}@{host}:{port}/{db}"
    options = {str(key): str(value) for key, value in (store.get("query") or {}).items()}
    try:
        connection = psycopg2.connect(
            host=host,
            port=int(port),
            dbname=db,
            user=store.get("username") or None,
            password=store.get("password") or None,
            connect_timeout=5,
            **options,
        )
        connection.close()
    except (psycopg2.Error, ValueError) as problem:
        reason = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
        raise StartupError(
            f"the conversation database {where} cannot be reached ({reason}):"
            f" check DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD (tracker_store in {endpoints.name})"
        ) from None


def _check_redis(lock: dict[str, Any], endpoints: Path) -> None:
    import redis

    host, port = lock.get("url") or "localhost", lock.get("port") or 6379
    try:
        client = redis.Redis(
            host=host,
            port=int(port),
            db=int(lock.get("db") or 1),
            username=lock.get("username") or None,
            password=lock.get("password") or None,
            ssl=str(lock.get("use_ssl", False)).lower() == "true",
            socket_timeout=5,
            socket_connect_timeout=5,
        )
        with closing(client):
            client.ping()
    except (redis.RedisError, ValueError) as problem:
        raise StartupError(
            f"the lock store redis://{host}:{port} cannot be reached ({problem}):"
            f" check REDIS_HOST, REDIS_PORT, REDIS_PASSWORD (lock_store in {endpoints.name})"
        ) from None


def check_shop_database(env: Mapping[str, str]) -> None:
    """Fails with one clear line when the shop database ($SHOP_DATABASE_URL or $SHOP_DB) is unusable."""
    try:
        url = shop_database_url(env)
        path = sqlite_file(url)
        if path is not None:
            check_database(path, what="shop database", variable="SHOP_DB")
        else:
            check_reachable(url)
    except DatabaseError as problem:
        raise StartupError(f"{problem}: check SHOP_DATABASE_URL (docs/production.md)") from None


def check_stores(endpoints: Path, env: Mapping[str, str]) -> None:
    """Fails with one clear line when the endpoints file's tracker store or lock store is unusable.

    Rasa itself waits forever for an unreachable SQL database; this says what to fix instead.
    """
    config = read_endpoints(endpoints, env)
    store = config.get("tracker_store") or {}
    if str(store.get("type", "")).lower() == "sql":
        dialect = str(store.get("dialect") or "sqlite").lower()
        if dialect == "sqlite":
            check_database(PROJECT_ROOT / str(store.get("db") or "rasa.db"))
        elif dialect.startswith("postgres"):
            _check_postgresql(store, endpoints)
    lock = config.get("lock_store") or {}
    if str(lock.get("type", "")).lower() == "redis":
        _check_redis(lock, endpoints)


class Services:
    """The running product: an action server and a Rasa server."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.processes: list[subprocess.Popen] = []
        self.token = config.auth_token or auth_token(config.state_dir)

    def _env(self) -> dict[str, str]:
        state = self.config.state_dir
        env = dict(os.environ)
        env.update(
            RASA_TELEMETRY_ENABLED="false",
            ACTION_ENDPOINT_URL=f"{self.config.actions_url}/webhook",
            TRACKER_DB=env.get("TRACKER_DB", str(state / "conversations.sqlite")),
            SANIC_HOST=LOOPBACK,
            PYTHONUNBUFFERED="1",
        )
        env.update(self.config.extra_env)
        return env

    def _spawn(
        self, name: str, command: list[str], env: dict[str, str] | None = None
    ) -> tuple[subprocess.Popen, Path | None]:
        log_path = None
        output = None
        if self.config.log_dir:
            self.config.log_dir.mkdir(parents=True, exist_ok=True)
            log_path = self.config.log_dir / f"{name}.log"
            output = log_path.open("ab")
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**self._env(), **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
        if output is not None:
            # The child has its own copy of the file descriptor.
            output.close()
        self.processes.append(process)
        return process, log_path

    def start_action_server(self, timeout: float = 120) -> subprocess.Popen:
        actions, log = self._spawn(
            "actions",
            [
                sys.executable,
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(self.config.actions_port),
            ],
        )
        self.actions = actions
        wait_until_up(f"{self.config.actions_url}/health", actions, "action server", timeout, log)
        return actions

    def stop_action_server(self) -> None:
        """Stops only the action server (to see the product cope without it)."""
        actions = getattr(self, "actions", None)
        if actions is not None and actions.poll() is None:
            os.killpg(actions.pid, signal.SIGTERM)
            actions.wait(timeout=20)
        if actions in self.processes:
            self.processes.remove(actions)

    def start(self, timeout: float = 240) -> Services:
        self.config.state_dir.mkdir(parents=True, exist_ok=True)
        model = self.config.model or ensure_model()
        check_model(Path(model))
        endpoints = self.config.endpoints_file
        if endpoints == DEFAULT_ENDPOINTS:
            check_database(Path(self._env()["TRACKER_DB"]))
        else:
            check_stores(endpoints, self._env())
        check_shop_database(self._env())
        python = sys.executable
        rasa_command = [
            python,
            "-m",
            "rasa",
            "run",
            "--model",
            str(model),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(PROJECT_ROOT / "credentials.yml"),
            "--interface",
            self.config.interface,
            "--port",
            str(self.config.rasa_port),
            "--enable-api",
            "--auth-token",
            self.token,
        ]
        if self.config.cors_origins:
            rasa_command += ["--cors", *self.config.cors_origins]
        try:
            if self.config.start_actions:
                self.start_action_server(timeout)
            # Larger bodies are refused with 413 before they reach the assistant (the action
            # server keeps Sanic's default: it receives whole trackers).
            limit = os.environ.get("SANIC_REQUEST_MAX_SIZE", str(MAX_REQUEST_BYTES))
            rasa, rasa_log = self._spawn("rasa", rasa_command, {"SANIC_REQUEST_MAX_SIZE": limit})
            wait_until_up(f"{self.config.rasa_url}/", rasa, "Rasa server", timeout, rasa_log)
            self._wait_for_model(rasa, timeout, rasa_log)
        except StartupError:
            self.stop()
            raise
        return self

    def _wait_for_model(self, process: subprocess.Popen, timeout: float, log: Path | None) -> None:
        url = f"{self.config.rasa_url}/status?token={self.token}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise StartupError(f"Rasa server exited with code {process.returncode} (see {log})")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if b'"model_file"' in response.read():
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise StartupError("Rasa server did not load the model in time")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()

    def __enter__(self) -> Services:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the shop assistant (Rasa server + action server).")
    parser.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", 5005)))
    parser.add_argument("--actions-port", type=int, default=int(os.environ.get("ACTIONS_PORT", 5055)))
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    services = Services(
        ServiceConfig(rasa_port=args.port, actions_port=args.actions_port, cors_origins=settings.shop_origins)
    )
    try:
        from bot.retention import purge

        purge(settings.retention_days)
        services.start()
    except (StartupError, DatabaseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        print(
            f"error: retention could not reach a database ({reason[0] if reason else error})", file=sys.stderr
        )
        return 1
    except subprocess.CalledProcessError as error:
        print(f"error: training failed (exit code {error.returncode}); see the output above", file=sys.stderr)
        return 1
    base = services.config.rasa_url
    from bot.channels.agent_api import agent_token

    print(
        "\nThe shop assistant is running.\n"
        f"  Demo shop with the chat widget:  {base}/webhooks/shop/demo\n"
        f"  Agent console:                   {base}/webhooks/shop/console?token={agent_token()}\n"
        f'  Chat (REST channel):  POST {base}/webhooks/rest/webhook  {{"sender": "...", "message": "..."}}\n'
        f'  Parse a message:      POST {base}/model/parse?token=<token>  {{"text": "hola, es original?"}}\n'
        f"  Rasa HTTP API token:  in {services.config.state_dir / 'rasa_auth_token'} (or $RASA_AUTH_TOKEN)\n"
        f"  Action server:        {services.config.actions_url}/health\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )
    try:
        while all(p.poll() is None for p in services.processes):
            time.sleep(1)
        print("error: a process of the assistant stopped; shutting down.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        services.stop()


if __name__ == "__main__":
    sys.exit(main())
