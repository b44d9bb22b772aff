"""The permission matrix of the public site.

The public pages answer anyone, signed in or not, for what is published; a draft, a
scheduled post, an expired offer or an organisation without a published page is a 404 for
everyone (not its accessibility statement and privacy policy, which every organisation has).
The team's pages: the presentation, offers and applications for those who manage
the organisation (`owner`; `outsider` for B's own), the news for the network managers too
(`coordinator`); `member` and `dpo` get a 403; B's people a 404 on A's objects.
"""

from __future__ import annotations

import pytest

from tests.authorisation import ANON, check_matrix

PERSONAS = ["member", "coordinator", "owner", "dpo", "outsider", ANON]

SIGNED_IN = {"member": 200, "coordinator": 200, "owner": 200, "dpo": 200, "outsider": 200}
EVERYONE = {**SIGNED_IN, ANON: 200}
NOBODY = {persona: 404 for persona in EVERYONE}
# Pages of one's own organisation.
ORGANISATION = {"member": 403, "coordinator": 403, "dpo": 403, "owner": 200, "outsider": 200}
ORGANISATION_DONE = {**ORGANISATION, "owner": 302, "outsider": 302}
NETWORK = {**ORGANISATION, "coordinator": 200}
NETWORK_DONE = {**NETWORK, "coordinator": 302, "owner": 302, "outsider": 302}
# A's objects: B does not know they exist.
ORGANISATION_A = {**ORGANISATION, "outsider": 404}
ORGANISATION_A_DONE = {**ORGANISATION_A, "owner": 302}
NETWORK_A = {**NETWORK, "outsider": 404}
NETWORK_A_DONE = {**NETWORK_A, "coordinator": 302, "owner": 302}

MATRIX: list[tuple] = [
    # Public pages
    ("website:organisations", None, "get", EVERYONE),
    ("website:organisation", "org", "get", EVERYONE),
    ("website:organisation", "hidden_org", "get", NOBODY),
    ("website:news_list", "org", "get", EVERYONE),
    ("website:news", "post", "get", EVERYONE),
    ("website:news", "draft_post", "get", NOBODY),
    ("website:news", "scheduled_post", "get", NOBODY),
    ("website:news_image", "post", "get", EVERYONE),
    ("website:news_image", "draft_post", "get", NOBODY),
    ("website:jobs", "org", "get", EVERYONE),
    ("website:job", "offer", "get", EVERYONE),
    ("website:job", "draft_offer", "get", NOBODY),
    ("website:job", "expired_offer", "get", NOBODY),
    ("website:apply", "offer", "get", EVERYONE),
    ("website:apply", "offer", "post", EVERYONE),  # empty: shown again with errors
    ("website:apply", "expired_offer", "post", NOBODY),
    ("website:apply_spontaneous", "org", "get", EVERYONE),
    ("website:apply_spontaneous", "hidden_org", "get", NOBODY),
    ("website:thanks", "org", "get", EVERYONE),
    ("website:calendar", "org", "get", EVERYONE),
    ("website:social_offer", "org", "get", EVERYONE),
    # What the law asks: every active organisation has them, published page or not, since
    # its activities' registration forms link to them.
    ("website:accessibility", "org", "get", EVERYONE),
    ("website:accessibility", "hidden_org", "get", EVERYONE),
    ("website:privacy", "org", "get", EVERYONE),
    ("website:privacy", "hidden_org", "get", EVERYONE),
    ("website:accessibility_network", None, "get", EVERYONE),
    ("website:sitemap", None, "get", EVERYONE),
    ("website:robots", None, "get", EVERYONE),
    # The team's pages
    ("website:team_profile", None, "get", ORGANISATION),
    ("website:team_profile", None, "post", ORGANISATION_DONE),
    ("website:team_profile_publish", None, "post", ORGANISATION_DONE),
    ("website:team_profile_unpublish", None, "post", ORGANISATION_DONE),
    ("website:team_news", None, "get", NETWORK),
    ("website:team_news_create", None, "get", NETWORK),
    ("website:team_news_create", None, "post", NETWORK),  # empty: errors
    ("website:team_news_edit", "draft_pk", "get", NETWORK_A),
    ("website:team_news_publish", "draft_pk", "post", NETWORK_A_DONE),
    ("website:team_news_unpublish", "post_pk", "post", NETWORK_A_DONE),
    ("website:team_news_delete", "draft_pk", "post", NETWORK_A_DONE),
    ("website:team_jobs", None, "get", ORGANISATION),
    ("website:team_job_create", None, "get", ORGANISATION),
    ("website:team_job_create", None, "post", ORGANISATION),  # empty: errors
    ("website:team_job", "offer_pk", "get", ORGANISATION_A),
    ("website:team_job_edit", "offer_pk", "get", ORGANISATION_A),
    ("website:team_job_publish", "draft_offer_pk", "post", ORGANISATION_A_DONE),
    ("website:team_job_close", "offer_pk", "post", ORGANISATION_A_DONE),
    ("website:team_job_delete", "offer_pk", "post", ORGANISATION_A_DONE),
    ("website:team_spontaneous", None, "get", ORGANISATION),
    ("website:team_application_cv", "application_pk", "get", ORGANISATION_A),
    ("website:team_application_delete", "application_pk", "post", ORGANISATION_A_DONE),
]


@pytest.fixture
def objects(
    org_a,
    org_b,
    profile,
    post,
    draft_post,
    scheduled_post,
    offer,
    draft_offer,
    expired_offer,
    application,
):
    slug = org_a.slug
    return {
        "org": {"slug": slug},
        "hidden_org": {"slug": org_b.slug},
        "post": {"slug": slug, "pk": post.pk},
        "draft_post": {"slug": slug, "pk": draft_post.pk},
        "scheduled_post": {"slug": slug, "pk": scheduled_post.pk},
        "offer": {"slug": slug, "pk": offer.pk},
        "draft_offer": {"slug": slug, "pk": draft_offer.pk},
        "expired_offer": {"slug": slug, "pk": expired_offer.pk},
        "draft_pk": {"pk": draft_post.pk},
        "post_pk": {"pk": post.pk},
        "offer_pk": {"pk": offer.pk},
        "draft_offer_pk": {"pk": draft_offer.pk},
        "application_pk": {"pk": application.pk},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
