"""The team's pages of the public site: the presentation page and the news posts.

The presentation belongs to those who manage the organisation (`MANAGE_ORGANISATION`); the
news to those who speak for it in the network (`MANAGE_NETWORK`). Posts are fetched through
`get_visible_or_404`: another organisation's post is a 404, never a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.forms import add_service_errors, posted
from maillage.core.models import Organisation
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.website import queries, services
from maillage.website.forms import NewsForm, ProfileForm, PublishForm
from maillage.website.models import NewsPost, SiteProfile

PAGE_SIZE = 25


def _organisation(request: HttpRequest) -> Organisation:
    organisation: Organisation = request.org.organisation  # type: ignore[attr-defined]
    return organisation


@org_view(Perm.MANAGE_ORGANISATION)
def profile_edit(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    profile = SiteProfile.objects.filter(organisation=organisation).first()
    initial = {"tagline": profile.tagline, "presentation": profile.presentation} if profile else {}
    form = ProfileForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.website_profile_update(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The presentation has been saved."))
            return redirect("website:team_profile")
    return render(
        request,
        "website/team/profile.html",
        {"form": form, "profile": profile, "organisation": organisation},
    )


def _set_page_published(request: HttpRequest, *, published: bool) -> HttpResponse:
    try:
        services.website_profile_set_published(
            actor=request.user,  # type: ignore[arg-type]
            organisation=_organisation(request),
            published=published,
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        if published:
            messages.success(request, _("Your public page is published."))
        else:
            messages.success(request, _("Your public page is withdrawn: nobody outside sees it."))
    return redirect("website:team_profile")


@require_POST
@org_view(Perm.MANAGE_ORGANISATION)
def profile_publish(request: HttpRequest) -> HttpResponse:
    return _set_page_published(request, published=True)


@require_POST
@org_view(Perm.MANAGE_ORGANISATION)
def profile_unpublish(request: HttpRequest) -> HttpResponse:
    return _set_page_published(request, published=False)


# News


def _post(request: HttpRequest, pk: int) -> NewsPost:
    return get_visible_or_404(
        NewsPost.objects.select_related("organisation", "image"), request.user, pk=pk
    )


@org_view(Perm.MANAGE_NETWORK)
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.team_news(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "website/team/news_list.html", {"page": page})


def _save_post(request: HttpRequest, post: NewsPost | None) -> HttpResponse:
    data = posted(request)
    form = NewsForm(data, request.FILES if data is not None else None, post=post)
    if form.is_bound and form.is_valid():
        try:
            if post is None:
                post = services.news_post_create(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=_organisation(request),
                    **form.values(),
                )
                messages.success(request, _("The post has been saved as a draft."))
            else:
                services.news_post_update(
                    actor=request.user,  # type: ignore[arg-type]
                    post=post,
                    **form.values(),
                )
                messages.success(request, _("The post has been saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("website:team_news_edit", pk=post.pk)
    context = {"form": form, "post": post, "publish_form": PublishForm()}
    return render(request, "website/team/news_form.html", context)


@org_view(Perm.MANAGE_NETWORK)
def news_create(request: HttpRequest) -> HttpResponse:
    return _save_post(request, None)


@org_view(Perm.MANAGE_NETWORK)
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_post(request, _post(request, pk))


@require_POST
@org_view(Perm.MANAGE_NETWORK)
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.news_post_publish(
                actor=request.user,  # type: ignore[arg-type]
                post=post,
                at=form.cleaned_data["at"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if post.is_scheduled:
                messages.success(request, _("The post is scheduled."))
            else:
                messages.success(request, _("The post is published."))
            return redirect("website:team_news_edit", pk=post.pk)
    context = {"form": NewsForm(post=post), "post": post, "publish_form": form}
    return render(request, "website/team/news_form.html", context, status=400)


@require_POST
@org_view(Perm.MANAGE_NETWORK)
def news_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    services.news_post_unpublish(actor=request.user, post=post)  # type: ignore[arg-type]
    messages.success(request, _("The post is withdrawn: it is a draft again."))
    return redirect("website:team_news_edit", pk=post.pk)


@require_POST
@org_view(Perm.MANAGE_NETWORK)
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    services.news_post_delete(actor=request.user, post=post)  # type: ignore[arg-type]
    messages.success(request, _("The post has been deleted."))
    return redirect("website:team_news")
