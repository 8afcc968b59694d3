"""Extension points that let later stages of the journey (assessments, plans, reviews, closure)
add to the case page and the chronology without the families app importing them.

Each app registers in its AppConfig.ready(). Providers must query in a fixed number of queries
per case, so the case page's cost does not grow with the number of apps' records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChronologyEntry:
    kind: str  # registry key, e.g. "contact"
    id: int  # the record's primary key (with kind, identifies the entry for marking)
    date: datetime.date
    title: str
    summary: str = ""
    time: datetime.time | None = None
    url: str | None = None
    by: str = ""  # who recorded it, as a display name

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.time or datetime.time(0, 0), self.kind, self.id)


@dataclass(frozen=True)
class ChronologyKind:
    kind: str
    label: str
    provider: Callable[..., Iterable[ChronologyEntry]]


@dataclass(frozen=True)
class NextStep:
    """Something that should happen next on a case; `overdue` ones are shown as warnings."""

    text: str
    url: str | None = None
    due: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class CasePanel:
    order: int
    template: str
    context: Callable[..., dict] = field(default=lambda request, case: {})


_chronology: dict[str, ChronologyKind] = {}
_panels: list[CasePanel] = []
_next_steps: list[Callable[..., Iterable[NextStep]]] = []


def register_chronology(kind: str, label: str):
    """Decorator: `provider(case) -> Iterable[ChronologyEntry]`."""

    def wrap(provider):
        _chronology[kind] = ChronologyKind(kind, label, provider)
        return provider

    return wrap


def chronology_kinds() -> list[ChronologyKind]:
    return list(_chronology.values())


def register_case_panel(order: int, template: str):
    """Decorator: `context(request, case) -> dict` for a template included on the case page."""

    def wrap(context):
        _panels.append(CasePanel(order, template, context))
        _panels.sort(key=lambda p: p.order)
        return context

    return wrap


def case_panels() -> list[CasePanel]:
    return list(_panels)


def register_next_steps(provider):
    """Decorator: `provider(case) -> Iterable[NextStep]`."""
    _next_steps.append(provider)
    return provider


def next_step_providers() -> list[Callable[..., Iterable[NextStep]]]:
    return list(_next_steps)


def once_per_case(case, key: str, load: Callable[[], object]):
    """Rows that several panels, next steps and chronology providers read about one case,
    loaded once per page. Only a page that asks for it (`remember_for_page(case)`, on GET
    pages that read and never write) shares them; anywhere else every call loads afresh."""
    memo = getattr(case, "_page_memo", None)
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def remember_for_page(case) -> None:
    case._page_memo = {}
