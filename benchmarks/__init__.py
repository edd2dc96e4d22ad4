"""Timing scripts for the index pipeline and the serving path (not tests). Run `python -m benchmarks --help`."""
