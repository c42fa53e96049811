"""The error every start-up check raises: one line that says what to fix."""

from __future__ import annotations


class StartupError(RuntimeError):
    """A part of the product cannot start (a process, a database, a configuration file)."""
