"""Shared fixtures: the shop's settings, a language identifier learned from the data,
the trained model and the running product."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bot import locales  # noqa: E402
from bot.nlu.data import labelled_examples  # noqa: E402
from bot.nlu.language import LanguageIdentifier, learn_language_model  # noqa: E402
from bot.settings import PROJECT_ROOT, Settings, load_settings  # noqa: E402

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
AGENT_TOKEN = "test-agent-token"
PROFILE_SECRET = "test-profile-secret"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def languages(settings: Settings) -> tuple[str, ...]:
    return settings.languages


@pytest.fixture(scope="session")
def identifier(settings: Settings) -> LanguageIdentifier:
    """The language identifier as training builds it, without training the whole model."""
    chat_words = {
        lang: locales.lexicon(settings.locales_dir, lang).get("chat_words") or []
        for lang in settings.languages
    }
    model = learn_language_model(
        labelled_examples(list(settings.languages)),
        settings.languages,
        settings.default_language,
        chat_words,
        min_confidence=settings.min_language_confidence,
        seed=settings.language_seed,
    )
    return LanguageIdentifier(model)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The current model; trained here when the data changed since the last one."""
    from bot.training import ensure_model

    # $SHOP_MODEL pins a model file (e.g. while iterating on tests); otherwise train when stale.
    if os.environ.get("SHOP_MODEL"):
        return Path(os.environ["SHOP_MODEL"])
    return ensure_model()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def running_product(trained_model: Path, tmp_path_factory: pytest.TempPathFactory):
    """The Rasa server and the action server, on free loopback ports with their own database."""
    from bot.services import ServiceConfig, Services

    state = tmp_path_factory.mktemp("state")
    config = ServiceConfig(
        rasa_port=free_port(),
        actions_port=free_port(),
        state_dir=state,
        model=trained_model,
        auth_token="test-token",
        log_dir=ARTIFACTS / "logs",
        extra_env={
            "TRACKER_DB": str(state / "conversations.sqlite"),
            # The shop's stores in this run's own SQLite files, whatever $SHOP_DATABASE_URL says.
            "SHOP_DATABASE_URL": "",
            "SHOP_DB": str(state / "shop.sqlite"),
            "SHOP_PROFILE_DB": str(state / "profiles.sqlite"),
            "SHOP_UPLOADS": str(state / "uploads"),
            "SHOP_AGENT_TOKEN": AGENT_TOKEN,
            "SHOP_PROFILE_SECRET": PROFILE_SECRET,
        },
    )
    services = Services(config).start()
    yield services
    services.stop()
