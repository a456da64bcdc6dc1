"""Environment defaults that keep Prefect's start-up noise away from users.

Set before Prefect is imported; a user's own environment always wins.
"""

from __future__ import annotations

import os

QUIET_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry from the temporary server
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",  # flow/task chatter; the CLI prints a summary
    "PREFECT_LOGGING_SERVER_LEVEL": "CRITICAL",  # sqlite "database is locked" tracebacks
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


# The names this process set itself (the user's environment had no value for them).
APPLIED: set[str] = set()


def apply_quiet_defaults() -> None:
    for name, value in QUIET_DEFAULTS.items():
        if name not in os.environ:
            os.environ[name] = value
            APPLIED.add(name)
