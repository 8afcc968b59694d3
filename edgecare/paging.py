"""One page of a long list, as the GOV.UK pagination include (families/includes/pagination.html)
draws it: the page asked for in `?page=` (the last one when the number is past the end, the
first when it is not a number), its rows, and the page numbers with the gaps elided."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_context(
    request: HttpRequest,
    rows: QuerySet | Sequence,
    per_page: int,
    *,
    rows_name: str,
    on_each_side: int = 3,
) -> dict[str, Any]:
    """The page, its rows under `rows_name`, and `page_range` for the pagination links."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return {
        "page": page,
        rows_name: page.object_list,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side),
    }
