"""Helpers for ``bench/bench.py``: synthetic corpus, measured builds, report."""
