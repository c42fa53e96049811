"""Rasa input channels of the shop: the buyer widget and the agent console."""
