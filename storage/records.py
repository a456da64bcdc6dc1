"""Rows the pipeline hands to the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ArticleRow:
    article_id: str
    url: str
    url_normalized: str
    final_url: str | None
    guid: str | None
    feed_url: str | None
    title: str | None
    author: str | None
    site_name: str | None
    published_at: datetime | None
    fetched_at: datetime
    text: str
    text_source: str  # 'page' | 'feed_summary'
    text_note: str | None
    content_hash: str
    extracted_by: str | None = None  # the extractor version that read the text


@dataclass(frozen=True, slots=True)
class MentionRow:
    mention_id: str
    article_id: str
    actors: list[str]
    relation: str
    modality: str
    sentence: str
    sentence_start: int
    sentence_end: int
    confidence: float
    grouping: str | None
    extractor_version: str
    published_at: datetime | None
    cameo_code: str | None = None


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """An article that could not be fetched or cleaned in this run."""

    url: str  # normalised
    feed_url: str | None
    reason: str
    transient: bool
    entry: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """An earlier failure to retry: its feed entry and how often it failed."""

    url: str
    feed_url: str | None
    reason: str
    attempts: int
    entry: dict[str, Any]


@dataclass(slots=True)
class FeedState:
    """A feed's polling state and health, as stored in `feeds`."""

    feed_url: str
    name: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    entries_seen: int = 0
    polls: int = 0
    articles_new_total: int = 0


@dataclass(slots=True)
class RunStats:
    feeds_ok: int = 0
    feeds_failed: int = 0
    feeds_unchanged: int = 0
    articles_new: int = 0
    articles_failed: int = 0
    mentions_new: int = 0
    mentions_by_relation: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertCandidate:
    """A grouping of three or more countries that may raise or escalate an alert."""

    alert_id: str
    actors: list[str]
    relation: str
    modality: str
    level: int  # rank on the escalation ladder
    known_level: int | None  # level of a long-standing grouping with the same members
    known_relation: str | None
    article_id: str
    published_at: datetime | None
    headline: str | None
    url: str
    outlet: str
    sentence: str


@dataclass(frozen=True, slots=True)
class AlertRow:
    alert_id: str
    actors: list[str]
    relation: str
    kind: str  # new_grouping | escalation
    previous_relation: str | None
    modality: str | None
    article_id: str
    headline: str | None
    url: str | None
    outlet: str | None
    sentence: str | None
    created_at: datetime
    delivered_at: datetime | None
    attempts: int
    last_error: str | None
    articles_count: int | None
    outlets_count: int | None
