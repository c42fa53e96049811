"""Photos buyers attach (damaged item, wrong size): checked by content, kept in the shop database."""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL

from bot.database import attachments
from bot.settings import PROJECT_ROOT
from bot.storage import shop_database

MAX_BYTES = 5 * 1024 * 1024
# Where photos were kept before they moved into the database; still read for rows from then.
UPLOADS_ENV = "SHOP_UPLOADS"
_FIELDS = ("attachment_id", "session_id", "file_name", "content_type", "size")
# What `save` hands out (secrets.token_urlsafe(16)); anything else is not looked up at all.
ATTACHMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


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
    """Photos and their records in the shop database (`bot.database`), so that a photo uploaded
    through one Rasa instance can be shown to an agent by any other."""

    def __init__(self, directory: Path | None = None, database: Path | str | URL | None = None) -> None:
        self.directory = legacy_uploads_dir(directory)
        self.database = shop_database(database)

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
        with self.database.begin() as connection:
            connection.execute(
                attachments.insert().values(
                    attachment_id=attachment_id,
                    session_id=session_id,
                    file_name=attachment_id + extension,
                    content_type=content_type,
                    size=len(data),
                    created_at=time.time(),
                    data=bytes(data),
                )
            )
        return {"attachment_id": attachment_id, "content_type": content_type, "size": len(data)}

    def get(self, attachment_id: str) -> dict[str, Any] | None:
        if not isinstance(attachment_id, str) or not ATTACHMENT_ID.fullmatch(attachment_id):
            return None
        query = sa.select(*(attachments.c[name] for name in _FIELDS)).where(
            attachments.c.attachment_id == attachment_id
        )
        with self.database.begin() as connection:
            row = connection.execute(query).mappings().first()
        return dict(row) if row else None

    def read(self, attachment_id: str) -> tuple[bytes, str] | None:
        if not isinstance(attachment_id, str) or not ATTACHMENT_ID.fullmatch(attachment_id):
            return None
        query = sa.select(attachments.c.file_name, attachments.c.content_type, attachments.c.data).where(
            attachments.c.attachment_id == attachment_id
        )
        with self.database.begin() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        file_name, content_type, data = row
        if data is None:
            # A photo stored before photos moved into the database.
            path = self.directory / Path(file_name).name
            if not path.is_file():
                return None
            data = path.read_bytes()
        return bytes(data), content_type

    def belongs_to(self, attachment_id: Any, session_id: str) -> bool:
        record = self.get(attachment_id)
        return record is not None and record["session_id"] == session_id


def legacy_uploads_dir(directory: Path | None = None) -> Path:
    """$SHOP_UPLOADS (var/uploads): photos of rows written before they were kept in the database."""
    return Path(directory or os.environ.get(UPLOADS_ENV) or PROJECT_ROOT / "var" / "uploads")
