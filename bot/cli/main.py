"""The `bot` command: the trainers' tool (console script declared in pyproject.toml)."""

from __future__ import annotations

import os

# Before Rasa and TensorFlow are imported: no telemetry, no C++ log lines.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import click  # noqa: E402

from bot.cli.add_dialogue import add_dialogue_command  # noqa: E402
from bot.cli.add_example import add_example_command  # noqa: E402
from bot.cli.check import check_command  # noqa: E402
from bot.cli.common import PROJECT_ENV  # noqa: E402
from bot.cli.evaluate import evaluate_command  # noqa: E402
from bot.cli.import_data import (  # noqa: E402
    import_orders_command,
    import_products_command,
    import_translations_command,
)
from bot.cli.review import review_command  # noqa: E402
from bot.quiet_logs import quiet_rasa  # noqa: E402


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--project",
    type=click.Path(file_okay=False),
    envvar=PROJECT_ENV,
    show_envvar=True,
    help="Project folder to work on (default: this repository).",
)
@click.pass_context
def cli(ctx: click.Context, project: str | None) -> None:
    """Trainers' tool for the shop assistant: add examples and dialogues, check the data,
    evaluate the model and review real conversations, without editing YAML by hand."""
    quiet_rasa()
    ctx.ensure_object(dict)
    ctx.obj["project"] = project


cli.add_command(add_example_command)
cli.add_command(add_dialogue_command)
cli.add_command(check_command)
cli.add_command(evaluate_command)
cli.add_command(review_command)
cli.add_command(import_products_command)
cli.add_command(import_orders_command)
cli.add_command(import_translations_command)


if __name__ == "__main__":
    cli()
