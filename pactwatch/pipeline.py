"""Decisions between fetching and storing, as pure functions the flow calls:
what a poll means for a feed's state, and what a fetched page becomes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from extractors import EXTRACTOR_VERSION, clean_html, extract_mentions
from extractors.feeds import FeedEntry, ParsedFeed
from extractors.urls import article_id, short_digest
from pactwatch.http import Fetched
from storage.records import ArticleRow, FeedState, FetchFailure, MentionRow


@dataclass(slots=True)
class FeedReport:
    """What one feed did in a run, for the summary."""

    url: str
    name: str | None
    status: str  # ok | not modified | failed | backed off
    entries: int = 0
    new_articles: int = 0
    error: str | None = None
    warning: str | None = None

    @property
    def note(self) -> str:
        """The error and the warning, in one line."""
        return "; ".join(part for part in (self.error, self.warning) if part)


@dataclass(slots=True)
class ArticleOutcome:
    article: ArticleRow | None = None
    mentions: list[MentionRow] = field(default_factory=list)
    failure: FetchFailure | None = None


def backoff_until(state: FeedState, failing_after: int) -> datetime | None:
    """When a feed failing `failing_after` polls in a row may be polled again.

    The wait doubles with each further failure, from one hour up to a day, so a
    dead feed is neither hammered nor forgotten. None: poll now.
    """
    extra = state.consecutive_failures - failing_after
    if extra < 0 or state.last_polled_at is None:
        return None
    return state.last_polled_at + min(timedelta(hours=2 ** extra), timedelta(days=1))


def next_feed_state(state: FeedState, fetched: Fetched, parsed: ParsedFeed | None, now: datetime) -> FeedState:
    """The feed's state after this poll: validators kept, health counted."""
    new = dataclasses.replace(state, last_polled_at=now, last_status=fetched.status, polls=state.polls + 1)
    problem = fetched.error or (parsed.problem if parsed else None)
    if problem:
        new.last_error = problem
        new.consecutive_failures = state.consecutive_failures + 1
        return new
    new.last_error = None
    new.consecutive_failures = 0
    new.last_ok_at = now
    if not fetched.not_modified and parsed is not None:
        new.etag = fetched.etag
        new.last_modified = fetched.last_modified
        new.entries_seen = len(parsed.entries)
    return new


def build_article(entry: FeedEntry, fetched: Fetched, attempts_before: int, max_attempts: int, now: datetime) -> ArticleOutcome:
    """Turn a fetched page into an article and its mentions, or a failure to retry.

    A transient error (timeout, 5xx) is retried on later runs up to `max_attempts`;
    a permanent one, or a page with no usable text, lands the feed's summary
    instead, with the reason in `text_note`, and stays listed in `fetch_errors`
    (not to be retried) so that analysts see which pages never came.
    """
    if fetched.error:
        attempts = attempts_before + 1
        failure = _failure(entry, fetched.error, transient=fetched.transient and attempts < max_attempts)
        if failure.transient:
            return ArticleOutcome(failure=failure)
        if fetched.transient:
            failure = replace(failure, reason=f"gave up after {attempts} attempts: {fetched.error}")
        outcome = _landed(entry, fetched, now, text=entry.summary, source="feed_summary", note=failure.reason)
        outcome.failure = failure
        return outcome
    page = clean_html(fetched.body or b"", url=fetched.final_url or entry.link, declared_charset=fetched.charset)
    if page.problem:
        outcome = _landed(entry, fetched, now, text=entry.summary, source="feed_summary", note=page.problem,
                          title=page.title)
        outcome.failure = _failure(entry, page.problem, transient=False)
        return outcome
    return _landed(entry, fetched, now, text=page.text, source="page", note=None, title=page.title,
                   author=page.author, site_name=page.site_name, page_date=page.date)


def mention_rows(article_id: str, text: str, published_at: datetime | None) -> list[MentionRow]:
    """Extract an article's mentions as warehouse rows with stable ids."""
    published = published_at.date() if published_at else None
    return [
        MentionRow(
            mention_id=short_digest(article_id, m.relation, ",".join(m.actors), m.start),
            article_id=article_id,
            actors=list(m.actors),
            relation=m.relation,
            modality=m.modality,
            sentence=m.sentence,
            sentence_start=m.start,
            sentence_end=m.end,
            confidence=m.confidence,
            grouping=m.grouping,
            extractor_version=EXTRACTOR_VERSION,
            published_at=published_at,
            cameo_code=m.cameo_code,
        )
        for m in extract_mentions(text, published)
    ]


def _failure(entry: FeedEntry, reason: str, transient: bool) -> FetchFailure:
    return FetchFailure(url=entry.url_normalized, feed_url=entry.feed_url, reason=reason, transient=transient,
                        entry=entry.as_dict())


def _landed(
    entry: FeedEntry,
    fetched: Fetched,
    now: datetime,
    *,
    text: str,
    source: str,
    note: str | None,
    title: str | None = None,
    author: str | None = None,
    site_name: str | None = None,
    page_date: str | None = None,
) -> ArticleOutcome:
    published = entry.published or _parse_date(page_date)
    article = ArticleRow(
        article_id=article_id(entry.url_normalized),
        url=entry.link,
        url_normalized=entry.url_normalized,
        final_url=fetched.final_url,
        guid=entry.guid,
        feed_url=entry.feed_url,
        title=entry.title or title,
        author=author,
        site_name=site_name,
        published_at=published,
        fetched_at=now,
        text=text,
        text_source=source,
        text_note=note,
        content_hash=short_digest(text),
        extracted_by=EXTRACTOR_VERSION,
    )
    return ArticleOutcome(article=article, mentions=mention_rows(article.article_id, text, published))


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())
    except ValueError:
        return None
