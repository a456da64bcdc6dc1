"""The warehouse's own errors: driver errors translated, with context."""


class WarehouseError(Exception):
    """A warehouse operation failed; the message says which and why."""


class WarehouseBusy(WarehouseError):
    """Another process held the write lock for longer than we waited."""


class QueryError(WarehouseError):
    """An ad-hoc query was rejected: bad SQL, or an attempt to write."""
