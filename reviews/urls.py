from django.urls import path

from edgecare.records_common import record_paths, sign_off_paths
from reviews import views, views_closure

app_name = "reviews"

_review = "cases/<int:case_pk>/reviews/<int:pk>/"
_closure = "cases/<int:case_pk>/closure/<int:pk>/"
_amendment = "cases/<int:case_pk>/closure-amendments/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/reviews/", views.review_list, name="review_list"),
    path("cases/<int:case_pk>/reviews/start/", views.review_start, name="review_start"),
    *record_paths(
        _review,
        [
            ("", views.review_detail, "review_detail"),
            ("details/", views.review_edit, "review_edit"),
            ("goals/", views.review_goals, "review_goals"),
            ("scores/", views.review_scores, "review_scores"),
            ("indicators/", views.review_indicators, "review_indicators"),
            ("risk/", views.review_risk, "review_risk"),
            ("decision/", views.review_decision, "review_decision"),
            ("complete/", views.review_complete, "review_complete"),
        ],
    ),
    path("cases/<int:case_pk>/closure/start/", views_closure.closure_start, name="closure_start"),
    *record_paths(
        _closure,
        [
            ("", views_closure.closure_detail, "closure_detail"),
            ("details/", views_closure.closure_edit, "closure_edit"),
            ("scores/", views_closure.closure_scores, "closure_scores"),
            ("goals/", views_closure.closure_goals, "closure_goals"),
            ("needs/", views_closure.closure_needs, "closure_needs"),
            ("sustainability/", views_closure.closure_sustainability, "closure_sustainability"),
        ],
    ),
    *sign_off_paths(_closure, views_closure.SIGN_OFF),
    *record_paths(
        _closure,
        [
            ("withdraw/", views_closure.closure_withdraw, "closure_withdraw"),
            ("amend/", views_closure.closure_amend, "closure_amend"),
            ("letter/", views_closure.closure_letter, "closure_letter"),
            ("letter.pdf", views_closure.closure_letter_pdf, "closure_letter_pdf"),
        ],
    ),
    *record_paths(
        _amendment,
        [
            ("", views_closure.closure_amendment, "closure_amendment"),
            ("change/", views_closure.closure_amendment_edit, "closure_amendment_edit"),
        ],
    ),
    *sign_off_paths(_amendment, views_closure.AMENDMENT_SIGN_OFF),
    path("cases/<int:case_pk>/reopen/", views_closure.case_reopen, name="case_reopen"),
    path("cases/<int:case_pk>/follow-ups/<int:pk>/", views_closure.follow_up, name="follow_up"),
    path("follow-ups/", views_closure.follow_ups_due, name="follow_ups_due"),
]
