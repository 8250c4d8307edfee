"""Synthetic published history for the growth tests: the generator lives in bench/history.py."""

from bench.history import (
    KEYWORDS,
    ORGS,
    CountingStore,
    StaticSource,
    data_file,
    data_object,
    history_days,
    seed_data,
    synthetic_edition,
)

__all__ = [
    "KEYWORDS",
    "ORGS",
    "CountingStore",
    "StaticSource",
    "data_file",
    "data_object",
    "history_days",
    "seed_data",
    "synthetic_edition",
]
