"""`maillage`: Django's management commands behind one entry point."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is a local playground: debug pages, relaxed MFA, plain HTTP.
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("MAILLAGE_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
