"""DuckDB warehouse: schema, migrations, writes and read-only queries. All SQL lives here."""

from storage.errors import QueryError, WarehouseBusy, WarehouseError
from storage.query import QueryResult, run_read_query
from storage.records import AlertCandidate, AlertRow, ArticleRow, FeedState, FetchFailure, MentionRow, PendingArticle, RunStats
from storage.warehouse import Warehouse, utc_now

__all__ = [
    "AlertCandidate", "AlertRow", "ArticleRow", "FeedState", "FetchFailure", "MentionRow", "PendingArticle", "QueryError",
    "QueryResult", "RunStats", "Warehouse", "WarehouseBusy", "WarehouseError", "run_read_query", "utc_now",
]
