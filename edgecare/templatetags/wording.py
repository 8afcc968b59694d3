"""Template filters for putting a worker's words into the page's own sentences."""

from django import template

from edgecare.plain_language import as_sentence

register = template.Library()


@register.filter
def sentence(text) -> str:
    """{{ entry.title|sentence }}: the text with exactly one closing full stop."""
    return as_sentence(str(text))
