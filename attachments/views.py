"""Document pages: the case's documents, attaching one (to the case or to one record), the
download, and withdrawing. Every page loads the case, and the record, through the one scoped
loader: another team's case is a 404 and a refusal in the access log, for the download and for
the attach page alike."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from attachments import services
from attachments.forms import AttachmentForm, WithdrawForm
from attachments.models import Attachment
from attachments.selectors import attachments_of_case, with_targets
from attachments.storage import attachment_storage
from attachments.targets import CASE, target_or_404
from attachments.uploads import was_too_large
from edgecare.models import AccessLog
from edgecare.section_page import section_page
from families.selectors import record_for_user_or_404

RECORD_TYPE = AccessLog.RecordType.ATTACHMENT


def _documents_url(case) -> str:
    return reverse("attachments:documents", args=[case.pk])


def _caption(case) -> str:
    return f"{case.reference} · {case.family}"


@require_GET
def documents(request: HttpRequest, case_pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(request, case_pk, record_type=RECORD_TYPE)
    case = loaded.case
    may_see_withdrawn = request.user.has_perm(
        "attachments.view_withdrawn_attachment", Attachment(case=case)
    )
    return render(
        request,
        "attachments/documents.html",
        {
            "case": case,
            "documents": with_targets(list(attachments_of_case(case))),
            "withdrawn": with_targets(list(attachments_of_case(case, withdrawn=True)))
            if may_see_withdrawn
            else [],
            "can_add": request.user.has_perm("attachments.add_attachment", case),
        },
    )


@require_http_methods(["GET", "POST"])
def attach(
    request: HttpRequest, case_pk: int, target_kind: str = CASE, target_pk: int | None = None
) -> HttpResponse:
    if target_kind == CASE and target_pk is not None:
        raise Http404("A document is attached to the case at its own address")
    if target_kind == CASE:
        loaded = record_for_user_or_404(request, case_pk, record_type=RECORD_TYPE)
        done_url = _documents_url(loaded.case)
        attached_to = "the case"
    else:
        target = target_or_404(target_kind)
        loaded = record_for_user_or_404(
            request,
            case_pk,
            record_type=target.record_type,
            queryset=target.model._default_manager.all(),
            pk=target_pk,
        )
        done_url = target.url(loaded.record)
        attached_to = target.describe(loaded.record).lower()
    case = loaded.case
    if case.is_closed:
        messages.error(request, services.CLOSED)
        return redirect(_documents_url(case))
    if not request.user.has_perm("attachments.add_attachment", case):
        raise PermissionDenied("Your role cannot add documents to a case.")

    def make_form(data):
        if data is None:
            return AttachmentForm()
        return AttachmentForm(
            data,
            request.FILES,
            too_large=frozenset(f for f in ("file", "photo") if was_too_large(request, f)),
        )

    def save(form):
        data = form.cleaned_data
        return services.add_attachment(
            case=case,
            target_kind=target_kind,
            target_id=None if target_kind == CASE else loaded.record.pk,
            upload=form.upload,
            file_type=form.file_type,
            file_name=form.file_name,
            title=data["title"],
            kind=data["kind"],
            document_date=data["document_date"],
            scanned_at=form.scanned_at,
            added_by=request.user,
        )

    return section_page(
        request,
        loaded,
        make_form=make_form,
        save=save,
        title="Attach a document",
        caption=_caption(case),
        intro=f"It will be attached to {attached_to}. Every file is checked for viruses "
        "before it is kept.",
        back_url=done_url,
        on_saved=lambda attachment: messages.success(
            request, f"Document attached: {attachment.title}."
        ),
    )


def _document(request: HttpRequest, case_pk: int, pk: int, **loader) -> Attachment:
    # Withdrawn documents are reached by their case's managers only; to anyone else the address
    # is a 404 like any record outside their scope.
    queryset = Attachment.objects.select_related("added_by", "withdrawn_by")
    if not request.user.is_manager:
        queryset = queryset.live()
    return record_for_user_or_404(
        request, case_pk, record_type=RECORD_TYPE, queryset=queryset, pk=pk, **loader
    ).record


@require_GET
def download(request: HttpRequest, case_pk: int, pk: int) -> FileResponse:
    attachment = _document(request, case_pk, pk, log_action=AccessLog.Action.DOWNLOAD)
    response = FileResponse(
        attachment_storage().open(attachment.stored_name, "rb"),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.media_type,
    )
    # Saved, never shown in the browser: no type guessing, no caching, and nothing it holds may
    # run even if a browser did render it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    queryset = Attachment.objects.live().select_related("added_by")
    loaded = record_for_user_or_404(
        request, case_pk, record_type=RECORD_TYPE, queryset=queryset, pk=pk
    )
    attachment = loaded.record
    if not request.user.has_perm("attachments.withdraw_attachment", attachment):
        raise PermissionDenied(
            "Only the person who added a document, or a manager of the case, can withdraw it."
        )
    return section_page(
        request,
        loaded,
        make_form=lambda data: WithdrawForm(data, instance=attachment),
        save=lambda form: attachment.withdraw(
            by=request.user, reason=form.cleaned_data["withdrawal_reason"]
        ),
        title=f"Withdraw ‘{attachment.title}’",
        caption=_caption(loaded.case),
        intro="A withdrawn document is hidden from the case record. It is kept, with your "
        "reason, for the audit trail and the decision on how long records are kept.",
        back_url=_documents_url(loaded.case),
        on_saved=lambda _: messages.success(request, "Document withdrawn."),
    )
