"""`bot import-products`, `bot import-orders`, `bot import-translations`: the shop's exports into its database.

The database is the shop's (bot.database.shop_database_url: $SHOP_DATABASE_URL, else
var/shop.sqlite), or --database URL-or-SQLite-file. Progress goes to stderr. When rows are bad,
they are listed with their line numbers and nothing is written (exit code 1), unless
--skip-bad-rows, which imports the good rows, still lists the bad ones and exits 0.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import click
import sqlalchemy as sa

from bot.cli.common import CliError, handle_errors, json_option
from bot.commerce.csvfiles import ImportFormatError, ImportReport
from bot.database import DatabaseError, as_url, describe, shop_database_url

# Bad rows listed on the terminal (all of them are in --json).
SHOWN_BAD_ROWS = 50


class _Progress:
    """A click progress bar on stderr, opened at the first call (when the total is known)."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 1:
            return
        if self.bar is None or self.bar.length != total:
            self.close()
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
            self.done = 0
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _database(value: str | None) -> Any:
    try:
        return as_url(value, shop_database_url()) if value else shop_database_url()
    except DatabaseError as error:
        raise CliError(str(error)) from None


def _run(label: str, quiet: bool, call: Callable[[Any], ImportReport]) -> ImportReport:
    progress = _Progress(label, enabled=not quiet)
    try:
        return call(progress)
    except ImportFormatError as error:
        raise CliError(str(error)) from None
    except UnicodeDecodeError:
        raise CliError("the file is not UTF-8 text (save the export as CSV UTF-8)") from None
    except (DatabaseError, sa.exc.SQLAlchemyError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise CliError(
            f"the shop database cannot be written ({reason[0] if reason else type(error).__name__})"
        ) from None
    finally:
        progress.close()


def _report(report: ImportReport, database: Any, as_json: bool) -> int:
    if as_json:
        import json

        click.echo(json.dumps({"ok": report.written, **report.as_dict()}, ensure_ascii=False, indent=2))
    for bad in report.bad_rows[:SHOWN_BAD_ROWS]:
        click.echo(click.style(f"bad row: {bad}", fg="red" if not report.written else "yellow"), err=True)
    if len(report.bad_rows) > SHOWN_BAD_ROWS:
        click.echo(f"... and {len(report.bad_rows) - SHOWN_BAD_ROWS} more bad rows", err=True)
    if not report.written:
        click.echo(
            click.style(
                f"error: {len(report.bad_rows)} bad rows; nothing was written "
                "(fix them, or pass --skip-bad-rows to import the others)",
                fg="red",
            ),
            err=True,
        )
        return 1
    if not as_json:
        click.echo(f"{report.summary()} -> {describe(database)}")
        if report.bad_rows:
            click.echo(f"skipped {len(report.bad_rows)} bad rows (listed above)")
    return 0


_file = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
_db = click.option(
    "--database",
    metavar="URL",
    help="Database URL or SQLite file (default: the shop's, $SHOP_DATABASE_URL or var/shop.sqlite).",
)
_skip = click.option("--skip-bad-rows", is_flag=True, help="Import the good rows even when some are bad.")
_quiet = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")


@click.command("import-products")
@_file
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["shopify", "woocommerce"]),
    help="The export's platform (default: told from the header line).",
)
@_skip
@_db
@_quiet
@json_option
@handle_errors
def import_products_command(
    file: Path, file_format: str | None, skip_bad_rows: bool, database: str | None, quiet: bool, as_json: bool
) -> int:
    """Import a Shopify or WooCommerce product CSV export (products, variants, stock, images)."""
    from bot.commerce.importers import import_products

    url = _database(database)
    report = _run(
        "products",
        quiet or as_json,
        lambda progress: import_products(
            file, url, format=file_format, skip_bad_rows=skip_bad_rows, progress=progress
        ),
    )
    return _report(report, url, as_json)


@click.command("import-orders")
@_file
@click.option(
    "--fulfilments",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with carrier and tracking: Order, Carrier, Tracking Number, Tracking URL, Shipped At, "
    "Delivered At, Shipment Status.",
)
@_skip
@_db
@_quiet
@json_option
@handle_errors
def import_orders_command(
    file: Path,
    fulfilments: Path | None,
    skip_bad_rows: bool,
    database: str | None,
    quiet: bool,
    as_json: bool,
) -> int:
    """Import a Shopify order CSV export (one row per line item), and tracking from --fulfilments."""
    from bot.commerce.importers import import_orders

    url = _database(database)
    report = _run(
        "orders",
        quiet or as_json,
        lambda progress: import_orders(
            file, url, fulfilments=fulfilments, skip_bad_rows=skip_bad_rows, progress=progress
        ),
    )
    return _report(report, url, as_json)


@click.command("import-translations")
@_file
@click.option(
    "--language",
    help="Language of a handle,title,description file (e.g. es); with Shopify's translation export, "
    "only that language is imported.",
)
@_skip
@_db
@_quiet
@json_option
@handle_errors
def import_translations_command(
    file: Path, language: str | None, skip_bad_rows: bool, database: str | None, quiet: bool, as_json: bool
) -> int:
    """Import product titles and descriptions in a language (one CSV per language, or Shopify's
    translation export, told from the header)."""
    from bot.commerce.importers import import_translations

    url = _database(database)
    report = _run(
        "translations",
        quiet or as_json,
        lambda progress: import_translations(
            file, url, language=language, skip_bad_rows=skip_bad_rows, progress=progress
        ),
    )
    return _report(report, url, as_json)
