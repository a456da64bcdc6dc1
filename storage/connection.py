"""One place that opens DuckDB connections: short-lived, retried on lock errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from storage.errors import WarehouseBusy, WarehouseError

log = logging.getLogger(__name__)

# How long to keep retrying when another process holds the file lock.
DEFAULT_LOCK_WAIT_S = 30.0


def _is_lock_error(error: duckdb.Error) -> bool:
    text = str(error)
    return "lock" in text.lower() and ("Could not set lock" in text or "Conflicting lock" in text)


@contextmanager
def connect(path: str | Path, *, read_only: bool = False, lock_wait_s: float = DEFAULT_LOCK_WAIT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, waiting up to `lock_wait_s` while another process writes.

    DuckDB lets one process write a file at a time, and a read-only open fails
    while a writer holds it; writers here keep connections for one short
    transaction, so a waiting reader or writer gets in between.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `pactwatch run` or `pactwatch demo` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_wait_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as error:
            if not _is_lock_error(error):
                raise WarehouseError(f"cannot open warehouse {path}: {error}") from error
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"warehouse {path} is locked by another process (waited {lock_wait_s:.0f} s)"
                ) from error
            log.debug("warehouse=%s locked, retrying in %.2f s", path, delay)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        except duckdb.Error as error:
            raise WarehouseError(f"cannot open warehouse {path}: {error}") from error
    con.execute("SET enable_progress_bar = false")  # long writes must not draw on the user's terminal
    try:
        yield con
    finally:
        con.close()
