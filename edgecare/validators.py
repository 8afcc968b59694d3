"""Validators shared by every app's forms."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Unicode categories a person's or family's name never needs, and that change how a name
# reads without showing themselves: Cc control characters (tab, bell, escape), Cf format
# characters (right-to-left overrides and isolates, zero-width spaces and joiners, the
# byte-order mark, soft hyphens), Zl/Zp line and paragraph separators. A name carrying them
# can display as something else, sort apart from the same name typed plainly, and slip past
# the duplicate-family check.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def hidden_characters(value: str) -> list[str]:
    """The hidden characters in `value`, named as Unicode names them (U+202E RIGHT-TO-LEFT
    OVERRIDE), in the order they first appear."""
    found: list[str] = []
    for char in value:
        if unicodedata.category(char) in HIDDEN_CATEGORIES:
            label = f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"
            if label not in found:
                found.append(label)
    return found


@deconstructible
class PlainNameValidator:
    """Refuses a name with control, bidirectional-override or zero-width characters."""

    message = (
        "Enter the name without hidden characters: it contains a character that changes how "
        "text is shown or read (%(characters)s). Retype the name rather than pasting it."
    )
    code = "hidden_characters"

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = hidden_characters(value)
        if found:
            raise ValidationError(
                self.message, code=self.code, params={"characters": ", ".join(found)}
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainNameValidator)


validate_plain_name = PlainNameValidator()
