"""The ``dateline`` command line: a thin layer over :mod:`dateline.api`."""

from dateline.cli import articles_cmd as articles_cmd
from dateline.cli import docdate_cmd as docdate_cmd
from dateline.cli import entities_cmd as entities_cmd
from dateline.cli import events_cmd as events_cmd
from dateline.cli import semeval_cmd as semeval_cmd
from dateline.cli import serve_cmd as serve_cmd
from dateline.cli import stories_cmd as stories_cmd
from dateline.cli import time_cmd as time_cmd
from dateline.cli import watch_cmd as watch_cmd
from dateline.cli.app import app

__all__ = ["app"]
