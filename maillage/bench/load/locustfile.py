"""The simulated users of the load test: a field worker and a coordinator, reading their key
pages and writing through the real forms (CSRF token included). Run by `maillage loadtest`,
which prepares the plan (LOAD_PLAN: signed-in sessions and URLs) and the server.

Stricter than "non-2xx/3xx is a failure": a page must answer 200 (a redirect would be the
login page: a lost session), and a write must answer 302 (the redirect after a save; 200 is
the form shown again with its errors, so nothing was saved)."""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

from maillage.bench.load import MARK
from maillage.bench.load.forms import Form, forms_of

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))


class Member(HttpUser):
    abstract = True
    persona = ""
    wait_time = between(1, 2)  # a person reading, not a robot: some 0.6 tasks/s per user
    _turns: itertools.count[int]

    @property
    def plan(self) -> dict[str, Any]:
        return PLAN[self.persona]  # type: ignore[no-any-return]

    def on_start(self) -> None:
        cookies = self.plan["cookies"]
        for name, value in cookies[next(self._turns) % len(cookies)].items():
            self.client.cookies.set(name, value)
        self.first()

    def first(self) -> None:
        """What a member does first: the persona's writes, so that even a short run posts
        every form at least once per user."""

    def page(self, name: str) -> str:
        """GET one page of the plan; its HTML ('' when it failed)."""
        with self.client.get(
            self.plan["pages"][name], name=name, allow_redirects=False, catch_response=True
        ) as response:
            return _expect(response, 200)

    def post(self, name: str, form: Form, **changes: str) -> None:
        data = form.fields | changes
        with self.client.post(
            form.action, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            _expect(response, 302)

    def form(self, write: str, pick: Any) -> Form | None:
        """The form of a write, from its page as the member sees it (fresh CSRF token)."""
        spec = self.plan[write]
        html = self.page(next(k for k, v in self.plan["pages"].items() if v == spec["page"]))
        found = [f for f in forms_of(html) if f.method == "post" and pick(f, spec["action"])]
        if html and not found:
            self.environment.events.request.fire(
                request_type="FORM",
                name=f"{write}: form on the page",
                response_time=0,
                response_length=0,
                exception=AssertionError(f"no {write} form on {spec['page']}"),
                context={},
            )
        return random.choice(found) if found else None  # noqa: S311 (which row to tap)


def _expect(response: Any, status: int) -> str:  # locust's ResponseContextManager, untyped
    if response.status_code != status:
        response.failure(f"status {response.status_code}, expected {status}")
        return ""
    response.success()
    return response.text or ""


class FieldWorker(Member):
    persona = "field worker"
    weight = 3
    _turns = itertools.count()

    def first(self) -> None:
        self.record_intervention()

    @task(3)
    def home(self) -> None:
        self.page("home")

    @task(4)
    def caseload(self) -> None:
        self.page("caseload")

    @task(4)
    def followup(self) -> None:
        self.page("follow-up")

    @task(3)
    def person_search(self) -> None:
        self.page("person search")

    @task(2)
    def offer_search(self) -> None:
        self.page("social-offer search")

    @task(2)
    def record_intervention(self) -> None:
        form = self.form("intervention", lambda f, action: f.action == action)
        if form is not None:
            prefix = next(k for k in form.fields if k.endswith("-date")).removesuffix("date")
            self.post(
                "record an intervention",
                form,
                **{f"{prefix}notes": "Load test.", f"{prefix}present": MARK},
            )


class Coordinator(Member):
    persona = "coordinator"
    weight = 1
    _turns = itertools.count()

    def first(self) -> None:
        self.mark_attendance()
        self.count_headcount()

    @task(2)
    def home(self) -> None:
        self.page("home")

    @task(2)
    def signal_inbox(self) -> None:
        self.page("signal inbox")

    @task(3)
    def activity_roster(self) -> None:
        self.page("activity roster")

    @task(2)
    def person_search(self) -> None:
        self.page("person search, broad")

    @task(3)
    def mark_attendance(self) -> None:
        form = self.form(
            "attendance", lambda f, action: f.action.startswith(action) and "present" in f.fields
        )
        if form is not None:
            self.post("mark attendance", form)  # toggles: present becomes absent, and back

    @task(1)
    def count_headcount(self) -> None:
        form = self.form("headcount", lambda f, action: f.action == action)
        if form is not None:
            self.post("save the head count", form, headcount=str(random.randint(0, 30)))  # noqa: S311
