from django.urls import path

from hjp.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("issues/<uuid:issue_pk>/financial/", views.financial_add, name="financial_add"),
    path("issues/<uuid:issue_pk>/claims/", views.claim_add, name="claim_add"),
    path("issues/<uuid:issue_pk>/other/", views.other_add, name="other_add"),
    path("financial/<uuid:outcome_pk>/replace/", views.financial_replace, name="financial_replace"),
    path(
        "cases/<uuid:case_pk>/wellbeing/baseline/",
        views.wellbeing_baseline,
        name="wellbeing_baseline",
    ),
    path(
        "cases/<uuid:case_pk>/wellbeing/follow-up/",
        views.wellbeing_follow_up,
        name="wellbeing_follow_up",
    ),
]
