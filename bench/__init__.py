"""Benchmarks of Plein's social map: run `python bench/run.py` (see bench/README.md)."""
