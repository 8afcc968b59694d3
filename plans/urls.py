from django.urls import path

from edgecare.records_common import record_paths
from plans import views, views_documents, views_glossary

app_name = "plans"

_one = "cases/<int:case_pk>/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/start/", views.start, name="start"),
    path("cases/<int:case_pk>/versions/", views.versions, name="versions"),
    *record_paths(
        _one,
        [
            ("", views.detail, "detail"),
            ("settings/", views.edit_plan, "edit_plan"),
            ("needs/", views.needs, "needs"),
            ("needs/<int:need_pk>/goal/", views.goal_from_need, "goal_from_need"),
            ("goals/add/", views.edit_goal, "add_goal"),
            ("goals/<int:item_pk>/", views.edit_goal, "edit_goal"),
            ("goals/<int:goal_pk>/actions/add/", views.edit_action, "add_action"),
            ("goals/<int:goal_pk>/actions/<int:item_pk>/", views.edit_action, "edit_action"),
            ("actions/<int:item_pk>/progress/", views.action_progress, "action_progress"),
            ("contingencies/add/", views.edit_contingency, "add_contingency"),
            ("contingencies/<int:item_pk>/", views.edit_contingency, "edit_contingency"),
            ("contacts/add/", views.edit_contact, "add_contact"),
            ("contacts/<int:item_pk>/", views.edit_contact, "edit_contact"),
            ("<str:kind>/<int:item_pk>/remove/", views.remove_item, "remove_item"),
            ("agree/", views.agree, "agree"),
            ("revise/", views.revise, "revise"),
            ("changes/", views.changes, "changes"),
            ("family-plan/", views_documents.family_plan, "family_plan"),
            ("family-plan/pdf/", views_documents.family_plan_pdf, "family_plan_pdf"),
            (
                "young-person/<int:person_pk>/",
                views_documents.young_person_plan,
                "young_person_plan",
            ),
            (
                "young-person/<int:person_pk>/pdf/",
                views_documents.young_person_plan_pdf,
                "young_person_plan_pdf",
            ),
        ],
    ),
    # The organisation's glossary for the plain-language check (administrators).
    *record_paths(
        "glossary/",
        [
            ("", views_glossary.glossary, "glossary"),
            ("copy-default/", views_glossary.seed, "glossary_seed"),
            ("add/", views_glossary.edit_term, "add_term"),
            ("<int:pk>/", views_glossary.edit_term, "edit_term"),
        ],
    ),
]
