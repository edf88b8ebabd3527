"""``python -m dateline`` runs the command line."""

from dateline.cli import app

app()
