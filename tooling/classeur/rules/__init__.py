"""The rules `check` runs, one module per family, found by registration (registry.py)."""
