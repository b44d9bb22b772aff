"""`maillage bench` and `maillage loadtest` work from an installed wheel (issue 18): the harness
is part of the package, with the files it needs besides its Python (the bare page's template,
the locustfile).

The wheel is built from this checkout and installed into a new virtual environment, then the
commands run from a directory outside the checkout, with nothing of the checkout on the path.
Offline and quick: the wheel is installed without its dependencies, which the new environment
finds in this test's own environment through a `.pth` line. A `.pth` file of a directory added
that way is not read, so the editable install of the checkout there stays out of reach (the
test checks where `maillage` is imported from)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
PACKAGED = [
    "maillage/bench/load/locustfile.py",
    "maillage/bench/bare/templates/bare/page.html",
    "maillage/bench/bare/settings.py",
]


def uv() -> str:
    """uv itself: `uv run` says where it is (UV); otherwise the one on the PATH."""
    found = os.environ.get("UV") or shutil.which("uv")
    assert found, "uv is needed to build the wheel: run the tests with `uv run pytest`"
    return found


def run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


def test_bench_and_loadtest_commands_run_from_an_installed_wheel(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the installed command's own default
    dist = tmp_path / "dist"
    build = [uv(), "build", "--wheel", "--offline", "--python", sys.executable, "--out-dir"]
    run([*build, str(dist), str(CHECKOUT)], CHECKOUT, env)
    (wheel,) = dist.glob("maillage-*.whl")
    venv = tmp_path / "venv"
    run([uv(), "venv", "--quiet", "--python", sys.executable, str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    install = [uv(), "pip", "install", "--quiet", "--offline", "--no-deps", "--python"]
    run([*install, str(python), str(wheel)], tmp_path, env)
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run([str(python), "-c", purelib], tmp_path, env).strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_maillage_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env.update(
        MAILLAGE_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VIRTUAL_ENV=str(venv),
    )
    where = run([str(python), "-c", "import maillage; print(maillage.__file__)"], outside, env)
    assert Path(where.strip()).is_relative_to(site), where  # the wheel's, not the checkout's
    for name in PACKAGED:
        assert (site / name).is_file(), name

    bench = run([str(venv / "bin" / "maillage"), "bench", "--help"], outside, env)
    assert "--only" in bench and "--users" in bench
    loadtest = run([str(venv / "bin" / "maillage"), "loadtest", "--help"], outside, env)
    assert "--spawn-rate" in loadtest
