"""Scoping: the single place that decides which rows a user may see.

Every domain model carries an `organisation` and a queryset with `visible_to(user)`. Views
never filter by organisation themselves: lists call `visible_to`, single objects come from
`get_visible_or_404`, so a list and a detail page can't disagree.

The organisation a user acts for is the one chosen in the header switcher; the middleware
records it on the user object for the request (`bind_organisation`). Outside a request (a
shell, a task) the user's first active membership is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from maillage.core.models import Organisation

_ORG_ATTR = "_maillage_organisation_id"
_ROLES_ATTR = "_maillage_roles"

M = TypeVar("M", bound=models.Model)


def bind_organisation(
    user: Any, organisation_id: int | None, roles: frozenset[str] | None = None
) -> None:
    """Record which organisation `user` acts for in this request, and the roles held there."""
    setattr(user, _ORG_ATTR, organisation_id)
    if roles is not None:
        setattr(user, _ROLES_ATTR, roles)
    elif hasattr(user, _ROLES_ATTR):
        delattr(user, _ROLES_ATTR)


def current_organisation_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, _ORG_ATTR):
        org_id: int | None = getattr(user, _ORG_ATTR)
        return org_id
    from maillage.core.models import Membership

    org_id = (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .order_by("pk")
        .values_list("organisation_id", flat=True)
        .first()
    )
    bind_organisation(user, org_id)
    return org_id


def current_roles(user: Any) -> frozenset[str]:
    """The user's roles in the organisation they act for."""
    if hasattr(user, _ROLES_ATTR):
        roles: frozenset[str] = getattr(user, _ROLES_ATTR)
        return roles
    org_id = current_organisation_id(user)
    if org_id is None:
        return frozenset()
    from maillage.core.models import Membership

    roles = frozenset(
        Membership.objects.filter(user=user, organisation_id=org_id, is_active=True).values_list(
            "role", flat=True
        )
    )
    setattr(user, _ROLES_ATTR, roles)
    return roles


class ScopedQuerySet(models.QuerySet[M]):
    def visible_to(self, user: Any) -> Self:
        """Rows of the organisation the user currently acts for; nothing for anyone else.

        Models with finer rules (follow-ups seen only by their workers…) override this and
        start from `super().visible_to(user)`.
        """
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        return self.filter(organisation_id=org_id)

    def without_secrets(self, *related: str) -> Self:
        """Leave out the encrypted columns of the model and of the `related` models it joins
        (`select_related` paths). Each one read is decrypted, about 30 µs a value: a list
        that never shows them would decrypt them for every row (issue 18, the attendance
        sheet decrypted 280 values a request)."""
        from maillage.core.crypto import secret_columns

        names = secret_columns(self.model)
        for path in related:
            target: Any = self.model
            for part in path.split("__"):
                target = target._meta.get_field(part).related_model
            names += [f"{path}__{name}" for name in secret_columns(target)]
        return self.defer(*names)


class OrganisationScopedModel(models.Model):
    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects: Any = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def get_visible_or_404[T: models.Model](
    source: type[T] | models.QuerySet[T], user: Any, *, scope: str = "visible_to", **lookup: Any
) -> T:
    """Fetch one object the user may see, or 404: never 403, which would confirm it exists.

    `scope` names another scoping method of the queryset for a narrower or purpose-bound
    view (`findable_by` for the data-protection duties, say).
    """
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    try:
        obj: T = getattr(queryset, scope)(user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return obj
