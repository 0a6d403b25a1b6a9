"""Helpers for ``scripts/bench.py``: synthetic corpus, measured builds, report."""
