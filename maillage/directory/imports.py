"""The import of services into the social offer, through the shared import pipeline.

A file describes services of the importing user's organisation, one per line; the natural
key is the service's name (case aside), so importing the same file again changes nothing,
and a line whose service exists updates it. Columns absent from the file leave the existing
services' values alone. Rules are those of the form (`services.service_errors`).
"""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.imports_files import Cell, cell_text
from maillage.core.imports_parsers import (
    CellError,
    Parser,
    boolean,
    choice,
    decimal,
    integer,
    list_of,
    normalise,
    text,
)
from maillage.core.imports_spec import Column, Counts, ImportContext, ImportSpec, Row
from maillage.core.models import Commune
from maillage.directory.models import Gender, Service, Theme
from maillage.directory.services import MAX_AGE, service_errors

# French spellings people use for the themes, beyond their labels.
THEME_SYNONYMS: dict[str, tuple[str, ...]] = {
    Theme.SCHOOLING_SUPPORT: ("soutien scolaire", "école de devoirs", "ecole des devoirs", "EDD"),
    Theme.LITERACY: ("alphabétisation", "alpha"),
    Theme.YOUTH_CENTRE: ("maison de jeunes", "MJ"),
    Theme.SPORT: ("sport", "sports"),
    Theme.CULTURE: ("culture",),
    Theme.LEGAL_AID: ("aide juridique", "juridique", "droit"),
    Theme.HEALTH: ("santé",),
    Theme.HOUSING: ("logement",),
    Theme.EMPLOYMENT_TRAINING: ("emploi", "formation", "emploi et formation", "insertion"),
    Theme.PSYCHOLOGICAL_SUPPORT: ("soutien psychologique", "psy", "santé mentale"),
    Theme.FAMILY_SUPPORT: ("soutien à la famille", "soutien familial", "famille", "parentalité"),
    Theme.OTHER: ("autre", "divers"),
}
GENDER_OPTIONS = [
    (Gender.GIRLS_WOMEN.value, ("filles", "femmes", "filles et femmes", "F")),
    (Gender.BOYS_MEN.value, ("garçons", "hommes", "garçons et hommes", "H", "M")),
    ("", ("mixte", "tous", "tout public", "tout le monde")),
]


def _themes() -> list[tuple[str, tuple[str, ...]]]:
    from django.utils.translation import override

    options = []
    for value, label in Theme.choices:
        with override("fr"):
            french = str(label)
        options.append((value, (french, str(label), *THEME_SYNONYMS.get(value, ()))))
    return options


_THEME_PARSER: list[Parser] = []


def theme(value: Cell) -> str:
    # Built on first use: the French labels need the translations loaded.
    if not _THEME_PARSER:
        _THEME_PARSER.append(choice(_themes()))
    result: str = _THEME_PARSER[0](value)
    return result


def email(value: Cell) -> str:
    address = cell_text(value)
    try:
        validate_email(address)
    except ValidationError:
        raise CellError(_("Enter a valid e-mail address.")) from None
    return address


def website(value: Cell) -> str:
    address = cell_text(value)
    if "://" not in address:
        address = "https://" + address
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise CellError(_("Enter a valid web address.")) from None
    return address[:200]


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# Service field → import column, where they differ.
FIELD_COLUMNS = {
    "name": "nom",
    "theme": "theme",
    "description": "description",
    "age_min": "age_min",
    "age_max": "age_max",
    "gender": "reserve_a",
    "address": "adresse",
    "latitude": "latitude",
    "longitude": "longitude",
    "opening_hours": "horaires",
    "phone": "telephone",
    "email": "email",
    "website": "site_web",
    "languages": "langues",
    "is_free": "gratuit",
    "price_note": "prix",
    "access": "acces",
    "is_published": "publie",
}
COLUMN_FIELDS = {column: field for field, column in FIELD_COLUMNS.items()}
MODEL_DEFAULTS: dict[str, Any] = {"is_free": True, "is_published": True}


class ServiceImport(ImportSpec):
    kind = "directory.service"
    label = gettext_lazy("services of the social offer")
    max_upload_bytes = 5_000_000
    columns = (
        Column(
            "nom",
            gettext_lazy("Name of the service"),
            text(200),
            required=True,
            synonyms=("name", "service", "nom du service", "intitulé"),
        ),
        Column(
            "theme",
            gettext_lazy("Theme"),
            theme,
            required=True,
            synonyms=("thème", "thématique", "domaine"),
        ),
        Column("description", gettext_lazy("Description"), text(5000, multiline=True), default=""),
        Column(
            "age_min",
            gettext_lazy("Minimum age"),
            integer(0, MAX_AGE),
            synonyms=("âge minimum", "age minimum", "âge min", "de"),
        ),
        Column(
            "age_max",
            gettext_lazy("Maximum age"),
            integer(0, MAX_AGE),
            synonyms=("âge maximum", "age maximum", "âge max", "à"),
        ),
        Column(
            "reserve_a",
            gettext_lazy("Restricted to"),
            choice(GENDER_OPTIONS),
            default="",
            synonyms=("réservé à", "genre", "sexe", "public"),
            help=gettext_lazy("Empty for everyone; “filles” or “garçons”."),
        ),
        Column(
            "communes",
            gettext_lazy("Communes served"),
            list_of(),
            default=(),
            synonyms=("commune", "communes desservies"),
        ),
        Column("adresse", gettext_lazy("Address"), text(250), default="", synonyms=("address",)),
        Column("latitude", gettext_lazy("Latitude"), decimal(6), synonyms=("lat",)),
        Column("longitude", gettext_lazy("Longitude"), decimal(6), synonyms=("lon", "lng")),
        Column(
            "horaires",
            gettext_lazy("Opening hours"),
            text(2000, multiline=True),
            default="",
            synonyms=("heures d’ouverture", "heures d'ouverture", "ouverture"),
        ),
        Column(
            "telephone",
            gettext_lazy("Phone"),
            text(40),
            default="",
            synonyms=("téléphone", "tél", "tel", "gsm"),
        ),
        Column(
            "email",
            gettext_lazy("E-mail address"),
            email,
            default="",
            synonyms=("e-mail", "courriel", "mail", "adresse e-mail"),
        ),
        Column(
            "site_web",
            gettext_lazy("Website"),
            website,
            default="",
            synonyms=("site", "site internet", "web", "url"),
        ),
        Column(
            "langues",
            gettext_lazy("Languages"),
            list_of(text(50)),
            default=(),
            synonyms=("langue", "languages"),
        ),
        Column(
            "gratuit",
            gettext_lazy("Free of charge"),
            boolean(),
            default=True,
            synonyms=("free",),
            help=gettext_lazy("“oui” or “non”; “oui” when empty."),
        ),
        Column("prix", gettext_lazy("Price"), text(200), default="", synonyms=("tarif", "coût")),
        Column(
            "acces",
            gettext_lazy("How to access"),
            text(2000, multiline=True),
            default="",
            synonyms=("accès", "modalités d’accès", "modalités d'accès"),
        ),
        Column(
            "publie",
            gettext_lazy("Published"),
            boolean(),
            default=True,
            synonyms=("publié", "visible"),
            help=gettext_lazy("“oui” or “non”; “oui” when empty."),
        ),
    )
    example_rows = (
        {
            "nom": "École de devoirs du mercredi",
            "theme": "soutien scolaire",
            "description": "Aide aux devoirs en petits groupes.",
            "age_min": "6",
            "age_max": "12",
            "communes": "Saint-Gilles, Forest",
            "adresse": "Rue de l’Exemple 1, 1060 Saint-Gilles",
            "horaires": "Mercredi 13h-17h",
            "langues": "français, néerlandais",
            "gratuit": "oui",
            "publie": "oui",
        },
        {
            "nom": "Atelier théâtre ados",
            "theme": "culture",
            "age_min": "12",
            "age_max": "18",
            "communes": "Saint-Gilles",
            "gratuit": "non",
            "prix": "20 € par trimestre",
            "acces": "Inscription sur place",
            "publie": "oui",
        },
        {
            "nom": "Groupe de parole",
            "theme": "soutien psychologique",
            "reserve_a": "filles",
            "age_min": "14",
            "age_max": "21",
            "gratuit": "oui",
            "publie": "non",
        },
    )

    def key(self, values: dict[str, Any]) -> Hashable:
        return _name_key(values["nom"])

    # --- The existing services of the organisation, loaded once per run ---

    def _existing(self, context: ImportContext) -> dict[str, Service]:
        if "services" not in context.state:
            services = Service.objects.filter(organisation=context.organisation).prefetch_related(
                Prefetch("communes", queryset=Commune.objects.only("pk"))
            )
            context.state["services"] = {_name_key(s.name): s for s in services}
            context.state["communes"] = {
                normalise(name): pk for pk, name in Commune.objects.values_list("pk", "name")
            }
        existing: dict[str, Service] = context.state["services"]
        return existing

    def _fields(self, context: ImportContext, row: Row, current: Service | None) -> dict[str, Any]:
        """The service's values after this row: the file's columns over what exists."""
        fields = {
            name: getattr(current, name) if current else MODEL_DEFAULTS.get(name, _blank(name))
            for name in FIELD_COLUMNS
        }
        for column, value in row.values.items():
            if column in context.headers and column in COLUMN_FIELDS:
                name = COLUMN_FIELDS[column]
                fields[name] = ", ".join(value) if name == "languages" else value
        return fields

    def _commune_ids(self, context: ImportContext, row: Row, current: Service | None) -> set[int]:
        if "communes" not in context.headers:
            return {c.pk for c in current.communes.all()} if current else set()
        table: dict[str, int] = context.state["communes"]
        return {
            table[normalise(name)] for name in row.values["communes"] if normalise(name) in table
        }

    def check(self, context: ImportContext, rows: list[Row]) -> None:
        existing = self._existing(context)
        table: dict[str, int] = context.state["communes"]
        for row in rows:
            for name in row.values["communes"]:
                if normalise(name) not in table:
                    context.reject(
                        row, "communes", _("Unknown commune “%(name)s”.") % {"name": name}
                    )
            fields = self._fields(context, row, existing.get(_name_key(row.values["nom"])))
            # The name is the key, already checked: leave it out (its check queries per row).
            errors = service_errors(
                organisation=context.organisation, values={**fields, "name": ""}
            )
            errors.pop("name", None)
            for field_name, messages in errors.items():
                for message in messages:
                    context.reject(row, FIELD_COLUMNS.get(field_name, field_name), message)

    def apply(self, context: ImportContext, rows: list[Row], *, write: bool) -> Counts:
        existing = self._existing(context)
        counts = Counts()
        to_create: list[tuple[Service, set[int]]] = []
        to_update: list[tuple[Service, set[int]]] = []
        now = timezone.now()
        for row in rows:
            current = existing.get(_name_key(row.values["nom"]))
            fields = self._fields(context, row, current)
            communes = self._commune_ids(context, row, current)
            if current is None:
                counts.created += 1
                service = Service(organisation=context.organisation, **fields)
                to_create.append((service, communes))
                continue
            before = {c.pk for c in current.communes.all()}
            changed = [
                name for name, value in fields.items() if not _same(getattr(current, name), value)
            ]
            if not changed and before == communes:
                counts.unchanged += 1
                continue
            counts.updated += 1
            for name, value in fields.items():
                setattr(current, name, value)
            current.updated_at = now
            to_update.append((current, communes))
        if write and (to_create or to_update):
            self._write(to_create, to_update, existing)
        return counts

    def _write(
        self,
        to_create: list[tuple[Service, set[int]]],
        to_update: list[tuple[Service, set[int]]],
        existing: dict[str, Service],
    ) -> None:
        through = Service.communes.through
        for service, _communes in [*to_create, *to_update]:
            service.refresh_search_text()
        Service.objects.bulk_create([service for service, _communes in to_create])
        if to_update:
            Service.objects.bulk_update(
                [service for service, _communes in to_update],
                [*FIELD_COLUMNS, "search_text", "updated_at"],
            )
            through.objects.filter(service_id__in=[s.pk for s, _c in to_update]).delete()
        written = [*to_create, *to_update]
        through.objects.bulk_create(
            [
                through(service_id=service.pk, commune_id=commune)
                for service, communes in written
                for commune in sorted(communes)
            ]
        )
        # Later batches compare with what this one wrote, as the database holds it.
        fresh = Service.objects.filter(pk__in=[s.pk for s, _c in written]).prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("pk"))
        )
        for service in fresh:
            existing[_name_key(service.name)] = service


def _blank(name: str) -> Any:
    return None if name in {"age_min", "age_max", "latitude", "longitude"} else ""


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (None if old is None else Decimal(old)) == (None if new is None else Decimal(new))
    return bool(old == new)
