"""The public site's fixtures. A (`org_a`) has a published page, a published news post with
a picture, a draft and a scheduled post, an open job offer with one application, a draft
offer and an expired one, and a spontaneous application. `coordinator` writes A's news
(MANAGE_NETWORK) but not its offers; `owner` (administrator) does both; `member` and `dpo`
do neither. B (`outsider`) has nothing on the site.
"""

from __future__ import annotations

import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.website import services
from maillage.website.models import ContractKind, JobOffer, NewsPost, SiteProfile

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf(name: str = "cv.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def docx_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def acting(user, organisation):
    bind_organisation(user, organisation.pk)
    return user


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MAILLAGE_BASE_URL = "https://maillage.example"


@pytest.fixture
def coordinator(make_user, org_a):
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def profile(org_a):
    return SiteProfile.objects.create(
        organisation=org_a,
        is_published=True,
        tagline="Aide en milieu ouvert pour les jeunes",
        presentation=(
            "Nous accueillons les jeunes de 0 à 22 ans.\n\nAide gratuite et confidentielle."
        ),
    )


@pytest.fixture
def post(owner, org_a):
    created = services.news_post_create(
        actor=owner,
        organisation=org_a,
        title="Stage de printemps",
        text="Les inscriptions sont ouvertes.",
        image=png(),
        image_alt="Des jeunes au parc",
    )
    return services.news_post_publish(actor=owner, post=created)


@pytest.fixture
def draft_post(org_a):
    return NewsPost.objects.create(organisation=org_a, title="Brouillon secret", text="Pas encore")


@pytest.fixture
def scheduled_post(org_a):
    return NewsPost.objects.create(
        organisation=org_a,
        title="Annonce future",
        text="Bientôt",
        published_at=timezone.now() + timedelta(days=3),
    )


def _offer(org, **fields):
    values = {
        "organisation": org,
        "title": "Animateur·rice de rue",
        "contract": ContractKind.FIXED_TERM,
        "hours": "mi-temps",
        "place": "Saint-Gilles",
        "deadline": timezone.localdate() + timedelta(days=20),
        "description": "Vous accompagnez les jeunes du quartier.",
        "published_at": timezone.now() - timedelta(days=1),
    }
    values.update(fields)
    return JobOffer.objects.create(**values)


@pytest.fixture
def offer(org_a):
    return _offer(org_a)


@pytest.fixture
def draft_offer(org_a):
    return _offer(org_a, title="Coordinateur·rice (brouillon)", published_at=None)


@pytest.fixture
def expired_offer(org_a):
    return _offer(org_a, title="Offre expirée", deadline=timezone.localdate() - timedelta(days=1))


@pytest.fixture
def application(org_a, offer):
    return services.application_submit(
        organisation=org_a,
        offer=offer,
        name="Jeanne Candidate",
        email="jeanne@candidate.example",
        message="Motivée",
        cv=pdf(),
    )


@pytest.fixture
def spontaneous_application(org_a, profile):
    return services.application_submit(
        organisation=org_a,
        offer=None,
        name="Paul Spontané",
        email="paul@candidate.example",
        message="",
        cv=pdf("cv-paul.pdf"),
    )
