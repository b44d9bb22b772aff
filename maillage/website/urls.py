from django.urls import path

from maillage.website.views import jobs, public, seo, team

app_name = "website"

urlpatterns = [
    # The organisations' public pages, without an account
    path("public/organisations/", public.organisations, name="organisations"),
    path("o/<slug:slug>/", public.organisation, name="organisation"),
    path("o/<slug:slug>/actualites/", public.news_list, name="news_list"),
    path("o/<slug:slug>/actualites/<int:pk>/", public.news, name="news"),
    path("o/<slug:slug>/actualites/<int:pk>/image/", public.news_image, name="news_image"),
    path("o/<slug:slug>/emplois/", public.jobs, name="jobs"),
    path("o/<slug:slug>/emplois/<int:pk>/", public.job, name="job"),
    path("o/<slug:slug>/emplois/<int:pk>/postuler/", public.apply, name="apply"),
    path(
        "o/<slug:slug>/candidature-spontanee/",
        public.apply_spontaneous,
        name="apply_spontaneous",
    ),
    path("o/<slug:slug>/candidature-envoyee/", public.thanks, name="thanks"),
    path("o/<slug:slug>/activites/", public.calendar, name="calendar"),
    path("o/<slug:slug>/offre-sociale/", public.social_offer, name="social_offer"),
    path("o/<slug:slug>/accessibilite/", public.accessibility, name="accessibility"),
    path("o/<slug:slug>/vie-privee/", public.privacy, name="privacy"),
    path("public/accessibilite/", public.accessibility_network, name="accessibility_network"),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots, name="robots"),
    # The team's pages
    path("site/presentation/", team.profile_edit, name="team_profile"),
    path("site/presentation/publier/", team.profile_publish, name="team_profile_publish"),
    path("site/presentation/retirer/", team.profile_unpublish, name="team_profile_unpublish"),
    path("site/actualites/", team.news_list, name="team_news"),
    path("site/actualites/nouvelle/", team.news_create, name="team_news_create"),
    path("site/actualites/<int:pk>/", team.news_edit, name="team_news_edit"),
    path("site/actualites/<int:pk>/publier/", team.news_publish, name="team_news_publish"),
    path("site/actualites/<int:pk>/retirer/", team.news_unpublish, name="team_news_unpublish"),
    path("site/actualites/<int:pk>/supprimer/", team.news_delete, name="team_news_delete"),
    path("site/emplois/", jobs.job_list, name="team_jobs"),
    path("site/emplois/nouvelle/", jobs.job_create, name="team_job_create"),
    path("site/emplois/<int:pk>/", jobs.job_detail, name="team_job"),
    path("site/emplois/<int:pk>/modifier/", jobs.job_edit, name="team_job_edit"),
    path("site/emplois/<int:pk>/publier/", jobs.job_publish, name="team_job_publish"),
    path("site/emplois/<int:pk>/cloturer/", jobs.job_close, name="team_job_close"),
    path("site/emplois/<int:pk>/supprimer/", jobs.job_delete, name="team_job_delete"),
    path("site/candidatures/spontanees/", jobs.spontaneous, name="team_spontaneous"),
    path("site/candidatures/<int:pk>/cv/", jobs.application_cv, name="team_application_cv"),
    path(
        "site/candidatures/<int:pk>/supprimer/",
        jobs.application_delete,
        name="team_application_delete",
    ),
]
