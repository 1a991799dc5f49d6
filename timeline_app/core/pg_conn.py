"""A PostgreSQL connection that the store's code uses as it uses an sqlite3.Connection.

It takes the same SQL (see core.backend): `?` placeholders become psycopg's `%s`,
`json_extract(col, '$.a.b')` becomes `col::jsonb #>> '{a,b}'`, `BEGIN IMMEDIATE` a plain
`BEGIN`, and an INSERT into a table with an `id` column gets `RETURNING id` for `lastrowid`. It runs
in autocommit mode, as the store's sqlite3 connections do (isolation_level=None): the store
says BEGIN and COMMIT itself. psycopg's errors come out as StoreErrors that say what happened
(the server went away, a read-only role), with the store's URL (never a password).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import conninfo, errors
from psycopg.rows import TupleRow

from timeline_app.core.errors import (
    LostConnection,
    StoreBusy,
    StoreClosed,
    StoreError,
    StoreReadOnly,
)

_JSON_EXTRACT = re.compile(r"json_extract\(\s*([\w.]+)\s*,\s*'\$\.([\w.]+)'\s*\)")
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


__all__ = ["LostConnection", "PgConnection", "check_url", "display_url"]


def check_url(url: str) -> str:
    """The URL if it can be used; a password in it is refused (it would end up in the
    settings, the shell's history and the process list)."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StoreError(f"not a PostgreSQL URL: {exc}") from None
    if params.get("password"):
        raise StoreError(
            "a password in the store's URL is refused (it would be kept in the settings and "
            "shown in the list of processes): put it in ~/.pgpass, a service file "
            "(PGSERVICEFILE) or the PGPASSWORD variable, and give the URL without it"
        )
    return url


def display_url(url: str) -> str:
    """The URL as shown to the user: scheme, user, host, port and database."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the team store"
    user = f"{params['user']}@" if params.get("user") else ""
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{host}{port}/{params.get('dbname', '')}"


@lru_cache(maxsize=512)
def translate(sql: str, placeholders: bool = True) -> tuple[str, str | None]:
    """psycopg's text of one statement, and the table whose new `id` it returns (or None).
    Without `placeholders` (no parameters) the text goes as it is: a script of several
    statements can, as psycopg sends it without parsing."""
    if sql.strip().upper() == "BEGIN IMMEDIATE":
        return "BEGIN", None
    sql = _JSON_EXTRACT.sub(lambda m: f"({m[1]}::jsonb #>> '{{{m[2].replace('.', ',')}}}')", sql)
    if not placeholders:
        return _returning(sql)
    out, quote = [], None
    for ch in sql:  # ? outside quotes is a placeholder; % anywhere is psycopg's escape
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        if ch == "%":
            out.append("%%")
            continue
        out.append(ch)
    return _returning("".join(out))


def _returning(text: str) -> tuple[str, str | None]:
    """The statement, and the table it inserts into (for lastrowid), if it has no RETURNING."""
    insert = _INSERT.match(text)
    if insert and "RETURNING" not in text.upper():
        return text, insert[1].lower()
    return text, None


class Cursor(psycopg.Cursor[TupleRow]):
    """The connection's cursors (its cursor_factory): with sqlite3's lastrowid."""

    lastrowid: int | None = None

    def value(self) -> Any:
        """The first column of the one row the query gives (a SELECT without FROM, an
        INSERT … RETURNING)."""
        row = self.fetchone()
        assert row is not None  # (such a query gives a row)
        return row[0]


class PgConnection:
    """The store's connection to a PostgreSQL database (see the module's doc)."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection[TupleRow], url: str) -> None:
        self.raw, self.url = raw, url
        self._with_id: dict[str, bool] = {}  # table: whether it has an `id` (for lastrowid)

    @classmethod
    def connect(cls, url: str) -> PgConnection:
        """libpq reads the password from ~/.pgpass, a service file or PGPASSWORD, and
        sslmode (and the rest) from the URL."""
        check_url(url)
        try:
            raw = psycopg.connect(url, autocommit=True, cursor_factory=Cursor,
                                  connect_timeout=10)  # fmt: skip
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {display_url(url)} ({_first_line(exc)})") from None
        return cls(raw, url)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        params = tuple(params)
        text, table = translate(sql, bool(params))
        returning = table is not None and self._has_id(table)
        if returning:
            text += " RETURNING id"
        cur = self._cursor()
        try:
            cur.execute(text, params or None)
            if returning:
                cur.lastrowid = cur.value()
        except psycopg.Error as exc:
            raise said(exc, self.url) from exc
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        text, _ = translate(sql)
        cur = self._cursor()
        rows = list(rows)
        if rows:
            try:
                cur.executemany(text, rows)
            except psycopg.Error as exc:
                raise said(exc, self.url) from exc
        return cur

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """COPY rows into a table (core.backend.insert_rows)."""
        cur = self._cursor()
        try:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise said(exc, self.url) from exc

    def _has_id(self, table: str) -> bool:
        if table not in self._with_id:
            cur = self._cursor()
            try:
                cur.execute(
                    "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(%s) "
                    "AND attname = 'id' AND NOT attisdropped)",
                    (table,),
                )
            except psycopg.Error as exc:
                raise said(exc, self.url) from exc
            self._with_id[table] = bool(cur.value())
        return self._with_id[table]

    def _cursor(self) -> Cursor:
        if self.raw.closed and not self.raw.broken:
            raise StoreClosed(f"{display_url(self.url)} was closed")
        try:
            cur = self.raw.cursor()
        except psycopg.Error as exc:
            raise said(exc, self.url) from exc
        assert isinstance(cur, Cursor)  # (the connection's cursor_factory)
        return cur

    def close(self) -> None:
        self.raw.close()

    @property
    def closed(self) -> bool:
        return self.raw.closed or self.raw.broken


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def said(exc: psycopg.Error, url: str) -> StoreError | psycopg.Error:
    """The StoreError a psycopg error means to the user, or the error itself (a bug)."""
    where = display_url(url)
    if isinstance(exc, errors.InsufficientPrivilege):
        return StoreReadOnly(
            f"{where}: your PostgreSQL role may not do this ({_first_line(exc)}): nothing was "
            "written; ask the store's administrator for the editing grants"
        )
    if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled):
        return StoreBusy(f"{where} is busy ({_first_line(exc)}): nothing was written")
    if isinstance(exc, errors.ReadOnlySqlTransaction):
        return StoreReadOnly(f"{where} is read-only (a standby server?): nothing was written")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return LostConnection(
            f"the connection to {where} was lost ({_first_line(exc)}): what was being written "
            "was rolled back by the server, nothing of it is stored; try again once the "
            "server can be reached"
        )
    return exc
