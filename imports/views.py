"""The import pages: upload and check (the dry run), the preview, the import, the history.

For managers and administrators, each within their own organisation (and their teams:
imports.checking.importable_teams). The file is read within the request and never kept."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from edgecare.access import client_address
from edgecare.csv_export import FormulaSafeWriter
from edgecare.forms import form_status
from edgecare.paging import page_context
from imports.columns import COLUMNS, NAMES
from imports.forms import ImportFileForm, max_bytes
from imports.models import CaseImport
from imports.services import ImportResult, import_file

HISTORY_PER_PAGE = 25
# The preview lists this many families and problems; the counts above it cover them all.
PREVIEW_FAMILIES = 200
PREVIEW_PROBLEMS = 500


def require_importer(request: HttpRequest) -> None:
    if not request.user.has_perm("imports.import_cases"):
        raise PermissionDenied


def _form(request: HttpRequest, *, submit: str) -> ImportFileForm:
    too_large = (
        request.method == "POST"
        and "file" not in request.FILES
        and int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes()
    )
    return ImportFileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        too_large=too_large,
        submit=submit,
    )


def _run(request: HttpRequest, form: ImportFileForm, *, dry_run: bool) -> ImportResult:
    upload = form.cleaned_data["file"]
    content = upload.read()
    return import_file(
        by=request.user,
        file_name=upload.name,
        content=content,
        default_team=form.cleaned_data["default_team"],
        dry_run=dry_run,
        max_rows=settings.IMPORT_MAX_ROWS,
        ip_address=client_address(request),
        require_checked=not dry_run,
    )


def _preview(request: HttpRequest, result: ImportResult, *, status: int) -> HttpResponse:
    checked = result.checked
    confirm = None
    if result.ok and result.record.status == CaseImport.Status.CHECKED:
        confirm = ImportFileForm(
            initial={"default_team": result.record.default_team_id},
            user=request.user,
            submit="Import the file",
        )
        confirm.helper.form_action = reverse("imports:confirm")
    return render(
        request,
        "imports/preview.html",
        {
            "result": result,
            "record": result.record,
            "checked": checked,
            "families": checked.families[:PREVIEW_FAMILIES] if checked else [],
            "problems": checked.problems[:PREVIEW_PROBLEMS] if checked else [],
            "confirm": confirm,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Choose the file and check it: the dry run, nothing written but its history line."""
    require_importer(request)
    form = _form(request, submit="Check the file")
    if request.method == "POST" and form.is_valid():
        result = _run(request, form, dry_run=True)
        return _preview(request, result, status=200 if result.ok else 400)
    return render(
        request,
        "imports/start.html",
        {"form": form, "columns": COLUMNS, "max_rows": settings.IMPORT_MAX_ROWS},
        status=form_status(form),
    )


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """The import itself: the file chosen again, checked again, written all or nothing."""
    require_importer(request)
    form = _form(request, submit="Import the file")
    if not form.is_valid():
        return render(
            request,
            "imports/start.html",
            {"form": form, "columns": COLUMNS, "max_rows": settings.IMPORT_MAX_ROWS},
            status=400,
        )
    result = _run(request, form, dry_run=False)
    if not result.ok:
        return _preview(request, result, status=400)
    record = result.record
    messages.success(
        request,
        f"Imported {record.families:,} families, {record.people:,} people and "
        f"{record.cases:,} cases from {record.file_name}.",
    )
    return redirect("imports:history")


@require_GET
def import_history(request: HttpRequest) -> HttpResponse:
    require_importer(request)
    imports = CaseImport.objects.filter(
        organisation_id=request.user.organisation_id
    ).select_related("by", "default_team")
    return render(
        request,
        "imports/history.html",
        page_context(request, imports, HISTORY_PER_PAGE, rows_name="imports"),
    )


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The template: the column names, ready for the previous system's data under them."""
    require_importer(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-template.csv"'
    response.write("\ufeff")  # Excel opens a CSV as UTF-8 when it starts with the BOM
    FormulaSafeWriter(response).writerow(NAMES)
    return response
