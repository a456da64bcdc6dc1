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


def apply_quiet_defaults() -> None:
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, value)
