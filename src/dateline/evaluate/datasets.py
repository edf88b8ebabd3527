"""Where the benchmark datasets are: one setting for every evaluation.

``DATELINE_DATA`` (or ``dateline evaluate --data PATH``) names the folder; without it the
datasets are looked for in ``../shared/datasets`` beside a checkout (the layout CI uses).
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "DATELINE_DATA"
#: ``shared/datasets`` beside the checkout this package runs from (src/dateline/evaluate/...)
CHECKOUT_DEFAULT = Path(__file__).resolve().parents[3].parent / "shared" / "datasets"

_chosen: Path | None = None


def use_dataset_root(path: Path | None) -> None:
    """Point every evaluation at ``path`` for this process (the ``--data`` option)."""
    global _chosen
    _chosen = path


def dataset_root() -> Path:
    """The datasets folder: ``--data``, else ``$DATELINE_DATA``, else beside the checkout."""
    if _chosen is not None:
        return _chosen
    configured = os.environ.get(DATA_ENV, "").strip()
    return Path(configured).expanduser() if configured else CHECKOUT_DEFAULT
