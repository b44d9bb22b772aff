"""The benchmark harness of issue 8: `maillage bench` runs it (see bench/README.md)."""
