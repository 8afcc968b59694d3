"""The organisation's own glossary: professional terms with the plain words to use, merged with
the built-in list (edgecare.plain_language) for the jargon check of what a family receives.
Terms are switched off, never deleted (the Django admin offers no delete)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from edgecare.models import Organisation
from edgecare.plain_language import DEFAULT_GLOSSARY, GlossaryEntry


class JargonTermQuerySet(models.QuerySet):
    def active_for(self, organisation):
        org_id = getattr(organisation, "pk", organisation)
        return self.filter(organisation_id=org_id, is_active=True)

    def delete(self):
        raise PermissionError("Glossary terms are switched off, never deleted.")


class JargonTerm(models.Model):
    """One professional term of the organisation's glossary, with the plain words to use."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="jargon_terms"
    )
    term = models.CharField(
        max_length=100,
        help_text="Terms match whatever their case; an acronym (CIN, TAF) with or without dots.",
    )
    plain_alternative = models.CharField("Plain words to use instead", max_length=300)
    is_active = models.BooleanField("Checked", default=True)
    # For an acronym that is also a word ("SEND", "PIP"): "send a letter" is plain English.
    capitals_only = models.BooleanField(
        "Only in capitals",
        default=False,
        help_text="For an acronym that is also an everyday word, like SEND.",
    )
    history = HistoricalRecords()

    objects = JargonTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term"], name="unique_jargon_term_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.term

    def delete(self, *args, **kwargs):
        raise PermissionError("Glossary terms are switched off, never deleted.")


def glossary_for(organisation) -> tuple[GlossaryEntry, ...]:
    """The built-in glossary merged with the organisation's own terms: its term replaces the
    built-in one of the same name (its plain words, its capitals rule), a term it switched off
    is not checked, and terms added to the built-in list later reach it too."""
    org_id = getattr(organisation, "pk", organisation)
    own = (
        list(
            JargonTerm.objects.filter(organisation_id=org_id)
            .order_by("term")
            .values_list("term", "plain_alternative", "capitals_only", "is_active")
        )
        if org_id is not None
        else []
    )
    if not own:
        return DEFAULT_GLOSSARY
    merged: dict[str, GlossaryEntry] = {
        term.lower(): (term, plain) for term, plain in DEFAULT_GLOSSARY
    }
    for term, plain, capitals_only, is_active in own:
        if is_active:
            merged[term.lower()] = (term, plain, capitals_only)
        else:
            merged.pop(term.lower(), None)
    return tuple(merged.values())
