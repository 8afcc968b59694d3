"""The one "edit one section of a record" page: every edit page of a draft assessment, plan,
review or closure, and the families form pages, is this page with its own form.

What it does, in order: refuses (403) a user who may not change the case at all; redirects,
with the record's own explanation, when the record itself is not open for changes (submitted,
signed off, completed); shows the form; on a valid POST saves it in one transaction and goes
back to the record; on a refused POST shows the form again with its errors, status 400
(`form_status`), nothing saved, and the view written to the access log (the page shows case
content again).

The record comes from the one scoped loader (`families.selectors.record_for_user_or_404`),
which has already written the GET's access-log row; this module imports no app, so the
loaded record is typed by what it offers (`case`, `can_change`, `log`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from edgecare.forms import form_status

FORM_PAGE = "includes/form_page.html"


def _save_form(form) -> Any:
    return form.save()


def section_page(
    request: HttpRequest,
    loaded,
    *,
    make_form: Callable[[Any], Any],
    title: str,
    caption: str,
    back_url: str,
    refused: str = "This record can no longer be changed.",
    save: Callable[[Any], Any] = _save_form,
    on_saved: str | Callable[[Any], None] | None = None,
    done_url: str | Callable[[Any], str] | None = None,
    preview: Callable[[Any], dict | None] | None = None,
    intro: str = "",
    warnings: list[str] | None = None,
    template: str = FORM_PAGE,
    extra: dict | Callable[[Any], dict] | None = None,
    check_case: bool = True,
) -> HttpResponse:
    """One section's edit page.

        `make_form(data)` builds the form (or formset) from the POST data, or unbound from None.
        `save(form)` writes it (inside one transaction; a service for multi-model writes) and
        returns what was saved; `on_saved` replaces the "<title>: saved." message (a message, or
    a callable given what was saved);
        `done_url` is where a save goes (default `back_url`). `preview(form)` may answer a POST
        without saving (the plan's "check wording"): the extra context to show, or None to save.
        `extra` adds to the page's context (a callable receives the form). `refused` is the
        record's explanation when it is not open for changes (`loaded.can_change` false).
        `check_case=False` for pages whose own permission `loaded.can_change` already is (a
        start page: "may add to this case"). A ValidationError from `save` is shown on the form.
    """
    if check_case and not request.user.has_perm("families.change_case", loaded.case):
        raise PermissionDenied("You cannot change this case record.")
    if not loaded.can_change:
        if not check_case:
            raise PermissionDenied("You cannot change this case record.")
        messages.error(request, refused)
        return redirect(back_url)
    previewed = None
    if request.method == "POST":
        form = make_form(request.POST)
        previewed = preview(form) if preview is not None else None
        if previewed is None and form.is_valid():
            try:
                with transaction.atomic():
                    saved = save(form)
            except ValidationError as error:
                # A service refused the write (nothing saved): its reasons go on the form.
                form.add_error(None, error)
            else:
                if callable(on_saved):
                    on_saved(saved)
                else:
                    messages.success(request, on_saved or f"{title}: saved.")
                target = done_url(saved) if callable(done_url) else done_url
                return redirect(target or back_url)
        loaded.log(request)
    else:
        form = make_form(None)
    return render_form_page(
        request,
        form,
        title=title,
        caption=caption,
        back_url=back_url,
        intro=intro,
        warnings=warnings,
        template=template,
        extra={
            "case": loaded.case,
            **((extra(form) if callable(extra) else extra) or {}),
            **(previewed or {}),
        },
        status=200 if previewed is not None else None,
    )


def render_form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    caption: str = "",
    back_url: str = "",
    intro: str = "",
    warnings: list[str] | None = None,
    template: str = FORM_PAGE,
    extra: dict | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The form page as every form of the application renders: title, caption, back and
    cancel links, warnings, intro; 400 for a refused form (`form_status`)."""
    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "cancel_url": back_url,
        "intro": intro,
        "warnings": warnings or [],
        **(extra or {}),
    }
    return render(request, template, context, status=status or form_status(form))
