"""Chronology kinds of the families app (registered with families.registry)."""
