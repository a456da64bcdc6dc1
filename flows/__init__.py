"""Prefect flows: orchestration only (no SQL, no parsing rules)."""
