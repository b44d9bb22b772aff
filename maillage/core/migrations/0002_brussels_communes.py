from django.db import migrations

from maillage.core.communes import BRUSSELS_COMMUNES, ensure_brussels_communes


def add_communes(apps, schema_editor):
    ensure_brussels_communes(apps.get_model("core", "Commune"))


def remove_communes(apps, schema_editor):
    Commune = apps.get_model("core", "Commune")
    Commune.objects.filter(name__in=[name for name, _ in BRUSSELS_COMMUNES]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_communes, remove_communes)]
