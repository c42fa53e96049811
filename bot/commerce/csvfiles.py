"""What every importer shares: reading a CSV export with line numbers, the import report, value parsers.

A row's line number is the physical line where its record starts in the file (the header is
line 1), so a description with line breaks inside quotes does not shift the numbers after it.
Headers are matched case-insensitively and with surrounding spaces ignored.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from os import PathLike, fspath
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from bot.commerce.schema import to_cents

Source = str | PathLike[str] | IO[str]
# Called as progress(done, total) while rows are written.
Progress = Callable[[int, int], None]


class ImportFormatError(ValueError):
    """The file is not the export it should be (no header, a required column missing)."""


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}" if self.file else f"line {self.line}"
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did. `written` is False when bad rows stopped it (nothing was written)."""

    kind: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    written: bool = False
    # Counts of dependent records: {"variants": 120, "images": 60, ...}.
    details: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.bad_rows

    def count(self, name: str, n: int = 1) -> None:
        self.details[name] = self.details.get(name, 0) + n

    def merge(self, other: ImportReport) -> None:
        self.rows_read += other.rows_read
        self.bad_rows.extend(other.bad_rows)
        for name, n in other.details.items():
            self.count(name, n)

    def summary(self) -> str:
        extra = "".join(f", {n} {name}" for name, n in sorted(self.details.items()))
        return (
            f"{self.kind}: {self.rows_read} rows read, {self.inserted} inserted, {self.updated} updated"
            f"{extra}, {len(self.bad_rows)} bad rows"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "written": self.written,
            "details": dict(self.details),
            "bad_rows": [{"file": b.file, "line": b.line, "reason": b.reason} for b in self.bad_rows],
        }


class RowError(ValueError):
    """One value of a row is wrong; the message is the reason shown to the merchant."""


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column.casefold(), "").strip()

    def raw(self, column: str) -> str:
        return self.values.get(column.casefold(), "")

    def has(self, column: str) -> bool:
        return column.casefold() in self.values


def source_name(source: Source) -> str:
    if isinstance(source, (str, PathLike)):
        return Path(fspath(source)).name
    return str(getattr(source, "name", "") or "")


def _open(source: Source) -> tuple[IO[str], bool]:
    if isinstance(source, (str, PathLike)):
        return open(fspath(source), encoding="utf-8-sig", newline=""), True
    return source, False


def read_rows(source: Source, aliases: dict[str, str] | None = None) -> tuple[list[str], list[Row]]:
    """(header, rows) of a CSV file; header names casefolded (and renamed by `aliases`)."""
    handle, close = _open(source)
    try:
        text = handle.read()
    finally:
        if close:
            handle.close()
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header_raw = next(reader)
    except StopIteration:
        raise ImportFormatError("the file is empty (no header line)") from None
    except csv.Error as error:
        raise ImportFormatError(f"not a CSV file ({error})") from None
    header = []
    for name in header_raw:
        key = name.strip().casefold()
        header.append((aliases or {}).get(key, key))
    rows: list[Row] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            values = {name: (record[i] if i < len(record) else "") for i, name in enumerate(header)}
            rows.append(Row(line, values))
    except csv.Error as error:
        raise ImportFormatError(f"line {start}: not valid CSV ({error})") from None
    return header, rows


def require_columns(header: list[str], columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c.casefold() not in header]
    if missing:
        raise ImportFormatError(f"not a {what}: missing column(s) {', '.join(missing)}")


# ---- values ----

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
)


def parse_time(text: str | None, column: str = "date") -> datetime | None:
    """A date or time as the exports write it -> naive UTC datetime; None for empty."""
    value = (text or "").strip()
    if not value:
        return None
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    for pattern in _DATE_FORMATS:
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment
    try:
        day = date.fromisoformat(value)
    except ValueError:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise RowError(f"{column} '{text}' is not a date") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment
    return datetime(day.year, day.month, day.day)


def parse_cents(text: str, column: str, *, allow_negative: bool = False) -> int | None:
    try:
        cents = to_cents(text)
    except ValueError:
        raise RowError(f"{column} '{text.strip()}' is not a number") from None
    if cents is not None and cents < 0 and not allow_negative:
        raise RowError(f"{column} '{text.strip()}' is negative")
    return cents


def parse_int(text: str, column: str, *, minimum: int | None = 0, what: str = "") -> int | None:
    value = text.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{column} '{value}' is not a whole number") from None
    if not number.is_integer():
        raise RowError(f"{column} '{value}' is not a whole number")
    if minimum is not None and number < minimum:
        raise RowError(
            f"{what or column} '{value}' is negative"
            if minimum == 0
            else f"{column} '{value}' is below {minimum}"
        )
    return int(number)


_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "-1", "n"}


def parse_bool(text: str, column: str, default: bool = True) -> bool:
    value = text.strip().casefold()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise RowError(f"{column} '{text.strip()}' is not TRUE or FALSE")


def split_list(text: str, separator: str = ",") -> list[str]:
    seen: dict[str, None] = {}
    for part in text.split(separator):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    from bot.commerce.schema import fold

    return _SLUG.sub("-", fold(text)).strip("-") or "product"


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
