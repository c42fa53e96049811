"""Multilingual customer-service assistant for a cross-border shop (Rasa plugin package)."""
