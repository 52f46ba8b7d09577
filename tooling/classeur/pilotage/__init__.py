"""Pilotage: indicators measured against the contract, weak signals, the steering pack."""
