"""Read-only ad-hoc SQL over the warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from storage.connection import connect
from storage.errors import QueryError

_READING_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_read_query(path: str | Path, sql: str, lock_wait_s: float = 30.0) -> QueryResult:
    """Run one read-only statement; writes and bad SQL raise QueryError with the reason."""
    with connect(path, read_only=True, lock_wait_s=lock_wait_s) as con:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as error:
            raise QueryError(f"bad SQL: {_first_line(error)}") from error
        if len(statements) != 1:
            raise QueryError(f"expected one SQL statement, got {len(statements)}")
        if statements[0].type not in _READING_STATEMENTS:
            raise QueryError(
                f"the warehouse is read-only here: {statements[0].type.name} statements are refused"
            )
        try:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            return QueryResult(columns, cursor.fetchall())
        except duckdb.Error as error:
            raise QueryError(f"query failed: {_first_line(error)}") from error


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
