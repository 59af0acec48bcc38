"""mtpbot under faults, against the real local wiki: conflicts, refusals, retries, interrupted runs."""
