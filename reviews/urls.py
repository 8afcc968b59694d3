from django.urls import include, path

from edgecare.records_common import sign_off_paths
from reviews import views, views_closure

app_name = "reviews"

_review = "cases/<int:case_pk>/reviews/<int:pk>/"
_closure = "cases/<int:case_pk>/closure/<int:pk>/"
_amendment = "cases/<int:case_pk>/closure-amendments/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/reviews/", views.review_list, name="review_list"),
    path("cases/<int:case_pk>/reviews/start/", views.review_start, name="review_start"),
    path(
        _review,
        include(
            [
                path("", views.review_detail, name="review_detail"),
                path("details/", views.review_edit, name="review_edit"),
                path("goals/", views.review_goals, name="review_goals"),
                path("scores/", views.review_scores, name="review_scores"),
                path("indicators/", views.review_indicators, name="review_indicators"),
                path("risk/", views.review_risk, name="review_risk"),
                path("decision/", views.review_decision, name="review_decision"),
                path("complete/", views.review_complete, name="review_complete"),
            ]
        ),
    ),
    path("cases/<int:case_pk>/closure/start/", views_closure.closure_start, name="closure_start"),
    path(
        _closure,
        include(
            [
                path("", views_closure.closure_detail, name="closure_detail"),
                path("details/", views_closure.closure_edit, name="closure_edit"),
                path("scores/", views_closure.closure_scores, name="closure_scores"),
                path("goals/", views_closure.closure_goals, name="closure_goals"),
                path("needs/", views_closure.closure_needs, name="closure_needs"),
                path(
                    "sustainability/",
                    views_closure.closure_sustainability,
                    name="closure_sustainability",
                ),
            ]
        ),
    ),
    path(_closure, include(sign_off_paths(views_closure.SIGN_OFF))),
    path(
        _closure,
        include(
            [
                path("withdraw/", views_closure.closure_withdraw, name="closure_withdraw"),
                path("amend/", views_closure.closure_amend, name="closure_amend"),
                path("letter/", views_closure.closure_letter, name="closure_letter"),
                path("letter.pdf", views_closure.closure_letter_pdf, name="closure_letter_pdf"),
            ]
        ),
    ),
    path(
        _amendment,
        include(
            [
                path("", views_closure.closure_amendment, name="closure_amendment"),
                path(
                    "change/", views_closure.closure_amendment_edit, name="closure_amendment_edit"
                ),
            ]
        ),
    ),
    path(_amendment, include(sign_off_paths(views_closure.AMENDMENT_SIGN_OFF))),
    path("cases/<int:case_pk>/reopen/", views_closure.case_reopen, name="case_reopen"),
    path("cases/<int:case_pk>/follow-ups/<int:pk>/", views_closure.follow_up, name="follow_up"),
    path("follow-ups/", views_closure.follow_ups_due, name="follow_ups_due"),
]
