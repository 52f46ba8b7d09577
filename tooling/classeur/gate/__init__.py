"""The pull-request gate: what a change does to access, ownership and status (`pr-check`)."""
