"""Benchmark harness for the page queries: `python -m bench` (see bench/__main__.py for what it measures)."""
