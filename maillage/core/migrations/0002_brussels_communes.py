from django.db import migrations

# The 19 communes of Brussels-Capital, keyed on the commune: a postcode can span two.
BRUSSELS = [
    ("Anderlecht", "1070"),
    ("Auderghem", "1160"),
    ("Berchem-Sainte-Agathe", "1082"),
    ("Bruxelles", "1000 1020 1120 1130"),
    ("Etterbeek", "1040"),
    ("Evere", "1140"),
    ("Forest", "1190"),
    ("Ganshoren", "1083"),
    ("Ixelles", "1050"),
    ("Jette", "1090"),
    ("Koekelberg", "1081"),
    ("Molenbeek-Saint-Jean", "1080"),
    ("Saint-Gilles", "1060"),
    ("Saint-Josse-ten-Noode", "1210"),
    ("Schaerbeek", "1030"),
    ("Uccle", "1180"),
    ("Watermael-Boitsfort", "1170"),
    ("Woluwe-Saint-Lambert", "1200"),
    ("Woluwe-Saint-Pierre", "1150"),
]


def add_communes(apps, schema_editor):
    Commune = apps.get_model("core", "Commune")
    for name, postcodes in BRUSSELS:
        Commune.objects.update_or_create(
            name=name, defaults={"region": "brussels", "postcodes": postcodes}
        )


def remove_communes(apps, schema_editor):
    Commune = apps.get_model("core", "Commune")
    Commune.objects.filter(name__in=[name for name, _ in BRUSSELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_communes, remove_communes)]
