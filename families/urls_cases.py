from django.urls import path

from families.views import audit, cases, family

urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/referral/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/decision/", cases.decision_add, name="decision_add"),
    path(
        "cases/<int:pk>/decision/<int:decision_pk>/confirm/",
        cases.decision_confirm,
        name="decision_confirm",
    ),
    path("cases/<int:pk>/allocate/", cases.case_allocate, name="case_allocate"),
    path("cases/<int:pk>/audit/", audit.case_audit, name="case_audit"),
    path("referrals/new/", family.referral_start, name="referral_start"),
    path("referrals/new/family/", family.referral_new_family, name="referral_new_family"),
    path("family/<int:family_pk>/referral/", cases.referral_create, name="referral_create"),
    path("family/<int:pk>/", family.family_detail, name="family_detail"),
    path("family/<int:pk>/edit/", family.family_edit, name="family_edit"),
    path("family/<int:pk>/archive/", family.family_archive, name="family_archive"),
    path("family/<int:pk>/people/add/", family.person_add, name="person_add"),
    path("family/<int:pk>/people/<int:person_pk>/edit/", family.person_edit, name="person_edit"),
]
