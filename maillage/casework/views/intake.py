"""Recording a request in under a minute, with the young person found, typed or anonymous.

Without JavaScript: a search form (GET) chooses a known young person (`?jeune=`), and the
duplicate check of a new one runs when the form is posted. HTMX makes both live.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maillage.casework import services
from maillage.casework.forms import Identity, RequestForm
from maillage.casework.queries import person_search
from maillage.casework.views.followup import WORK, followup_url
from maillage.core.permissions import org_view
from maillage.core.scoping import get_visible_or_404
from maillage.people.forms import PersonForm
from maillage.people.models import Person

PERSON_PREFIX = "person"
PICK = "use_person"


def _chosen_person(request: HttpRequest) -> Person | None:
    """The known young person the request is for: picked among the duplicates, kept from a
    previous post, or chosen in the search. Only a file the user may open."""
    pk = request.POST.get(PICK) or request.POST.get("person") or request.GET.get("jeune")
    if not pk:
        return None
    return get_visible_or_404(
        Person.objects.current().select_related("commune"), request.user, pk=pk
    )


def _put_errors(exc: ValidationError, *forms_in_order: forms.Form | None) -> None:
    """Each error on the first form that has its field, else above the request form."""
    targets = [f for f in forms_in_order if f is not None]
    items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
    for name, errors in items:
        form = next((f for f in targets if name in f.fields), None)
        if form is not None:
            form.add_error(name, errors)
        else:
            targets[0].add_error(None, errors)


@org_view(WORK)
def request_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    organisation = request.org.organisation  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()
    results = person_search(user, query) if query else []
    if request.htmx and request.htmx.target == "person-results":  # type: ignore[attr-defined]
        return render(
            request, "casework/partials/person_results.html", {"results": results, "q": query}
        )
    chosen = _chosen_person(request)
    data = request.POST if request.method == "POST" else None
    form = RequestForm(data, user=user, organisation_id=organisation.pk, person_chosen=bool(chosen))
    typing_new = chosen is None and (data is None or data.get("identity") != Identity.ANONYMOUS)
    person_form = (
        PersonForm(data if typing_new else None, user=user, prefix=PERSON_PREFIX, pick_field=PICK)
        if chosen is None
        else None
    )
    if data is not None and form.is_valid() and (not typing_new or person_form.is_valid()):  # type: ignore[union-attr]
        try:
            followup = _record(user, organisation, form, person_form, chosen, typing_new)
        except ValidationError as exc:
            _put_errors(exc, form, person_form)
        else:
            if followup is not None:
                messages.success(request, _("The request is recorded and the follow-up open."))
                return redirect(followup_url(followup))
            messages.success(request, _("The request is recorded."))
            return redirect("casework:request_list")
    return render(
        request,
        "casework/request_form.html",
        {
            "form": form,
            "person_form": person_form,
            "chosen": chosen,
            "results": results,
            "q": query,
        },
    )


def _record(
    user: Any,
    organisation: Any,
    form: RequestForm,
    person_form: PersonForm | None,
    chosen: Person | None,
    typing_new: bool,
) -> Any:
    """The request, and its follow-up if asked, in one transaction: all or nothing."""
    data = form.cleaned_data
    who: dict[str, Any] = {}
    if chosen is not None:
        who["person"] = chosen
    elif typing_new and person_form is not None:
        who["new_person"] = person_form.person_data()
    else:
        who.update(age_band=data["age_band"], gender=data["gender"], commune=data["commune"])
    with transaction.atomic():
        help_request = services.request_record(
            actor=user,
            organisation=organisation,
            received_on=data["received_on"],
            requester=data["requester"],
            themes=data["themes"],
            summary=data["summary"],
            form_token=data["form_token"],
            **who,
        )
        if not data["open_followup"]:
            return None
        return services.followup_open(
            actor=user,
            request=help_request,
            workers=list(data["workers"]),
            opened_on=data["received_on"],
            next_step=data["next_step"],
            next_step_due=data["next_step_due"],
        )
