"""How many examples a deep property test tries: its own number in the whole suite (`scripts/test`, as CI runs
it), a tenth of it, at least 25, in the fast subset (`scripts/test --fast` sets MTPBOT_FAST_TESTS=1)."""

from __future__ import annotations

import os


def examples(deep: int) -> int:
    return max(25, deep // 10) if os.environ.get("MTPBOT_FAST_TESTS") == "1" else deep
