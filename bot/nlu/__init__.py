"""Rasa NLU components and the plain-Python language logic behind them."""
