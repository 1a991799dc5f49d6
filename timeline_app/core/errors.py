"""Errors that carry enough context to tell a user what to fix."""

from __future__ import annotations

from pathlib import Path


class FieldError(ValueError):
    """A value of one field is not acceptable; `field` names it (dotted for nested fields)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"field '{field}': {message}")
        self.field = field
        self.message = message


class InputError(Exception):
    """Bad input in a file: names the file, the line (or record) and the field."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        self.record = record
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.path.name]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class StoreError(Exception):
    """The store cannot be opened or used as asked."""


class ImportCancelled(Exception):
    """The user cancelled an import; its transaction is rolled back."""


class StoreBusy(StoreError):
    """Another process holds the store's write lock (an import, say)."""


NEEDS_PSYCOPG = "a PostgreSQL store needs psycopg: pip install 'timeline-app[team]'"


class LostConnection(StoreError):
    """A team store's server went away (or the network did): whatever was being written is
    not. (Here, not in core.pg_conn: what catches it must not need psycopg.)"""


class StoreClosed(StoreError):
    """The store was closed (by this program): a late timer's read, say."""


class StoreReadOnly(StoreError):
    """The store can be read but not written (a read-only folder, mount or file)."""


class EditConflict(StoreError):
    """An edit was made from a stale copy of an event: another window (or program) changed
    or deleted it since. Nothing was written."""


class DiskFull(StoreError):
    """SQLite could not write: the disk (or the user's quota) is full. `written`: bytes the
    failed transaction had written, for an estimate of what it needs."""

    def __init__(self, message: str, written: int = 0) -> None:
        super().__init__(message)
        self.written = written
