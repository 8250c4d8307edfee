"""Synthetic published history for the growth tests: the generator lives in bench/history.py."""

from bench.history import (
    ABSTRACT,
    KEYWORDS,
    ORGS,
    CountingStore,
    StaticSource,
    data_object,
    history_days,
    seed_data,
    synthetic_edition,
)

__all__ = [
    "ABSTRACT",
    "KEYWORDS",
    "ORGS",
    "CountingStore",
    "StaticSource",
    "data_object",
    "history_days",
    "seed_data",
    "synthetic_edition",
]
