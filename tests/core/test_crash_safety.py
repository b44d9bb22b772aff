"""Crash safety, for real: a process killed with SIGKILL in the middle of an import or of a
report leaves no partial rows, no job "running" for ever, no half-written report, and the
same work can simply be run again; a web server killed right after it answered has the
access-log entry of what it showed already committed.

Each test starts `maillage` in a subprocess on the test database (committed data:
transactional tests), waits for a real sign that the work is under way (a progress line, a
job's progress row), kills it, then checks what is left. Every wait is bounded.
"""

from __future__ import annotations

import http.client
import io
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.audit_models import AuditEvent
from maillage.core.imports_files import store_upload
from maillage.core.imports_jobs import import_start, run_import
from maillage.core.jobs import job_expire_stale, stale_after, write_atomically
from maillage.core.models import Job, JobStatus, OrganisationKind
from maillage.people.models import Person
from maillage.programmes import reports
from maillage.programmes.models import ReportStatus
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import Absence, Enrolment, School, Signal

# The children keep the real clock (they can't share MAILLAGE_TEST_TODAY's moved one).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]

WAIT = 60.0  # seconds: the most any step may take before the test fails
HEADER = "matricule;nom;prenom;date_naissance;date;demi_jour;statut;motif"
# Two batches of the import (5,000 rows, then 2,500): killed after the first, it is mid-import.
PUPILS = 75
HALF_DAYS = 100  # each: above the threshold of 9, so every pupil gets a signal
ROWS = PUPILS * HALF_DAYS
# A job is killed once its rows are checked, as the writing starts: a batch and a bit will do.
JOB_PUPILS = 60
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def school_days() -> list[date]:
    days, day = [], date(2025, 10, 6)
    while len(days) < HALF_DAYS // 2:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def made_up_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def absence_file(folder: Path, pupils: int = PUPILS) -> Path:
    """A school's export big enough for its import to take a few seconds. Names and birth
    dates of their own: no two pupils look like the same person to the duplicate check."""
    rng = random.Random(9)
    lines = [HEADER]
    days = school_days()
    for pupil in range(pupils):
        born = date(2008, 1, 1) + timedelta(days=pupil)
        first, last = made_up_name(rng), made_up_name(rng)
        for day in days:
            for half in ("matin", "apres-midi"):
                lines.append(
                    f"M{pupil:05d};{last};{first};{born:%d/%m/%Y};"
                    f"{day:%d/%m/%Y};{half};injustifiee;"
                )
    path = folder / "absences.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Child:
    """`maillage …` on the test database, its output read line by line as it comes."""

    def __init__(self, *args: str, var_dir: Path) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "MAILLAGE_VAR_DIR": str(var_dir),
            "PYTHONUNBUFFERED": "1",
        }
        self.process = subprocess.Popen(
            # The system checks are not what is tested: skipped, the child starts sooner.
            [sys.executable, "-m", "maillage.cli", *args, "--skip-checks"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, wanted: Callable[[str], bool]) -> str:
        """The first line that `wanted` accepts; fails if the process ends first."""
        deadline = time.monotonic() + WAIT
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                pytest.fail("the command ended first:\n" + "\n".join(self.output))
            self.output.append(line)
            if wanted(line):
                return line
        pytest.fail("no such line in time:\n" + "\n".join(self.output))

    def kill(self) -> None:
        assert self.process.poll() is None, "the process had already ended: nothing was killed"
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=WAIT) == -signal.SIGKILL

    def finish(self) -> tuple[int, str]:
        code = self.process.wait(timeout=WAIT)
        while (line := self.lines.get(timeout=WAIT)) is not None:
            self.output.append(line)
        return code, "\n".join(self.output)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT)


@pytest.fixture
def children() -> Any:
    """Start children with `children(...)`; none outlives the test."""
    started: list[Child] = []

    def start(*args: str, var_dir: Path) -> Child:
        child = Child(*args, var_dir=var_dir)
        started.append(child)
        return child

    yield start
    for child in started:
        child.stop()


@pytest.fixture
def private_root(settings: Any, tmp_path: Path) -> Path:
    """The private storage where the children (MAILLAGE_VAR_DIR=tmp_path) keep theirs."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture
def school(make_org: Callable[..., Any]) -> School:
    return School.objects.create(
        organisation=make_org("Athénée Exemple", OrganisationKind.SCHOOL), fwb_number="1234"
    )


def french(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


def until(condition: Callable[[], bool], what: str) -> None:
    """Poll the database for a state another process writes, within `WAIT` seconds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not in time: {what}")
        time.sleep(0.02)  # the polling interval, not a synchronisation


def assert_nothing_imported() -> None:
    assert (Absence.objects.count(), Enrolment.objects.count()) == (0, 0)
    assert (Person.objects.count(), Signal.objects.count()) == (0, 0)
    assert not AuditEvent.objects.filter(action="schooling.absence.imported").exists()


def assert_imported_once(org: Any, pupils: int = PUPILS) -> None:
    assert Absence.objects.count() == pupils * HALF_DAYS
    assert Person.objects.filter(organisation=org).count() == pupils
    assert Enrolment.objects.count() == pupils
    assert Signal.objects.filter(organisation=org).count() == pupils


def test_a_killed_import_command_leaves_nothing_and_runs_again_exactly_once(
    children, private_root, tmp_path, org_a, member, school
):
    path = absence_file(tmp_path)
    args = ("import-absences", str(path), "--school", "1234", "--organisation", org_a.slug)
    child = children(*args, "--progress", var_dir=private_root)
    # A progress line is printed after a batch is written inside the import's transaction.
    line = child.wait_for(lambda line: line.startswith("Lignes lues jusqu’ici"))
    assert int(line.rsplit(" ", 1)[1]) < ROWS  # mid-import, not at its end
    child.kill()
    assert_nothing_imported()

    # The same command again (here in the test's process: it runs the same code).
    out = io.StringIO()
    call_command(*args, stdout=out)
    assert f"Importées : {ROWS}" in out.getvalue()
    assert_imported_once(org_a)
    audit = AuditEvent.objects.get(action="schooling.absence.imported")
    assert (audit.changes["committed"], audit.changes["created"]) == (True, ROWS)


def test_a_worker_killed_mid_import_job_leaves_nothing_and_the_job_can_run_again(
    children, private_root, tmp_path, org_a, member, school
):
    upload = SimpleUploadedFile("absences.csv", absence_file(tmp_path, JOB_PUPILS).read_bytes())
    token = store_upload(
        upload,
        organisation_id=org_a.pk,
        user_id=member.pk,
        max_bytes=AbsenceImport.max_upload_bytes,
    )
    start = {
        "actor": member,
        "organisation": org_a,
        "spec": AbsenceImport(),
        "token": token,
        "rows": JOB_PUPILS * HALF_DAYS,
        "options": {"school": school.pk},
    }
    job = import_start(**start)
    worker = children("db_worker", "--batch", "--no-startup-delay", var_dir=private_root)
    writing = french("Writing the rows…")
    until(
        lambda: Job.objects.filter(pk=job.pk, message=writing).exists(),
        "the job writes the rows",
    )
    worker.kill()
    assert_nothing_imported()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # what a dead worker leaves behind
    assert job_expire_stale() == 0  # a fresh heartbeat is not taken for dead
    assert job_expire_stale(timezone.now() + stale_after() + timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert (job.status, job.finished) == (JobStatus.FAILED, True)
    assert "Relancez-le" in job.message

    again = import_start(**start)  # the upload is still there: the same file, once more
    run_import.call(job_id=str(again.pk))  # what the next worker runs
    again.refresh_from_db()
    assert again.status == JobStatus.DONE, again.message
    assert_imported_once(org_a, JOB_PUPILS)


def test_a_worker_killed_mid_report_fails_the_report_instead_of_showing_a_partial_one(
    children, private_root, login, owner, org_a
):
    from tests.community.conftest import acting

    acting(owner, org_a, "programme_coordinator")
    report = reports.report_request(
        actor=owner,
        organisation=org_a,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    job = report.job
    assert job is not None
    worker = children("db_worker", "--batch", "--no-startup-delay", var_dir=private_root)
    writing = french("Writing the files…")
    # Killed once every figure is computed, as its files are rendered and written.
    until(
        lambda: Job.objects.filter(pk=job.pk, message=writing).exists(),
        "the report's job writes its files",
    )
    worker.kill()
    report.refresh_from_db()
    job.refresh_from_db()
    assert (report.status, job.status) == (ReportStatus.QUEUED, JobStatus.RUNNING)
    client = login(owner)
    download = reverse("programmes:report_download", args=[report.pk, "pdf"])
    assert client.get(download).status_code == 404  # nothing half-made is served

    assert job_expire_stale(timezone.now() + stale_after() + timedelta(seconds=1)) == 1
    report.refresh_from_db()
    job.refresh_from_db()
    assert (report.status, job.status) == (ReportStatus.FAILED, JobStatus.FAILED)

    # Made again: a new job is queued for a worker (that the next one completes, as any
    # report, is what tests/programmes/test_report_files.py proves).
    acting(owner, org_a, "programme_coordinator")
    again = reports.report_regenerate(actor=owner, report=report)
    report.refresh_from_db()
    assert (again.status, report.status, report.job) == (
        JobStatus.QUEUED,
        ReportStatus.QUEUED,
        again,
    )


def complete_html(content: bytes) -> bool:
    return content.lstrip().lower().startswith(b"<!doctype html") and content.rstrip().endswith(
        b"</html>"
    )


def test_a_killed_report_command_leaves_the_previous_file_and_no_partial_one(
    children, private_root, tmp_path, org_a
):
    output = tmp_path / "rapport.html"
    output.write_bytes(b"the previous, complete report")
    args = (
        "report",
        "--organisation",
        org_a.slug,
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "html",
        "--output",
        str(output),
    )
    child = children(*args, "--progress", var_dir=private_root)
    # The last sign before the file is written: killed at the latest point it can be.
    child.wait_for(lambda line: line == "Écriture du fichier…")
    child.kill()
    left = output.read_bytes()
    assert left == b"the previous, complete report" or complete_html(left)

    call_command(*args, stdout=io.StringIO())
    assert complete_html(output.read_bytes())


def test_a_file_that_fails_while_written_leaves_the_previous_one_and_no_temporary(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_bytes(b"previous")
    with pytest.raises(TypeError):
        write_atomically(path, "not bytes: the write itself fails")  # type: ignore[arg-type]
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]
    write_atomically(path, b"new")
    assert (path.read_bytes(), [p.name for p in tmp_path.iterdir()]) == (b"new", ["rapport.pdf"])


def test_a_running_job_that_keeps_reporting_is_never_taken_for_dead(org_a, member):
    from maillage.core.jobs import job_progress

    job = Job.objects.create(owner=member, organisation=org_a, kind="core.import", label="x")
    job_progress(job, done=1, total=2)
    later = timezone.now() + stale_after() - timedelta(seconds=5)
    assert job_expire_stale(later) == 0
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - stale_after())
    job_progress(job, done=2, total=2)  # a late heartbeat brings it back from the brink
    assert job_expire_stale() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_follow_up_read_is_in_the_access_log_once_its_page_is_sent_even_if_the_server_dies(
    tmp_path, org_a, member, make_user
):
    """The access-log entry is committed before the page leaves: the production server
    (`maillage serve`), killed with SIGKILL as soon as the page has arrived, loses nothing."""
    from django.test import Client

    from maillage.casework import services
    from maillage.core.roles import Role

    colleague = make_user("colleague@a.example", (org_a, Role.FIELD_WORKER))
    request = services.request_record(
        actor=member,
        organisation=org_a,
        received_on=date.today(),
        requester="young_person",
        themes=["health"],
        age_band="15-17",
    )
    followup = services.followup_open(
        actor=member, request=request, workers=[member, colleague], opened_on=date.today()
    )
    client = Client()
    client.force_login(colleague)  # a session in the database, which the server reads
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MAILLAGE_", "DJANGO_"))},
        "DATABASE_URL": database_url(),
        "MAILLAGE_VAR_DIR": str(tmp_path),
        "MAILLAGE_HTTPS": "0",
        "MAILLAGE_MFA_REQUIRED_ROLES": "",
        "MAILLAGE_ENCRYPTION_KEYS": ",".join(settings.MAILLAGE_ENCRYPTION_KEYS),
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
    }
    port = _free_port()
    serve = ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen(
        [sys.executable, "-m", "maillage.cli", *serve],
        env=env,
        start_new_session=True,  # its own group: gunicorn, its worker and the task worker
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    viewed = AuditEvent.objects.filter(
        action="casework.followup.viewed", target_id=str(followup.pk), actor=colleague
    )
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                if _get(port, "/comptes/login/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("the server did not start")
            time.sleep(0.2)
        assert not viewed.exists()
        status, body = _get(port, f"/suivis/{followup.pk}/", cookie)
        os.killpg(server.pid, signal.SIGKILL)  # the moment the page has arrived
        assert status == 200 and b"intervention-list" in body  # the full follow-up, shown
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=WAIT)
    event = viewed.get()
    assert (event.organisation_id, event.kind, event.changes) == (
        org_a.pk,
        "read",
        {"access": "full"},
    )
