"""The trainers' command-line tool (`bot ...`): add examples and dialogues, check, evaluate, review.

Each command lives in its own module with its logic in plain functions; the
click commands are thin wrappers around them (see `bot.cli.main`).
"""
