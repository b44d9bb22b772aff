"""Every table that points at a person is classified once (maillage/privacy/references.py):
the export, the erasure and the retention run all read that list."""

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from maillage.people.models import Person
from maillage.privacy import references
from maillage.privacy.references import REFERENCES, Delay, Fate, Reference
from maillage.privacy.subject_access import requests


def test_every_reference_to_a_person_in_the_model_graph_is_classified():
    """A new model pointing at Person fails here until references.py says what becomes of
    its rows on erasure and retention, and what the export shows of them."""
    assert references.unclassified() == []
    assert references.stale() == []
    assert len({ref.key for ref in REFERENCES}) == len(REFERENCES)
    assert len({ref.section for ref in REFERENCES}) == len(REFERENCES)


@isolate_apps("tests.crypto_app")
def test_the_check_reports_a_new_foreign_key_or_many_to_many_to_a_person():
    class Diary(models.Model):
        person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "crypto_app"

        def __str__(self) -> str:
            return str(self.pk)

    class Club(models.Model):
        members = models.ManyToManyField(Person, related_name="+")

        class Meta:
            app_label = "crypto_app"

        def __str__(self) -> str:
            return str(self.pk)

    graph = [*apps.get_models(include_auto_created=True), Diary, Club, Club.members.through]
    assert references.unclassified(graph) == [
        "crypto_app.club_members.person",
        "crypto_app.diary.person",
    ]


def test_the_schooling_tables_are_found_though_person_hides_them():
    """`related_name="+"` hides absences, signals and ESF+ records from
    Person._meta.related_objects, not from the graph."""
    keys = {ref.key for ref in REFERENCES}
    assert {
        "schooling.absence.person",
        "schooling.signal.person",
        "schooling.participant.person",
        "schooling.enrolment.person",
        "schooling.educationstatus.person",
    } <= keys
    hidden = {rel.related_model for rel in Person._meta.related_objects}
    assert not {ref.model for ref in REFERENCES if ref.key == "schooling.absence.person"} & hidden


def test_a_retained_reference_must_name_its_delay():
    from maillage.casework.models import Request

    with pytest.raises(ValueError, match="delay"):
        Reference(Request, "person", Fate.RETAINED, "requests", requests)
    with pytest.raises(ValueError, match="kept"):
        Reference(Request, "person", Fate.RETAINED, "requests", requests, delay=Delay.SCHOOLING)
