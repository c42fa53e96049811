"""What every command shares: the project it works on, errors, terminal and JSON output."""

from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import click
import yaml

from bot import locales
from bot.settings import (
    LOCALES_ENV,
    PROJECT_ROOT,
    SETTINGS_ENV,
    Settings,
    SettingsError,
    parse_settings,
)

PROJECT_ENV = "SHOP_PROJECT"


class CliError(click.ClickException):
    """A problem the trainer can fix (bad input, missing file); shown without a traceback."""

    exit_code = 1


@dataclass(frozen=True)
class Project:
    """The files a command reads and writes: a project folder (the repository or a copy of it)."""

    root: Path
    settings_file: Path
    locales_dir: Path

    @property
    def domain_file(self) -> Path:
        return self.root / "domain.yml"

    def nlu_dir(self, language: str) -> Path:
        return self.root / "data" / "nlu" / language

    def relative(self, path: str | Path) -> str:
        """`path` relative to the project when it is inside it (for messages)."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def settings(self) -> Settings:
        """The project's shop settings, read fresh (a copy of the project has its own)."""
        if not self.settings_file.is_file():
            raise CliError(f"settings file not found: {self.settings_file}")
        try:
            raw = yaml.safe_load(self.settings_file.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise CliError(f"{self.settings_file}: not valid YAML ({error})") from error
        return parse_settings(raw, self.settings_file, self.locales_dir)

    def domain(self) -> dict[str, Any]:
        if not self.domain_file.is_file():
            raise CliError(f"domain file not found: {self.domain_file}")
        try:
            content = yaml.safe_load(self.domain_file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise CliError(f"{self.domain_file}: not valid YAML ({error})") from error
        if not isinstance(content, dict):
            raise CliError(f"{self.domain_file}: expected a mapping at the top level")
        return content

    def intents(self) -> list[str]:
        return [str(i) for i in self.domain().get("intents") or []]

    def env(self) -> dict[str, str]:
        """Environment for Rasa subprocesses: the project's settings and locales, no telemetry."""
        return dict(
            os.environ,
            **{
                SETTINGS_ENV: str(self.settings_file),
                LOCALES_ENV: str(self.locales_dir),
                PROJECT_ENV: str(self.root),
                "RASA_TELEMETRY_ENABLED": "false",
                "TF_CPP_MIN_LOG_LEVEL": "3",
            },
        )


def resolve_project(option: str | os.PathLike[str] | None) -> Project:
    """The project named by --project / $SHOP_PROJECT, else the repository this package belongs to.

    An explicit project uses its own shop.yml and locales/; without one, $SHOP_SETTINGS
    and $SHOP_LOCALES are honoured as everywhere else in the project.
    """
    if option:
        root = Path(option).expanduser().resolve()
        if not root.is_dir():
            raise CliError(f"project folder not found: {root}")
        if not (root / "domain.yml").is_file():
            raise CliError(f"{root} is not a project folder (no domain.yml)")
        return Project(root, root / "shop.yml", root / "locales")
    root = PROJECT_ROOT
    settings_file = Path(os.environ.get(SETTINGS_ENV) or root / "shop.yml")
    locales_dir = Path(os.environ.get(LOCALES_ENV) or root / "locales")
    return Project(root, settings_file, locales_dir)


def validate_language(settings: Settings, language: str) -> str:
    if language not in settings.languages:
        raise CliError(
            f"language '{language}' is not one of the shop's languages "
            f"({', '.join(settings.languages)}; see `languages:` in shop.yml)"
        )
    return language


def validate_intent(project: Project, intent: str) -> str:
    intents = project.intents()
    if intent not in intents:
        raise CliError(f"intent '{intent}' is not in domain.yml; known intents: {', '.join(intents)}")
    return intent


def chat_words(settings: Settings) -> dict[str, list[str]]:
    words = {}
    for language in settings.languages:
        try:
            words[language] = list(locales.lexicon(settings.locales_dir, language).get("chat_words") or [])
        except locales.LocaleError:
            words[language] = []
    return words


def build_identifier(project: Project, settings: Settings):
    """The language identifier as training builds it, learned from the project's own data."""
    from bot.nlu.data import labelled_examples
    from bot.nlu.language import LanguageIdentifier, learn_language_model

    try:
        model = learn_language_model(
            labelled_examples(list(settings.languages), project.root),
            settings.languages,
            settings.default_language,
            chat_words(settings),
            min_confidence=settings.min_language_confidence,
            seed=settings.language_seed,
        )
    except ValueError as error:
        raise CliError(f"cannot build the language detector: {error}") from error
    return LanguageIdentifier(model)


class Output:
    """Readable lines on the terminal, or one JSON document on stdout with --json.

    In JSON mode, progress and prompts go to stderr so that stdout stays parseable.
    """

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def line(self, text: str = "", **style: Any) -> None:
        if style:
            text = click.style(text, **style)
        click.echo(text, err=self.as_json)

    def progress(self, text: str) -> None:
        click.echo(text, err=True if self.as_json else False)

    def warn(self, text: str) -> None:
        click.echo(click.style(f"warning: {text}", fg="yellow"), err=True)

    def confirm(self, question: str, default: bool = False) -> bool:
        return click.confirm(question, default=default, err=self.as_json)

    def prompt(self, text: str, **kwargs: Any) -> Any:
        return click.prompt(text, err=self.as_json, **kwargs)

    def document(self, data: Any) -> None:
        if self.as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    def progressbar(self, items: Iterable[Any], label: str, length: int | None = None):
        return click.progressbar(items, label=label, length=length, file=sys.stderr if self.as_json else None)


# Errors a trainer can act on: shown as one line (or a JSON error document), exit code 1.
EXPECTED_ERRORS: tuple[type[Exception], ...] = (
    CliError,
    SettingsError,
    locales.LocaleError,
    OSError,
    yaml.YAMLError,
)


def handle_errors(function: Callable[..., int | None]) -> Callable[..., None]:
    """Runs a command body; known errors become a clean message and exit code 1."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        as_json = bool(kwargs.get("as_json"))
        try:
            code = function(*args, **kwargs) or 0
        except click.exceptions.Abort:
            raise
        except EXPECTED_ERRORS as error:
            message = error.format_message() if isinstance(error, click.ClickException) else str(error)
            if as_json:
                click.echo(json.dumps({"ok": False, "error": message}, ensure_ascii=False))
            click.echo(click.style(f"error: {message}", fg="red"), err=True)
            raise SystemExit(1) from None
        raise SystemExit(code)

    return wrapper


def json_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON on stdout.")(
        function
    )


def project_of(ctx: click.Context) -> Project:
    return resolve_project((ctx.obj or {}).get("project"))
