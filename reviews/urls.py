from django.urls import path

from reviews import views, views_closure

app_name = "reviews"

_review = "cases/<int:case_pk>/reviews/<int:pk>/"
_closure = "cases/<int:case_pk>/closure/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/reviews/", views.review_list, name="review_list"),
    path("cases/<int:case_pk>/reviews/start/", views.review_start, name="review_start"),
    path(_review, views.review_detail, name="review_detail"),
    path(_review + "details/", views.review_edit, name="review_edit"),
    path(_review + "goals/", views.review_goals, name="review_goals"),
    path(_review + "scores/", views.review_scores, name="review_scores"),
    path(_review + "indicators/", views.review_indicators, name="review_indicators"),
    path(_review + "risk/", views.review_risk, name="review_risk"),
    path(_review + "decision/", views.review_decision, name="review_decision"),
    path(_review + "complete/", views.review_complete, name="review_complete"),
    path("cases/<int:case_pk>/closure/start/", views_closure.closure_start, name="closure_start"),
    path(_closure, views_closure.closure_detail, name="closure_detail"),
    path(_closure + "details/", views_closure.closure_edit, name="closure_edit"),
    path(_closure + "scores/", views_closure.closure_scores, name="closure_scores"),
    path(_closure + "goals/", views_closure.closure_goals, name="closure_goals"),
    path(_closure + "needs/", views_closure.closure_needs, name="closure_needs"),
    path(
        _closure + "sustainability/",
        views_closure.closure_sustainability,
        name="closure_sustainability",
    ),
    path(
        _closure + "check-answers/",
        views_closure.closure_check_answers,
        name="closure_check_answers",
    ),
    path(_closure + "submit/", views_closure.closure_submit, name="closure_submit"),
    path(_closure + "sign-off/", views_closure.closure_sign_off, name="closure_sign_off"),
    path(_closure + "return/", views_closure.closure_return, name="closure_return"),
    path(_closure + "withdraw/", views_closure.closure_withdraw, name="closure_withdraw"),
    path(_closure + "amend/", views_closure.closure_amend, name="closure_amend"),
    path(
        "cases/<int:case_pk>/closure-amendments/<int:pk>/",
        views_closure.closure_amendment,
        name="closure_amendment",
    ),
    path(
        "cases/<int:case_pk>/closure-amendments/<int:pk>/change/",
        views_closure.closure_amendment_edit,
        name="closure_amendment_edit",
    ),
    path(
        "cases/<int:case_pk>/closure-amendments/<int:pk>/check-answers/",
        views_closure.closure_amendment_check_answers,
        name="closure_amendment_check_answers",
    ),
    path(
        "cases/<int:case_pk>/closure-amendments/<int:pk>/submit/",
        views_closure.closure_amendment_submit,
        name="closure_amendment_submit",
    ),
    path(
        "cases/<int:case_pk>/closure-amendments/<int:pk>/sign-off/",
        views_closure.closure_amendment_sign_off,
        name="closure_amendment_sign_off",
    ),
    path(
        "cases/<int:case_pk>/closure-amendments/<int:pk>/return/",
        views_closure.closure_amendment_return,
        name="closure_amendment_return",
    ),
    path(_closure + "letter/", views_closure.closure_letter, name="closure_letter"),
    path(_closure + "letter.pdf", views_closure.closure_letter_pdf, name="closure_letter_pdf"),
    path("cases/<int:case_pk>/reopen/", views_closure.case_reopen, name="case_reopen"),
    path("cases/<int:case_pk>/follow-ups/<int:pk>/", views_closure.follow_up, name="follow_up"),
    path("follow-ups/", views_closure.follow_ups_due, name="follow_ups_due"),
]
