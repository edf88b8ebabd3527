"""Stories: articles about the same real-world happening form one story, stories form threads.

The package is a conductor and its passes. :mod:`.features` is the shared vocabulary every pass
imports; :mod:`.online` clusters articles as they arrive; :mod:`.splits`, :mod:`.merges` and
:mod:`.reassign` refine the stories that changed; :mod:`.corpus` runs those passes over a
corpus (a pure function); :mod:`.threads` links stories into threads; :mod:`.incremental`
links a batch against the stored stories; :mod:`.stored` reads and writes the store for both;
:mod:`.conductor` does it all over a store (:func:`link_stories`). The passes import
:mod:`.features`, never the conductor.
"""

from dateline.link.stories.conductor import (
    STATE_KEY,
    VECTOR_KIND,
    link_stories,
    story_inputs,
    unlink_articles,
)
from dateline.link.stories.corpus import Clustering, StoryParams, cluster_corpus
from dateline.link.stories.features import ClusterParams, StoryInput, story_id_for
from dateline.link.stories.online import StoryClusterer, cluster
from dateline.link.stories.stored import article_vectors

__all__ = [
    "STATE_KEY",
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
    "unlink_articles",
]
