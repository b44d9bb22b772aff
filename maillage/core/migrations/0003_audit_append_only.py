from django.db import migrations

from maillage.core.migrations import _audit_triggers


def install(apps, schema_editor):
    _audit_triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    _audit_triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_brussels_communes")]
    operations = [migrations.RunPython(install, remove)]
