"""A small SMTP server on loopback for the sending tests: it refuses the recipients whose
address contains "refuse", keeps what it accepted, and counts its connections."""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Received:
    connections: int = 0
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def recipients(self) -> list[str]:
        return [to for rcpts, _data in self.messages for to in rcpts]


class _Handler(socketserver.StreamRequestHandler):
    server: Any

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        received: Received = self.server.received
        with received.lock:
            received.connections += 1
        self.reply("220 localhost test SMTP")
        rcpts: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                rcpts = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if "refuse" in address:
                    self.reply("550 5.1.1 Mailbox unavailable")
                else:
                    rcpts.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line)
                with received.lock:
                    received.messages.append((rcpts, b"".join(lines)))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpServer:
    def __init__(self, port: int = 0) -> None:
        self.server = _Server(("127.0.0.1", port), _Handler)
        self.received = Received()
        self.server.received = self.received  # type: ignore[attr-defined]
        self.port: int = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SmtpServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def mailer(self) -> dict[str, Any]:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }
