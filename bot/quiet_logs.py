"""Keeps Rasa's and TensorFlow's logging off a terminal that prints its own output (the trainers'
`bot` command, the benchmark)."""

from __future__ import annotations

import logging
import os
import warnings

NOISY_LOGGERS = ("rasa", "tensorflow", "absl", "jieba", "sqlalchemy", "matplotlib")


def _no_warning(*args: object, **kwargs: object) -> None:
    return None


def quiet_rasa(level: int = logging.ERROR) -> None:
    """Only records at `level` and above from Rasa and its libraries, and no Python warnings.

    Rasa logs every parse through structlog (to stdout) and reads $LOG_LEVEL when it configures
    its own loggers, so all three are set.
    """
    import structlog

    os.environ.setdefault("LOG_LEVEL", logging.getLevelName(level))
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(level)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(level))
    # Some of Rasa's dependencies reset the warning filters while importing, so filters
    # alone do not keep their deprecation notices off the terminal.
    warnings.showwarning = _no_warning
