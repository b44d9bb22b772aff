from django.urls import path

from maillage.casework import glass
from maillage.casework.views import caseload, followup, intake, parts, sharing

app_name = "casework"

urlpatterns = [
    path("mes-suivis/", caseload.caseload, name="caseload"),
    path("demandes/", caseload.request_list, name="request_list"),
    path("demandes/nouvelle/", intake.request_create, name="request_create"),
    path("demandes/<int:pk>/suivi/", caseload.followup_create, name="followup_create"),
    path("suivis/<int:pk>/", followup.followup_detail, name="followup"),
    path(
        "suivis/<int:pk>/prochaine-etape/", followup.followup_next_step, name="followup_next_step"
    ),
    path("suivis/<int:pk>/pause/", followup.followup_pause, name="followup_pause"),
    path("suivis/<int:pk>/reprise/", followup.followup_resume, name="followup_resume"),
    path("suivis/<int:pk>/cloture/", followup.followup_close, name="followup_close"),
    path("suivis/<int:pk>/reouverture/", followup.followup_reopen, name="followup_reopen"),
    path("suivis/<int:pk>/intervenants/ajout/", followup.followup_assign, name="followup_assign"),
    path(
        "suivis/<int:pk>/intervenants/retrait/",
        followup.followup_unassign,
        name="followup_unassign",
    ),
    path("suivis/<int:pk>/entretiens/", parts.intervention_create, name="intervention_create"),
    path(
        "suivis/<int:pk>/entretiens/anciens/",
        parts.intervention_list,
        name="intervention_list",
    ),
    path("suivis/<int:pk>/consentements/", parts.consent_create, name="consent_create"),
    path("consentements/<int:pk>/retrait/", parts.consent_withdraw, name="consent_withdraw"),
    path("suivis/<int:pk>/orientations/", parts.referral_create, name="referral_create"),
    path("orientations/<int:pk>/statut/", parts.referral_status, name="referral_status"),
    path("suivis/<int:pk>/bris-de-glace/", glass.break_glass, name="followup_break_glass"),
    path("orientations-recues/", sharing.referrals_received, name="referrals_received"),
    path("jeunes/<int:pk>/suivis/", caseload.person_casework, name="person_casework"),
]
