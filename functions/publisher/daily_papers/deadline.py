"""How long the current invocation may still work: Lambda's clock less a margin kept for writing."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Deadline:
    remaining_ms: Callable[[], int] | None = None  # Lambda's context.get_remaining_time_in_millis
    margin_s: float = 0.0

    def left(self) -> float:
        """Seconds left before the margin; infinite without a clock (the CLI)."""
        if self.remaining_ms is None:
            return math.inf
        return self.remaining_ms() / 1000 - self.margin_s

    def reached(self) -> bool:
        return self.left() <= 0
