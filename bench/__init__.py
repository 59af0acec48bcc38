"""Benchmarks of mtpbot against a local MediaWiki (see bench/sync_bench.py and bench/RESULTS.md)."""
