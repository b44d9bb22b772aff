"""The open data: published services only, documented columns, stable addresses."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.directory.queries import OPEN_DATA_COLUMNS
from tests.documents import FORMULAS


def test_stable_addresses():
    assert reverse("directory:open_data_csv") == "/public/offre-sociale/services.csv"
    assert reverse("directory:open_data_json") == "/public/offre-sociale/services.json"


def test_csv_has_the_documented_columns_and_published_services(client, service, draft):
    response = client.get(reverse("directory:open_data_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(rows[0]) == list(OPEN_DATA_COLUMNS)
    assert [row["name"] for row in rows] == [service.name]
    row = rows[0]
    assert row["communes"] == "Saint-Gilles"
    assert row["languages"] == "français|arabe"
    assert row["free"] == "true"
    assert row["latitude"] == "50.84"
    assert row["organisation"] == "AMO Alpha"


def test_json_export(client, service, draft):
    data = client.get(reverse("directory:open_data_json")).json()
    assert data["columns"] == list(OPEN_DATA_COLUMNS)
    assert len(data["services"]) == 1
    entry = data["services"][0]
    assert set(entry) == set(OPEN_DATA_COLUMNS)
    assert entry["communes"] == ["Saint-Gilles"]
    assert entry["age_min"] == 6


def test_no_internal_data_in_the_export(client, service):
    text = client.get(reverse("directory:open_data_json")).content.decode()
    assert "is_published" not in text
    assert "search_text" not in text
    assert "reviewed_at" not in text


def test_documentation_page_lists_every_column(client, service):
    response = client.get(reverse("directory:open_data"))
    assert response.status_code == 200
    for column in OPEN_DATA_COLUMNS:
        assert f"<code>{column}</code>" in response.text


def csv_rows(client) -> list[dict[str, str]]:
    content = client.get(reverse("directory:open_data_csv")).content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def test_csv_cells_are_not_run_as_formulas(client, make_service):
    make_service(name='=HYPERLINK("http://x")', phone="+32 2 123 45 67", address="-Sous-sol")
    row = csv_rows(client)[0]
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert row["phone"] == "+32 2 123 45 67"
    assert row["address"] == "'-Sous-sol"


@pytest.mark.parametrize("text", FORMULAS)
def test_every_text_column_of_the_csv_is_guarded(client, make_service, text):
    """What a partner organisation types, in any text column, never runs; the numbers stay
    numbers (a negative longitude west of Greenwich is no formula)."""
    make_service(
        name=text,
        description=text,
        address=text,
        opening_hours=text,
        phone=text,
        languages=f"{text}, arabe",
        price_note=text,
        access=text,
        latitude=Decimal("-50.5"),
        longitude=Decimal("-4.25"),
        age_min=6,
    )
    [row] = csv_rows(client)
    # The csv module reads a lone CR back inside its quoted cell as it was written.
    for column in ("name", "description", "address", "opening_hours", "phone", "price", "access"):
        assert row[column] == "'" + text, column
    assert row["languages"].startswith("'")  # the list, split on commas and joined with |
    assert row["latitude"] == "-50.5" and row["longitude"] == "-4.25"
    assert row["age_min"] == "6"
