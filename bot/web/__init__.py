"""Web pages, static files and session handling for the widget and the console."""
