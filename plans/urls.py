from django.urls import include, path

from plans import views, views_documents, views_glossary

app_name = "plans"

_one = "cases/<int:case_pk>/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/start/", views.start, name="start"),
    path("cases/<int:case_pk>/versions/", views.versions, name="versions"),
    path(
        _one,
        include(
            [
                path("", views.detail, name="detail"),
                path("settings/", views.edit_plan, name="edit_plan"),
                path("needs/", views.needs, name="needs"),
                path("needs/<int:need_pk>/goal/", views.goal_from_need, name="goal_from_need"),
                path("goals/add/", views.edit_goal, name="add_goal"),
                path("goals/<int:item_pk>/", views.edit_goal, name="edit_goal"),
                path("goals/<int:goal_pk>/actions/add/", views.edit_action, name="add_action"),
                path(
                    "goals/<int:goal_pk>/actions/<int:item_pk>/",
                    views.edit_action,
                    name="edit_action",
                ),
                path(
                    "actions/<int:item_pk>/progress/", views.action_progress, name="action_progress"
                ),
                path("contingencies/add/", views.edit_contingency, name="add_contingency"),
                path(
                    "contingencies/<int:item_pk>/", views.edit_contingency, name="edit_contingency"
                ),
                path("contacts/add/", views.edit_contact, name="add_contact"),
                path("contacts/<int:item_pk>/", views.edit_contact, name="edit_contact"),
                path("<str:kind>/<int:item_pk>/remove/", views.remove_item, name="remove_item"),
                path("agree/", views.agree, name="agree"),
                path("revise/", views.revise, name="revise"),
                path("changes/", views.changes, name="changes"),
                path("family-plan/", views_documents.family_plan, name="family_plan"),
                path("family-plan/pdf/", views_documents.family_plan_pdf, name="family_plan_pdf"),
                path(
                    "young-person/<int:person_pk>/",
                    views_documents.young_person_plan,
                    name="young_person_plan",
                ),
                path(
                    "young-person/<int:person_pk>/pdf/",
                    views_documents.young_person_plan_pdf,
                    name="young_person_plan_pdf",
                ),
            ]
        ),
    ),
    # The organisation's glossary for the plain-language check (administrators).
    path(
        "glossary/",
        include(
            [
                path("", views_glossary.glossary, name="glossary"),
                path("copy-default/", views_glossary.seed, name="glossary_seed"),
                path("add/", views_glossary.edit_term, name="add_term"),
                path("<int:pk>/", views_glossary.edit_term, name="edit_term"),
            ]
        ),
    ),
]
