"""The harness's options, parsed from `maillage bench`'s command line."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

FIGURES = ["P1", "P2", "P3", "P4", "P5", "P6"]
# Relative to the current directory: run from a checkout's root, the repository's results file
# (bench/RESULTS.md, beside bench/README.md which explains it); an installed package has no
# checkout, and writes where it is run from.
DEFAULT_OUTPUT = Path("bench") / "RESULTS.md"


@dataclass
class Options:
    scale: float = 1.0
    seed: int = 2026
    runs: int = 5
    only: list[str] = field(default_factory=lambda: list(FIGURES))
    output: Path = DEFAULT_OUTPUT
    users: int = 16
    p1_seconds: float = 5.0
    warmup: float = 1.0
    lookups: int = 200
    registrations: int = 200
    places: int = 20
    import_rows: int = 0  # 0: by the scale
    quiet_load: float = 0.5  # 1-min load average above which a figure is marked busy
    settle: float = 180.0  # seconds to wait, before each figure, for the load to come down
    p3_pupils: int = 0  # 0: the pupils of the data


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", type=float, default=1.0, help="seed scale (when empty)")
    parser.add_argument("--seed", type=int, default=2026, help="seed number of the data")
    parser.add_argument("--runs", type=int, default=5, help="runs of each figure")
    parser.add_argument("--only", default="", help="figures to run, e.g. P1,P3")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="results file (default: bench/RESULTS.md under the current directory)",
    )
    parser.add_argument("--users", type=int, default=16, help="P1 concurrent users")
    parser.add_argument("--p1-seconds", type=float, default=5.0, help="P1 seconds per page run")
    parser.add_argument("--warmup", type=float, default=1.0, help="P1 warm-up s per page")
    parser.add_argument("--lookups", type=int, default=200, help="P4 duplicate checks")
    parser.add_argument("--registrations", type=int, default=200, help="P6 registrations")
    parser.add_argument("--places", type=int, default=20, help="P6 places")
    parser.add_argument(
        "--import-rows", type=int, default=0, help="P2 rows in the file (default: by scale)"
    )
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=0.5,
        help="1-min load average above which a figure is marked as taken on a busy machine",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=180.0,
        help="seconds to wait before each figure for the load to fall to --quiet-load",
    )
    parser.add_argument(
        "--p3-pupils",
        type=int,
        default=0,
        help="P3 pupils, earlier school years added in a rolled-back transaction (900000)",
    )


def from_namespace(values: dict[str, object]) -> Options:
    only_raw = str(values.get("only") or "")
    only = [p.strip().upper() for p in only_raw.split(",") if p.strip()] or list(FIGURES)
    unknown = sorted(set(only) - set(FIGURES))
    if unknown:
        raise ValueError(f"unknown figures: {', '.join(unknown)} (known: {', '.join(FIGURES)})")
    options = Options(only=only)
    for name in (
        "scale", "seed", "runs", "output", "users", "p1_seconds", "warmup", "lookups",
        "registrations", "places", "import_rows", "quiet_load", "settle", "p3_pupils",
    ):  # fmt: skip
        if values.get(name) is not None:
            setattr(options, name, values[name])
    if options.runs < 1 or options.scale <= 0:
        raise ValueError("--runs must be at least 1 and --scale positive")
    if options.settle < 0 or options.quiet_load < 0:
        raise ValueError("--settle and --quiet-load cannot be negative")
    return options
