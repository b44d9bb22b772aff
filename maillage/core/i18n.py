"""Compiles the .po catalogues at start, so no GNU gettext is needed on the machine."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)


def compile_catalogues() -> None:
    import polib
    from django.utils.translation.reloader import translation_file_changed

    for locale_dir in settings.LOCALE_PATHS:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime > po_path.stat().st_mtime:
                continue
            # Write aside, then rename: another process may be reading the catalogue.
            partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
            try:
                polib.pofile(str(po_path)).save_as_mofile(str(partial))
                os.replace(partial, mo_path)
                # Django has already read the catalogues (without this .mo) while importing
                # the models: forget them, as its autoreloader does, or this process would
                # serve English until it restarts.
                translation_file_changed(sender=None, file_path=mo_path)
            except OSError as exc:  # read-only install: the packaged .mo must do
                log.warning("Could not compile %s: %s", po_path, exc)
