"""Case-page panels of the families app (registered with families.registry)."""
