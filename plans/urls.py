from django.urls import path

from plans import views, views_documents, views_glossary

app_name = "plans"

_one = "cases/<int:case_pk>/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/start/", views.start, name="start"),
    path("cases/<int:case_pk>/versions/", views.versions, name="versions"),
    path(_one, views.detail, name="detail"),
    path(_one + "settings/", views.edit_plan, name="edit_plan"),
    path(_one + "needs/", views.needs, name="needs"),
    path(_one + "needs/<int:need_pk>/goal/", views.goal_from_need, name="goal_from_need"),
    path(_one + "goals/add/", views.edit_goal, name="add_goal"),
    path(_one + "goals/<int:item_pk>/", views.edit_goal, name="edit_goal"),
    path(_one + "goals/<int:goal_pk>/actions/add/", views.edit_action, name="add_action"),
    path(
        _one + "goals/<int:goal_pk>/actions/<int:item_pk>/",
        views.edit_action,
        name="edit_action",
    ),
    path(
        _one + "actions/<int:item_pk>/progress/",
        views.action_progress,
        name="action_progress",
    ),
    path(_one + "contingencies/add/", views.edit_contingency, name="add_contingency"),
    path(_one + "contingencies/<int:item_pk>/", views.edit_contingency, name="edit_contingency"),
    path(_one + "contacts/add/", views.edit_contact, name="add_contact"),
    path(_one + "contacts/<int:item_pk>/", views.edit_contact, name="edit_contact"),
    path(_one + "<str:kind>/<int:item_pk>/remove/", views.remove_item, name="remove_item"),
    path(_one + "agree/", views.agree, name="agree"),
    path(_one + "revise/", views.revise, name="revise"),
    path(_one + "changes/", views.changes, name="changes"),
    path(_one + "family-plan/", views_documents.family_plan, name="family_plan"),
    path(_one + "family-plan/pdf/", views_documents.family_plan_pdf, name="family_plan_pdf"),
    path(
        _one + "young-person/<int:person_pk>/",
        views_documents.young_person_plan,
        name="young_person_plan",
    ),
    path(
        _one + "young-person/<int:person_pk>/pdf/",
        views_documents.young_person_plan_pdf,
        name="young_person_plan_pdf",
    ),
    # The organisation's glossary for the plain-language check (administrators).
    path("glossary/", views_glossary.glossary, name="glossary"),
    path("glossary/copy-default/", views_glossary.seed, name="glossary_seed"),
    path("glossary/add/", views_glossary.edit_term, name="add_term"),
    path("glossary/<int:pk>/", views_glossary.edit_term, name="edit_term"),
]
