import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[2] / "maillage"
CATALOGUE = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _ids(po: polib.POFile) -> set[str]:
    return {entry.msgid for entry in po if not entry.obsolete}


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(CATALOGUE))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_catalogue_holds_every_string_of_the_source(tmp_path, monkeypatch):
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is required in CI (.ci/run installs it)")
        pytest.skip("GNU gettext (xgettext) is not installed on this machine")
    copy = tmp_path / "maillage"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["fr"], no_location=True, verbosity=0)
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = {e.msgid for e in extracted if not e.translated() and not e.obsolete}
    assert missing == set(), "run makemessages and translate these strings"


def test_a_catalogue_compiled_at_start_is_served_by_the_process_that_compiled_it(tmp_path):
    """On a fresh install the .mo does not exist yet when Django imports the models, and that
    import already reads the French catalogue (an empty one, then): the first process used
    to serve English until it restarted."""
    from django.utils import translation

    from maillage.core.i18n import compile_catalogues

    messages = tmp_path / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="A sentence only this test knows", msgstr="Une phrase à elle"))
    po.save(str(messages / "django.po"))
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("fr"):
        assert translation.gettext("A sentence only this test knows") == (
            "A sentence only this test knows"
        )  # read before the catalogue is compiled, and kept
        compile_catalogues()
        assert translation.gettext("A sentence only this test knows") == "Une phrase à elle"
    assert (messages / "django.mo").exists()
