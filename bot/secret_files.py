"""Secrets that come from the environment, else from a file generated once (the Rasa API token,
the agent token, the profile-signing key)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def env_or_generated(variable: str, path: Path, nbytes: int = 32) -> str:
    """$variable when set and non-empty, else the token kept in `path`, generated on first use.

    The file is created with mode 0600 in one step (never readable by others, even briefly), and
    when two processes start together the one that loses the race reads the winner's token.
    """
    value = os.environ.get(variable)
    if value:
        return value
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()
