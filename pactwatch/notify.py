"""Delivery of alerts through Apprise URLs (webhook, Slack, e-mail, ...)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import apprise

from extractors.urls import short_digest
from pactwatch.config import ConfigError, Settings


@dataclass(frozen=True, slots=True)
class Channel:
    url: str
    key: str  # digest of the URL: stored instead of the URL, which may hold secrets
    name: str  # the URL with secrets masked, for people


def channels(urls: Iterable[str]) -> list[Channel]:
    """Validated channels, duplicates dropped; an unknown URL is a ConfigError."""
    found: dict[str, Channel] = {}
    for url in urls:
        server = apprise.Apprise.instantiate(url)
        if server is None:
            raise ConfigError(f"not a usable Apprise notification URL: {_mask(url)}")
        found.setdefault(url, Channel(url, short_digest("channel", url), server.url(privacy=True).split("?")[0]))
    return list(found.values())


def alert_channels(settings: Settings, *url_lists: Iterable[str] | None) -> list[Channel]:
    """The channels of a run: the given URLs (flags, the feeds file), then $PACTWATCH_NOTIFY's."""
    return channels([*(url for urls in url_lists for url in urls or ()), *settings.notify])


def send(channel: Channel, title: str, body: str) -> str | None:
    """Send one message; None on success, else the channel's reason in one line."""
    sender = apprise.Apprise()
    sender.add(channel.url)
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
        accepted = sender.notify(title=title, body=body)
    if accepted:
        return None
    reasons = [line.strip() for line in log.getvalue().splitlines() if line.strip()]
    return f"{channel.name}: {reasons[-1] if reasons else 'not accepted'}"


def _mask(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://…" if rest else url[:20]
