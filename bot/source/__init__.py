"""YAML -> model, offline: the source of truth read, checked and reported with file:line."""
