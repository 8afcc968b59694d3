"""The chronology pages: every dated event of the case on one timeline (casefile.chronology),
with the worker's analysis of the entries that matter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casefile.chronology import CHRONOLOGY, entries_for_case, find_entry
from edgecare.models import AccessLog
from edgecare.paging import page_context
from families import record_services
from families.case_parts import remember_for_page
from families.models import Case, SignificantEvent
from families.record_forms import SignificantEventEditForm, SignificantEventForm
from families.selectors import record_for_user_or_404
from families.views.records import case_for_change, form_page

# A busy case has hundreds of entries; the page shows them fifty at a time, newest first, which
# reads well on a phone (the print view and the case record PDF keep the whole chronology).
CHRONOLOGY_PER_PAGE = 50


def _paginate(request: HttpRequest, context: dict) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page_context(
            request, context["rows"], CHRONOLOGY_PER_PAGE, rows_name="rows", on_each_side=1
        ),
        query_string=query.urlencode(),
    )
    return context


def _truthy(value: str | None) -> bool:
    return value in {"1", "true", "on", "yes"}


def _chronology_context(request: HttpRequest, case: Case, *, significant_only: bool) -> dict:
    kinds = CHRONOLOGY
    known = {k.kind for k in kinds}
    # Unknown kinds in the address (an old bookmark) are ignored rather than an error.
    selected = [k for k in request.GET.getlist("kind") if k in known]
    entries = entries_for_case(case, selected or None)
    marks = {
        (m.entry_kind, m.entry_id): m
        for m in SignificantEvent.objects.filter(case=case).select_related("marked_by")
    }
    labels = {k.kind: k.label for k in kinds}
    rows = []
    for entry in entries:
        mark = marks.get((entry.kind, entry.id))
        if significant_only and mark is None:
            continue
        rows.append({"entry": entry, "label": labels.get(entry.kind, entry.kind), "mark": mark})
    print_query = request.GET.copy()
    print_query.setlist("kind", selected)
    if significant_only:
        print_query["significant"] = "1"
    return {
        "case": case,
        "rows": rows,
        "kinds": [{"kind": k.kind, "label": k.label, "checked": k.kind in selected} for k in kinds],
        "selected": selected,
        "significant_only": significant_only,
        "print_url": reverse("families:case_chronology_print", args=[case.pk])
        + (f"?{print_query.urlencode()}" if print_query else ""),
        "can_change": request.user.has_perm("families.change_case", case),
        "chronology_url": reverse("families:case_chronology", args=[case.pk]),
    }


def _chronology_case(request: HttpRequest, pk: int, *, log_action=AccessLog.Action.VIEW):
    """The case, through the one scoped loader, logged as its chronology shown or printed."""
    return record_for_user_or_404(
        request, pk, record_type=AccessLog.RecordType.CHRONOLOGY, log_action=log_action
    ).case


@require_GET
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    case = _chronology_case(request, pk)
    remember_for_page(case)  # providers share what they read about the case
    significant_only = _truthy(request.GET.get("significant"))
    context = _paginate(
        request, _chronology_context(request, case, significant_only=significant_only)
    )
    return render(request, "casefile/chronology.html", context)


@require_GET
def significant_events(request: HttpRequest, pk: int) -> HttpResponse:
    case = _chronology_case(request, pk)
    context = _chronology_context(request, case, significant_only=True)
    context["on_significant_page"] = True
    return render(request, "casefile/chronology.html", context)


@require_GET
def chronology_print(request: HttpRequest, pk: int) -> HttpResponse:
    case = _chronology_case(request, pk, log_action=AccessLog.Action.PRINT)
    significant_only = _truthy(request.GET.get("significant"))
    context = _chronology_context(request, case, significant_only=significant_only)
    context["young_people"] = list(case.young_people.all())
    return render(request, "casefile/chronology_print.html", context)


@require_http_methods(["GET", "POST"])
def mark_significant(request: HttpRequest, pk: int, kind: str, entry_id: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type=AccessLog.RecordType.CHRONOLOGY)
    entry = find_entry(case, kind, entry_id)
    if entry is None:
        raise Http404("No such chronology entry on this case")
    mark = SignificantEvent.objects.filter(
        case=case, entry_kind=entry.kind, entry_id=entry.id
    ).first()
    back_url = reverse("families:case_chronology", args=[case.pk]) + f"#entry-{kind}-{entry_id}"
    if mark is None:
        form = SignificantEventForm(request.POST or None, case=case)
    else:
        form = SignificantEventEditForm(request.POST or None, instance=mark, case=case)
    if request.method == "POST" and form.is_valid():
        if mark is None:
            _, created = record_services.mark_significant(
                case=case,
                entry=entry,
                analysis=form.cleaned_data["analysis"],
                marked_by=request.user,
            )
            if not created:
                # Someone marked it between our page load and this save.
                form.add_error(
                    NON_FIELD_ERRORS,
                    "Someone else marked this entry as significant while you were writing. "
                    "Your analysis has not been saved: it is still below. Open the entry "
                    "again to see theirs and add to it.",
                )
        else:
            form.save()
        if not form.errors:
            messages.success(request, "Marked as significant, with your analysis.")
            return redirect(back_url)
    return form_page(
        request,
        form,
        case=case,
        title="Change the analysis" if mark else "Mark as a significant event",
        back_url=back_url,
        template="casefile/significant_form.html",
        extra={"entry": entry},
    )
