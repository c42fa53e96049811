"""`bot review`: buyer messages the model was unsure about, from the tracker store, one step from an example."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import click

from bot.cli.add_example import AddResult, add_example
from bot.cli.add_example import report as report_added
from bot.cli.common import CliError, Output, Project, handle_errors, json_option, project_of
from bot.cli.nlu_files import read_examples

TRACKER_DB_ENV = "TRACKER_DB"
FALLBACK = "nlu_fallback"
# Rows read from the newest backwards when looking for unsure messages.
SCAN_LIMIT = 5000


@dataclass
class Candidate:
    id: int
    sender: str
    time: str
    text: str
    language: str | None
    intent: str | None
    confidence: float
    guess: str | None
    known: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def tracker_db(project: Project, explicit: str | None = None) -> Path:
    """--db, else $TRACKER_DB, else var/conversations.sqlite of the project."""
    value = explicit or os.environ.get(TRACKER_DB_ENV) or ""
    path = Path(value) if value.strip() else project.root / "var" / "conversations.sqlite"
    if not path.is_file():
        raise CliError(
            f"no conversation store at {path} (set {TRACKER_DB_ENV} or pass --db; "
            "it is written by the running assistant)"
        )
    return path


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        connection.execute("SELECT id, sender_id, type_name, timestamp, data FROM events LIMIT 1")
    except sqlite3.Error as error:
        raise CliError(f"{path}: not a Rasa tracker store ({error})") from error
    return connection


def _candidate(row: tuple[Any, ...]) -> Candidate | None:
    event_id, sender, timestamp, data = row
    try:
        event = json.loads(data or "{}")
    except json.JSONDecodeError:
        return None
    text = event.get("text")
    if not isinstance(text, str) or not text.strip() or text.startswith("/"):
        return None
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = [i for i in parse.get("intent_ranking") or [] if i.get("name") != FALLBACK]
    when = datetime.fromtimestamp(float(timestamp or event.get("timestamp") or 0), tz=timezone.utc)
    return Candidate(
        id=int(event_id),
        sender=str(sender),
        time=when.strftime("%Y-%m-%d %H:%M"),
        text=" ".join(text.split()),
        language=(parse.get("language") or {}).get("name"),
        intent=intent.get("name"),
        confidence=round(float(intent.get("confidence") or 0.0), 3),
        guess=ranking[0].get("name") if ranking else None,
    )


def unsure_messages(project: Project, db: Path, limit: int = 20, threshold: float = 0.5) -> list[Candidate]:
    """The newest buyer messages with intent confidence below `threshold` or a fallback."""
    known: dict[str, set[str]] = {}
    found: list[Candidate] = []
    seen: set[str] = set()
    with closing(_connect(db)) as connection:
        rows = connection.execute(
            "SELECT id, sender_id, timestamp, data FROM events WHERE type_name = ? ORDER BY id DESC LIMIT ?",
            ("user", SCAN_LIMIT),
        )
        for row in rows:
            candidate = _candidate(row)
            if candidate is None:
                continue
            if candidate.intent != FALLBACK and candidate.confidence >= threshold:
                continue
            key = candidate.text.casefold()
            if key in seen:
                continue
            seen.add(key)
            language = candidate.language
            if language and language not in known:
                try:
                    known[language] = {e.text.casefold() for e in read_examples(project, language)}
                except CliError:
                    known[language] = set()
            candidate.known = key in known.get(language or "", set())
            found.append(candidate)
            if len(found) >= limit:
                break
    return found


def message_by_id(db: Path, event_id: int) -> Candidate:
    with closing(_connect(db)) as connection:
        row = connection.execute(
            "SELECT id, sender_id, timestamp, data FROM events WHERE id = ? AND type_name = ?",
            (event_id, "user"),
        ).fetchone()
    candidate = _candidate(row) if row else None
    if candidate is None:
        raise CliError(f"no buyer message with id {event_id} in {db}")
    return candidate


def add_reviewed(
    project: Project,
    db: Path,
    event_id: int,
    intent: str,
    language: str | None,
    confirm: Callable[[str], bool],
) -> tuple[Candidate, AddResult]:
    """Turns one stored buyer message into a training example (with add-example's checks)."""
    message = message_by_id(db, event_id)
    language = language or message.language
    if not language:
        raise CliError(f"message {event_id} has no detected language; pass --language")
    return message, add_example(project, intent, language, message.text, confirm)


def render(out: Output, candidates: list[Candidate], threshold: float) -> None:
    if not candidates:
        out.line(f"No recent buyer message below confidence {threshold} or with a fallback.")
        return
    out.line(f"Buyer messages the model was unsure about (newest first, confidence < {threshold}):")
    for c in candidates:
        intent = f"{c.intent} ({c.confidence:.2f})"
        if c.intent == FALLBACK and c.guess:
            intent += f", best guess {c.guess}"
        mark = "  [already an example]" if c.known else ""
        out.line(f"{c.id:>6}  {c.time}  [{c.language or '?'}] {intent}{mark}", bold=True)
        out.line(f"        {c.text}")
    out.line()
    out.line("Add one as a training example: bot review --add ID --intent INTENT")


@click.command("review")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="Messages to list."
)
@click.option(
    "--threshold", default=0.5, show_default=True, type=click.FloatRange(0, 1), help="Intent confidence."
)
@click.option("--db", type=click.Path(dir_okay=False), help="Tracker store (default: $TRACKER_DB).")
@click.option("--add", "add_id", type=int, help="Id of a listed message to add as a training example.")
@click.option("--intent", help="Intent of the message given with --add.")
@click.option("--language", "-l", help="Language of the message (default: the detected one).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@click.pass_context
@handle_errors
def review_command(
    ctx: click.Context,
    limit: int,
    threshold: float,
    db: str | None,
    add_id: int | None,
    intent: str | None,
    language: str | None,
    yes: bool,
    as_json: bool,
):
    """List recent buyer messages with low intent confidence or a fallback.

    With --add ID --intent X the message becomes a training example in one step
    (checked like `bot add-example`).
    """
    out = Output(as_json)
    project = project_of(ctx)
    path = tracker_db(project, db)
    if add_id is not None:
        if not intent:
            raise CliError("--add needs --intent")
        message, result = add_reviewed(
            project, path, add_id, intent, language, confirm=lambda q: yes or out.confirm(q)
        )
        if as_json:
            out.document({**result.as_dict(), "message": message.as_dict()})
        else:
            out.line(f"Message {message.id}: {message.text}")
            report_added(out, result)
        return 0
    if intent:
        raise CliError("--intent is only used with --add ID")
    candidates = unsure_messages(project, path, limit, threshold)
    if as_json:
        out.document(
            {
                "ok": True,
                "db": str(path),
                "threshold": threshold,
                "messages": [c.as_dict() for c in candidates],
            }
        )
    else:
        render(out, candidates, threshold)
    return 0
