"""Photos buyers attach (damaged item, wrong size): checked by content, stored outside the web root."""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT
from bot.storage import database_path

MAX_BYTES = 5 * 1024 * 1024
UPLOADS_ENV = "SHOP_UPLOADS"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS attachments (attachment_id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
    " file_name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, created_at REAL NOT NULL)"
)
_INSERT = (
    "INSERT INTO attachments (attachment_id, session_id, file_name, content_type, size, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_GET = (
    "SELECT attachment_id, session_id, file_name, content_type, size FROM attachments WHERE attachment_id = ?"
)


class AttachmentError(ValueError):
    """The upload is not an accepted photo."""


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, whatever name or type the client claimed."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


class AttachmentStore:
    def __init__(self, directory: Path | None = None, database: Path | None = None) -> None:
        self.directory = Path(directory or os.environ.get(UPLOADS_ENV, PROJECT_ROOT / "var" / "uploads"))
        self.database = Path(database) if database else database_path()

    def _connect(self) -> sqlite3.Connection:
        self.database.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.database, timeout=10)
        connection.execute(_SCHEMA)
        return connection

    def save(self, session_id: str, data: bytes) -> dict[str, Any]:
        if not data:
            raise AttachmentError("the file is empty")
        if len(data) > MAX_BYTES:
            raise AttachmentError(f"the photo is larger than {MAX_BYTES // (1024 * 1024)} MB")
        kind = sniff_image(data)
        if kind is None:
            raise AttachmentError("only JPEG, PNG and WebP photos are accepted")
        content_type, extension = kind
        attachment_id = secrets.token_urlsafe(16)
        self.directory.mkdir(parents=True, exist_ok=True)
        file_name = attachment_id + extension
        (self.directory / file_name).write_bytes(data)
        with closing(self._connect()) as connection, connection:
            connection.execute(
                _INSERT, (attachment_id, session_id, file_name, content_type, len(data), time.time())
            )
        return {"attachment_id": attachment_id, "content_type": content_type, "size": len(data)}

    def get(self, attachment_id: str) -> dict[str, Any] | None:
        with closing(self._connect()) as connection:
            row = connection.execute(_GET, (attachment_id,)).fetchone()
        if row is None:
            return None
        return dict(
            zip(("attachment_id", "session_id", "file_name", "content_type", "size"), row, strict=True)
        )

    def read(self, attachment_id: str) -> tuple[bytes, str] | None:
        record = self.get(attachment_id)
        if record is None:
            return None
        return (self.directory / record["file_name"]).read_bytes(), record["content_type"]

    def belongs_to(self, attachment_id: Any, session_id: str) -> bool:
        if not isinstance(attachment_id, str) or len(attachment_id) > 64:
            return False
        record = self.get(attachment_id)
        return record is not None and record["session_id"] == session_id
