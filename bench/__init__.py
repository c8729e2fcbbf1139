"""Benchmarks: each `bench/bench_*.py` module has a `main()` that measures and prints one thing."""
