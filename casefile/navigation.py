"""The main menu: one list, filtered by what the signed-in user may use."""

from __future__ import annotations

from django.urls import reverse

# (label, url name, permission or None), in the order the menu shows them.
MENU = [
    ("My cases", "home", None),
    ("Team cases", "families:case_list", None),
    ("New referral", "families:referral_start", "families.add_case"),
    ("Caseloads", "managers:caseloads", "edgecare.view_caseloads"),
    ("Service outcomes", "managers:outcomes", "edgecare.view_caseloads"),
    ("Notifications", "managers:notifications", None),
    ("Settings", "assessments:settings", "edgecare.configure"),
    ("Staff", "staff:list", "staff.manage_staff"),
    ("Import cases", "imports:start", "imports.import_cases"),
]


def main_menu(request) -> dict:
    if not request.user.is_authenticated:
        return {}
    items = []
    for label, name, perm in MENU:
        if perm and not request.user.has_perm(perm):
            continue
        url = reverse(name)
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "active": active})
    return {"main_menu": items}
