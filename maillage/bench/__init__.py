"""The benchmark harness of issues 8 and 18: `maillage bench` runs it, `maillage loadtest` runs
its load test (load/). How to read them: bench/README.md in the repository."""
