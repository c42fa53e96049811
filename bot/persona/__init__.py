"""Persona inference: which kind of buyer this is, with the evidence for it."""
