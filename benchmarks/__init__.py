"""Benchmarks of Golden Thread, each a ratio against a baseline measured in the same run."""
