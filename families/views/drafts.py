"""The draft endpoint the page's script saves a long free-text form's draft to
(families/drafts.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from edgecare.typed_text import kept_fields
from families.drafts import discard_draft, draft_page_case_pk, save_draft
from families.selectors import case_for_user_or_404


@login_not_required
@require_POST
def save_draft_view(request: HttpRequest, pk: int) -> JsonResponse:
    """Keeps (or, with `discard`, drops) the worker's draft of the form page `draft_page`
    of case `pk`. Out of scope is the scoped loader's 404 and refusal; a case the worker may
    not change, or a page that keeps no draft, is refused."""
    if not request.user.is_authenticated:
        # A JSON answer, not the sign-in redirect: the page's script tells the worker, and a
        # draft is not a form to keep for after sign-in (edgecare.typed_text).
        return JsonResponse({"saved": False, "signed_in": False}, status=401)
    case = case_for_user_or_404(request, pk)
    page = request.POST.get("draft_page", "")
    if draft_page_case_pk(page) != case.pk:
        return JsonResponse({"saved": False, "error": "This page keeps no draft."}, status=400)
    if request.POST.get("discard"):
        discard_draft(user_id=request.user.pk, page=page)
        return JsonResponse({"saved": False, "discarded": True})
    if not request.user.has_perm("families.change_case", case):
        raise PermissionDenied("You cannot change this case record.")
    fields = kept_fields(request.POST, also_leave_out=("draft_page", "discard"))
    if fields is None:
        return JsonResponse({"saved": False, "error": "The draft is too long."}, status=413)
    draft = save_draft(user=request.user, case=case, page=page, fields=fields)
    return JsonResponse({"saved": True, "at": timezone.localtime(draft.updated_at).isoformat()})
