"""Stories: articles about the same real-world happening form one story, stories form threads.

The package is a conductor and its passes. :mod:`.features` is the shared vocabulary every pass
imports; :mod:`.online` clusters articles as they arrive; :mod:`.splits`, :mod:`.merges` and
:mod:`.reassign` refine the stories that changed; :mod:`.corpus` runs those passes over a
corpus (a pure function); :mod:`.threads` links stories into threads; :mod:`.conductor` does it
all over a store (:func:`link_stories`). The passes import :mod:`.features`, never the conductor.
"""

from dateline.link.stories.conductor import (
    MERGES_KEY,
    MOVES_KEY,
    REPORTS_KEY,
    SPLITS_KEY,
    STATE_KEY,
    THREADS_KEY,
    VECTOR_KIND,
    article_vectors,
    link_stories,
    story_inputs,
)
from dateline.link.stories.corpus import Clustering, StoryParams, cluster_corpus
from dateline.link.stories.features import ClusterParams, StoryInput, story_id_for
from dateline.link.stories.online import StoryClusterer, cluster

__all__ = [
    "MERGES_KEY",
    "MOVES_KEY",
    "REPORTS_KEY",
    "SPLITS_KEY",
    "STATE_KEY",
    "THREADS_KEY",
    "VECTOR_KIND",
    "ClusterParams",
    "Clustering",
    "StoryClusterer",
    "StoryInput",
    "StoryParams",
    "article_vectors",
    "cluster",
    "cluster_corpus",
    "link_stories",
    "story_id_for",
    "story_inputs",
]
