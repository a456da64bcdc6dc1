"""Which mentions make an alert (CONTRACT.md "Alerts"): pure decisions, no I/O.

A candidate is a cooperative grouping of three or more countries reported as
happening, planned or speculated (never as background history). The warehouse
then raises it once per grouping, or again only when the grouping moves up the
ladder below (talks -> pact -> alliance).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from extractors.gazetteer import default_gazetteer
from extractors.resources import load_data
from extractors.urls import short_digest
from storage.records import AlertCandidate, AlertRow, ArticleRow, MentionRow

# Rank of each cooperative relation: a later mention with a higher rank escalates.
LADDER = {
    "summit": 1,
    "military_exercise": 2,
    "intelligence_sharing": 2,
    "defense_industrial": 2,
    "basing_access": 3,
    "security_partnership": 3,
    "alliance": 4,
}
_SIZE_NAMES = {3: "trilateral", 4: "quadrilateral"}


@cache
def known_groupings() -> dict[tuple[str, ...], tuple[int, str]]:
    """Members of registered groupings -> (year established, the relation it embodies)."""
    groupings = load_data("groupings.yaml")
    return {tuple(sorted(g["members"])): (int(g["established"]), g["level"]) for g in groupings.values()}


def alert_candidates(articles: Sequence[ArticleRow], mentions: Sequence[MentionRow]) -> list[AlertCandidate]:
    """Mentions that could raise or escalate an alert, strongest relation first per article."""
    by_id = {a.article_id: a for a in articles}
    candidates: list[AlertCandidate] = []
    for mention in mentions:
        article = by_id.get(mention.article_id)
        if (article is None or len(mention.actors) < 3 or mention.relation not in LADDER
                or mention.modality == "historical"):
            continue
        actors = tuple(sorted(mention.actors))
        known = _known_relation(actors, article.published_at.date() if article.published_at else None)
        candidates.append(AlertCandidate(
            alert_id=short_digest("alert", ",".join(actors), mention.relation),
            actors=list(actors),
            relation=mention.relation,
            modality=mention.modality,
            level=LADDER[mention.relation],
            known_level=LADDER[known] if known else None,
            known_relation=known,
            article_id=article.article_id,
            published_at=article.published_at,
            headline=article.title,
            url=article.final_url or article.url,
            outlet=outlet_of(article),
            sentence=mention.sentence,
        ))
    return candidates


def outlet_of(article: ArticleRow) -> str:
    """The outlet's name, or its host when the page names none."""
    return article.site_name or urlsplit(article.final_url or article.url).netloc


def _known_relation(actors: tuple[str, ...], published: date | None) -> str | None:
    known = known_groupings().get(actors)
    if known is None:
        return None
    established, relation = known
    if published is not None and published.year <= established:
        return None  # news in the year the grouping formed is still news
    return relation


def describe(alert: AlertRow) -> str:
    """The one-line message: 'New trilateral: Japan, Philippines, United States — ...'."""
    names = ", ".join(country_name(code) for code in alert.actors)
    what = alert.relation.replace("_", " ")
    if alert.kind == "escalation":
        was = f" (was {alert.previous_relation.replace('_', ' ')})" if alert.previous_relation else ""
        head = f"Escalation: {names} — now {what}{was}"
    else:
        size = _SIZE_NAMES.get(len(alert.actors), f"grouping of {len(alert.actors)}")
        head = f"New {size}: {names} — {what}"
    parts = (alert.headline or "", f"({alert.outlet})" if alert.outlet else "", alert.url or "")
    source = " ".join(part for part in parts if part)
    return f"{head} — {source}" if source else head


def country_name(code: str) -> str:
    return default_gazetteer().names.get(code, code)


def alerts_markdown(alerts: Sequence[AlertRow]) -> str:
    """The run's alerts as a markdown table; text from articles is escaped."""
    if not alerts:
        return "# pactwatch alerts\n\nNo new alerts in this run."
    lines = ["# pactwatch alerts", "", "| countries | relation | headline | evidence |", "|---|---|---|---|"]
    for alert in alerts:
        names = ", ".join(country_name(code) for code in alert.actors)
        kind = "escalation: " if alert.kind == "escalation" else ""
        headline = md_escape(alert.headline or alert.url or "")
        link = f"[{headline}]({_md_url(alert.url)})" if alert.url else headline
        outlet = f" ({md_escape(alert.outlet)})" if alert.outlet else ""
        lines.append(f"| {md_escape(names)} | {kind}{alert.relation.replace('_', ' ')} | {link}{outlet} | {md_escape(alert.sentence or '')} |")
    return "\n".join(lines)


def md_escape(text: str) -> str:
    """Escape markdown's active characters in untrusted text."""
    escaped = "".join("\\" + ch if ch in "\\`*_{}[]()<>#+-.!|~" else ch for ch in text)
    return " ".join(escaped.split())


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
