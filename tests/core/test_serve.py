"""`maillage serve` really serves, with its worker, and stops both on SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from cryptography.fernet import Fernet


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_the_login_page_and_stops_cleanly(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILLAGE_", "DJANGO_"))}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MAILLAGE_VAR_DIR": str(tmp_path),
            "MAILLAGE_HTTPS": "0",
            "MAILLAGE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "SECRET_KEY": "serve-test-" + "k" * 50,
            "DEBUG": "0",
        }
    )
    cli = [sys.executable, "-m", "maillage.cli"]
    subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        start_new_session=True,
    )
    try:
        body = ""
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/comptes/login/") as page:
                    body = page.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Se connecter" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/core/maillage.css") as css:
            assert css.status == 200
        workers = subprocess.run(
            ["pgrep", "-f", "-s", str(server.pid), "db_worker"], capture_output=True, text=True
        )
        assert workers.stdout.strip(), "the task worker runs beside the server"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    time.sleep(0.5)
    leftovers = subprocess.run(["pgrep", "-s", str(server.pid)], capture_output=True, text=True)
    assert leftovers.stdout.strip() == ""
