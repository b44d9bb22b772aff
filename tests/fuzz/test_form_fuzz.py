"""Every form a member can post, posted with whatever a browser (or a script) might send: the
answer is never a 5xx, and a refused form writes nothing.

The routes come from the permission matrices (tests/<app>/test_authorisation*.py): each
matrix module becomes a class here that sees its app's fixtures (see conftest.py). For each
page a persona may open (200 in the matrix), the page is fetched as that persona and its
POST forms are parsed (field names, hidden values, options); each form whose action is a
route of a matrix is then posted with Hypothesis-generated values: empty, 100 000-character
strings, unicode, NUL bytes, right-to-left marks, malformed dates, negative and huge numbers,
several values where one is expected, fields left out, random files. POST routes of the
matrices that no page shows a form for are posted with random fields. Each example runs in a
savepoint rolled back afterwards, so examples don't depend on each other.

Properties: the status is below 500; when the form is refused (a 4xx, or the page shown
again with errors) no row of any domain table changed (tests/fuzz/rows.py).

The examples are few by default (CI runs every test on two databases). To fuzz longer:

    MAILLAGE_FUZZ_EXAMPLES=200 python3 -m uv run pytest tests/fuzz/test_form_fuzz.py

Hypothesis is derandomised so CI is deterministic; set `MAILLAGE_FUZZ_EXAMPLES` to explore.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.authorisation import ANON, all_matrix_names
from tests.fuzz.rows import changed, domain_counts, examples

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).resolve().parent.parent
MATRIX_NAMES = all_matrix_names()


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → values seen
    files: set[str] = field(default_factory=set)


class FormParser(HTMLParser):
    """The POST forms of a page (and elements posting through htmx), with their fields."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = a.get("data-hx-post") or (
                a.get("action", "") if a.get("method", "").lower() == "post" else None
            )
            self.current = Form(urljoin(self.page, action)) if action is not None else None
            if self.current:
                self.forms.append(self.current)
            return
        if self.current is None:
            if "data-hx-post" in a:  # a button posting on its own
                self.forms.append(Form(urljoin(self.page, a["data-hx-post"])))
            return
        name = a.get("name")
        if tag == "select":
            self.select = name
        if not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input" and a.get("type") == "file":
            self.current.files.add(name)
        elif tag in {"input", "textarea", "select", "button"}:
            values = self.current.fields.setdefault(name, [])
            if a.get("value"):
                values.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data: str) -> None:
        pass

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


class OptionParser(FormParser):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "option" and self.current is not None and self.select:
            value = dict(attrs).get("value")
            if value:
                self.current.fields.setdefault(self.select, []).append(value)
            return
        super().handle_starttag(tag, attrs)


def route(url: str) -> str | None:
    """The matrix route a URL leads to, or None (allauth, admin, another site)."""
    parts = urlsplit(url)
    if parts.netloc not in {"", "testserver"}:
        return None
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        return None
    return name if name in MATRIX_NAMES else None


@dataclass(frozen=True)
class Target:
    persona: str
    form: Form

    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.form.action, tuple(sorted(self.form.fields)))


def _has_fixture(request: Any, name: str) -> bool:
    try:
        request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        return False
    return True


def targets(
    client: Client, request: Any, objects: dict[str, Any], matrix: list[Any]
) -> list[Target]:
    found: dict[tuple[str, tuple[str, ...]], Target] = {}
    posted: dict[str, str] = {}
    for name, key, method, expected in matrix:
        if key and key not in objects:
            continue  # a row of another module's matrix (schooling collects them all)
        url = reverse(name, kwargs=objects[key] if key else None)
        allowed = [p for p, status in expected.items() if p != ANON and status in {200, 302}]
        if not allowed:
            continue
        persona = allowed[0]
        if method == "post":
            if _has_fixture(request, persona):
                posted.setdefault(url, persona)
            continue
        if expected[persona] != 200:
            continue
        try:
            user = request.getfixturevalue(persona)
        except pytest.FixtureLookupError:
            continue  # a row collected from another module, fuzzed with that module's fixtures
        client.force_login(user)
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = OptionParser(url)
        parser.feed(response.content.decode())
        for form in parser.forms:
            if route(form.action):
                found.setdefault(Target(persona, form).key(), Target(persona, form))
    seen = {target.form.action.split("?")[0] for target in found.values()}
    for url, persona in posted.items():
        if url not in seen:  # a POST route no page shows a form for: random fields
            found[(url, ())] = Target(persona, Form(url))
    return list(found.values())


BAD_DATES = ["31/02/2025", "2025-13-01", "00/00/0000", "1/1/1", "9999-12-31", "0001-01-01",
             "2025-02-30", "29/02/2025", "2025-10-06T25:61", "٠٦/١٠/٢٠٢٥"]  # fmt: skip
NUMBERS = ["-1", "0", "-99999999999999999999", "99999999999999999999999", "1e400", "NaN",
           "inf", "1.5", "1,5", "2147483648", "-9223372036854775809"]  # fmt: skip
NASTY = ["\x00", "a\x00b", "\u202eRTL\u202c", "\u200f\u200e", "\ufeff", "<script>x</script>",
         "' OR 1=1 --", "../../etc/passwd", "{{ 7*7 }}", "%s%n", "\r\n"]  # fmt: skip
HUGE = "x" * 100_000


def nasty_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(""),
        st.just(HUGE),
        st.sampled_from(BAD_DATES),
        st.sampled_from(NUMBERS),
        st.sampled_from(NASTY),
        st.text(max_size=20),
    )


@st.composite
def post_data(draw: st.DrawFn, form: Form) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, seen in form.fields.items():
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # the field left out
        plain = st.sampled_from(seen) if seen else nasty_value()
        value = st.one_of(plain, nasty_value()) if choice > 2 else plain
        if choice == 1:  # several values where one is expected
            data[name] = draw(st.lists(value, min_size=2, max_size=3))
        else:
            data[name] = draw(value)
    for name in form.files:
        if draw(st.booleans()):
            file_name = draw(st.sampled_from(["a.pdf", "a.csv", "a.xlsx", "../a.exe", "\x00.png"]))
            data[name] = SimpleUploadedFile(
                file_name.replace("\x00", ""), draw(st.binary(max_size=300))
            )
    for _ in range(draw(st.integers(0, 2 if form.fields else 4))):
        data[draw(st.sampled_from(["id", "pk", "next", "status", "date", "x"]))] = draw(
            nasty_value()
        )
    return data


def redirected(response: Any) -> bool:
    return response.status_code in {301, 302, 303} or any(
        header in response for header in ("HX-Redirect", "HX-Location", "HX-Refresh")
    )


def refused(response: Any) -> bool:
    """A 4xx, or the form shown again with its errors."""
    if response.status_code >= 400:
        return True
    if redirected(response):
        return False
    body = response.content.decode(errors="replace")
    return any(mark in body for mark in ('class="form-errors"', "errorlist", 'aria-invalid="true"'))


FUZZ = settings(
    max_examples=examples(2),
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a shrink of 100 000-character posts takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(client: Client, user: Any, target: Target) -> None:
    @FUZZ
    @given(st.data())
    def run(data: st.DataObject) -> None:
        posted = data.draw(post_data(target.form))
        client.force_login(user)
        with transaction.atomic():
            before = domain_counts()
            response = client.post(target.form.action, posted)
            assert response.status_code < 500, (target.form.action, response.status_code)
            if refused(response):
                assert not changed(before, domain_counts()), (
                    f"{target.form.action} refused the form ({response.status_code}) but wrote "
                    f"{changed(before, domain_counts())}"
                )
            transaction.set_rollback(True)

    run()


class MatrixFuzz:
    fixture_modules: ClassVar[list[ModuleType]] = []
    matrix: ClassVar[list[Any]] = []

    def test_posted_forms_never_fail_and_refusals_write_nothing(
        self, client: Client, request: Any, objects: dict[str, Any]
    ) -> None:
        found = targets(client, request, objects, self.matrix)
        assert found or not any(row[2] == "post" for row in self.matrix)
        for target in found:
            fuzz(client, request.getfixturevalue(target.persona), target)


def _classes() -> dict[str, type]:
    classes: dict[str, type] = {}
    for path in sorted(TESTS.glob("*/test_authorisation*.py")):
        app = path.parent.name
        matrix_module = importlib.import_module(f"tests.{app}.{path.stem}")
        modules = [matrix_module]
        if (path.parent / "conftest.py").exists():
            modules.insert(0, importlib.import_module(f"tests.{app}.conftest"))
        name = "Test" + "".join(part.title() for part in f"{app}_{path.stem[5:]}".split("_"))
        classes[name] = type(
            name,
            (MatrixFuzz,),
            {"fixture_modules": modules, "matrix": list(matrix_module.MATRIX)},
        )
    return classes


globals().update(_classes())


def _redirect_case(cls_name: str, route_name: str, key: str, persona: str) -> type:
    """Found by this fuzz: a `next` that is a bare word ("x", "-1") passed the safe-URL
    check, then `redirect()` took it for a URL name and raised NoReverseMatch (a 500)."""
    base = globals()[cls_name]

    def test_a_bare_word_as_next_falls_back_to_the_page(
        self: Any, client: Client, request: Any, objects: dict[str, Any]
    ) -> None:
        client.force_login(request.getfixturevalue(persona))
        url = reverse(route_name, kwargs=objects[key])
        for word in ("x", "-99999999999999999999"):
            with transaction.atomic():
                response = client.post(url, {"next": word})
                assert response.status_code == 302
                assert response["Location"].startswith("/")
                transaction.set_rollback(True)

    name = f"Test{route_name.split(':')[1].title().replace('_', '')}Next"
    return type(
        name,
        (),
        {
            "fixture_modules": base.fixture_modules,
            "test_a_bare_word_as_next_falls_back_to_the_page": (
                test_a_bare_word_as_next_falls_back_to_the_page
            ),
        },
    )


TestHouseholdRemoveMemberNext = _redirect_case(
    "TestPeopleAuthorisation", "people:household_remove_member", "membership", "member"
)
TestSignalAcknowledgeNext = _redirect_case(
    "TestSchoolingAuthorisationSignals", "schooling:signal_acknowledge", "signal", "member"
)


def test_an_id_beyond_the_integer_range_matches_nothing_instead_of_failing(
    org_a: Any,
) -> None:
    """Found by this fuzz: a multiple choice of records posted with -99999999999999999999
    raised OverflowError (SQLite) from `pk__in` in the form's validation (a 500)."""
    from maillage.core.models import Organisation

    found = Organisation.objects.filter(pk__in=[-(10**20), 10**20, org_a.pk])
    assert list(found) == [org_a]
    assert not Organisation.objects.filter(pk__in=[10**20]).exists()
