"""Classeur: the procedures binder of an outsourced back office."""
