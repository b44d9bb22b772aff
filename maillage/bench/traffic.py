"""Concurrent HTTP traffic on loopback for P1: users sending their requests back to back, each
on a new connection as browsers without keep-alive do, timed from the request to the last byte
of the answer."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie


@dataclass
class Call:
    """One request and what makes its answer a success."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None
    ok: Callable[[int, http.client.HTTPResponse, bytes], bool] = lambda status, _response, _body: (
        status == 200
    )


# The n-th call of one user (n from 0); made before the clock starts, so building a form's
# body is not measured.
Maker = Callable[[int], Call]


@dataclass
class Load:
    requests: int = 0
    errors: int = 0
    statuses: set[int] = field(default_factory=set)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def send(port: int, call: Call) -> tuple[int, http.client.HTTPResponse | None, bytes]:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(call.method, call.url, body=call.body, headers=call.headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
    except OSError:
        return 0, None, b""
    return response.status, response, body


def load(port: int, makers: list[Maker], seconds: float) -> Load:
    """One thread per maker sends its calls back to back for `seconds`; successes are timed,
    failures counted with their status (0: no answer)."""
    result = Load()
    lock = threading.Lock()
    start = threading.Barrier(len(makers) + 1)
    stop_at = [0.0]

    def user(make: Maker) -> None:
        mine: list[float] = []
        errors = 0
        statuses: set[int] = set()
        start.wait()
        n = 0
        while time.perf_counter() < stop_at[0]:
            call = make(n)
            n += 1
            began = time.perf_counter()
            status, response, body = send(port, call)
            elapsed = (time.perf_counter() - began) * 1000
            if response is not None and call.ok(status, response, body):
                mine.append(elapsed)
            else:
                errors += 1
                statuses.add(status)
        with lock:
            result.latencies_ms.extend(mine)
            result.errors += errors
            result.statuses |= statuses

    threads = [threading.Thread(target=user, args=(m,), daemon=True) for m in makers]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    result.seconds = time.perf_counter() - began
    result.requests = len(result.latencies_ms)
    return result


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def get_page(port: int, url: str, cookies: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The HTML of a page and the cookies after it (the CSRF cookie it sets), as a browser
    opening the page before posting its form."""
    status, response, body = send(port, Call("GET", url, {"Cookie": cookie_header(cookies)}))
    if status != 200 or response is None:
        raise RuntimeError(f"GET {url} answered {status}")
    jar = dict(cookies)
    for header in response.headers.get_all("Set-Cookie") or []:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        jar.update({name: morsel.value for name, morsel in parsed.items()})
    return body.decode("utf-8"), jar
