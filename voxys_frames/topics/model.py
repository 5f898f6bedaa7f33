"""Group texts into topics and name each topic by its most telling words.

The built-in representation is TF-IDF over :func:`~voxys_frames.topics.tokens.tokens`
(words, word pairs, CJK and Thai character bigrams), reduced by a seeded truncated
SVD (latent semantic analysis) when there are enough terms, and clustered by
k-means (mini-batch k-means above :data:`MINIBATCH_ABOVE` texts). A user's
``embed`` function (list of texts -> 2D array) replaces that representation; the
names still come from the TF-IDF terms. The same texts, ``n_topics`` and ``seed``
give the same topics.

Examples
--------
>>> texts = ["refund my order", "I want a refund", "refund please, money back",
...          "cannot log in", "cannot log in, password reset", "password expired, cannot log in"]
>>> found = cluster_texts(texts, n_topics=2, seed=1)
>>> found.labels.tolist()
[0, 0, 0, 1, 1, 1]
>>> found.terms[0][0], found.terms[1][0]
('refund', 'cannot log')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from voxys_frames.topics.tokens import tokens

Embed = Callable[[list[str]], Any]
"""A representation of texts: a list of n texts in, an n x d array out."""

MINIBATCH_ABOVE: Final = 20_000
"""Above this many texts, mini-batch k-means replaces k-means."""

LSA_DIMENSIONS: Final = 100
"""Dimensions of the truncated SVD of the TF-IDF matrix."""


@dataclass(frozen=True)
class TextTopics:
    """What :func:`cluster_texts` found.

    ``labels[i]`` is the topic of ``texts[i]`` (-1 when the text has no word to
    go by); topics are numbered by size, largest first (ties: earliest text first); ``terms[t]`` are topic ``t``'s most telling words and phrases, best
    first; ``examples[t]`` the indices of its texts nearest its centre.
    """

    labels: npt.NDArray[np.int64]
    terms: list[list[str]]
    examples: list[list[int]]

    @property
    def n_topics(self) -> int:
        """How many topics were made."""
        return len(self.terms)


def _given(document: list[str]) -> list[str]:
    return document


def _vectorizer(documents: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=_given,
        min_df=2 if documents >= 50 else 1,
        max_df=0.5 if documents >= 50 else 1.0,
        sublinear_tf=True,
        dtype=np.float32,
    )


def _represent(
    matrix: Any, texts: list[str], embed: Embed | None, seed: int
) -> npt.NDArray[np.float64]:
    if embed is not None:
        vectors = np.asarray(embed(texts), dtype=np.float64)
        if vectors.ndim != 2 or vectors.shape[0] != len(texts):
            msg = (
                f"embed returned an array of shape {vectors.shape}; "
                f"expected ({len(texts)}, dimensions)"
            )
            raise ValueError(msg)
        return np.asarray(normalize(vectors), dtype=np.float64)
    dimensions = min(LSA_DIMENSIONS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dimensions < 2:
        return np.asarray(matrix.toarray(), dtype=np.float64)
    reduced = TruncatedSVD(n_components=dimensions, random_state=seed).fit_transform(matrix)
    return np.asarray(normalize(reduced), dtype=np.float64)


def _cluster(vectors: npt.NDArray[np.float64], k: int, seed: int) -> Any:
    if vectors.shape[0] > MINIBATCH_ABOVE:
        return MiniBatchKMeans(
            n_clusters=k, random_state=seed, n_init=3, batch_size=4096, max_no_improvement=20
        ).fit(vectors)
    return KMeans(n_clusters=k, random_state=seed, n_init=4).fit(vectors)


def _telling_terms(
    matrix: Any, labels: npt.NDArray[np.int64], k: int, vocabulary: npt.NDArray[Any], top: int
) -> list[list[str]]:
    """Per topic, the terms whose mean weight inside most exceeds their mean outside."""
    total = np.asarray(matrix.sum(axis=0)).ravel()
    count = matrix.shape[0]
    result: list[list[str]] = []
    for topic in range(k):
        members = labels == topic
        size = int(members.sum())
        inside = np.asarray(matrix[members].sum(axis=0)).ravel()
        outside_size = max(count - size, 1)
        score = inside / max(size, 1) - (total - inside) / outside_size
        order = np.lexsort((vocabulary, -score))
        ranked = (str(vocabulary[i]) for i in order if score[i] > 0)
        result.append(_merge_phrases(ranked, top))
    return result


def _merge_phrases(ranked: Iterable[str], top: int) -> list[str]:
    """The first ``top`` terms, a phrase taking the place of a word it contains.

    >>> _merge_phrases(["cannot", "cannot log", "log", "password"], 3)
    ['cannot log', 'password']
    """
    chosen: list[str] = []
    for term in ranked:
        words = term.split(" ")
        if any(set(words) <= set(c.split(" ")) for c in chosen):
            continue
        inside = [c for c in chosen if " " not in c and c in words]
        if inside:
            chosen[chosen.index(inside[0])] = term
            chosen = [c for c in chosen if c not in inside[1:]]
        else:
            chosen.append(term)
        if len(chosen) >= top:
            break
    return chosen


def cluster_texts(
    texts: Sequence[str],
    *,
    n_topics: int = 8,
    seed: int = 0,
    embed: Embed | None = None,
    top_terms: int = 8,
    examples: int = 3,
) -> TextTopics:
    """Assign each of ``texts`` a topic (see the module docstring); fewer topics than
    ``n_topics`` when there are fewer distinct texts.

    >>> cluster_texts(["", "   "]).labels.tolist()
    [-1, -1]
    """
    if n_topics < 1:
        msg = f"n_topics must be at least 1, got {n_topics}"
        raise ValueError(msg)
    texts = list(texts)
    labels = np.full(len(texts), -1, dtype=np.int64)
    documents = [tokens(text) for text in texts]
    usable = [i for i, document in enumerate(documents) if document]
    if not usable:
        return TextTopics(labels=labels, terms=[], examples=[])
    kept = [texts[i] for i in usable]
    vectorizer = _vectorizer(len(kept))
    matrix = vectorizer.fit_transform([documents[i] for i in usable])
    vocabulary = vectorizer.get_feature_names_out()
    vectors = _represent(matrix, kept, embed, seed)
    distinct = len({row.tobytes() for row in np.round(vectors, 6)})
    k = max(1, min(n_topics, distinct))
    model = _cluster(vectors, k, seed)
    found = np.asarray(model.labels_, dtype=np.int64)
    distances = model.transform(vectors)
    first_seen = np.full(k, len(found), dtype=np.int64)
    np.minimum.at(first_seen, found, np.arange(len(found)))
    order = np.lexsort((first_seen, -np.bincount(found, minlength=k)))
    renumber = np.empty(k, dtype=np.int64)
    renumber[order] = np.arange(k)
    found = renumber[found]
    terms = _telling_terms(matrix, found, k, vocabulary, top_terms)
    nearest: list[list[int]] = []
    for topic, original in enumerate(order):
        members = np.flatnonzero(found == topic)
        ranked = members[np.lexsort((members, distances[members, original]))]
        nearest.append([usable[int(i)] for i in ranked[:examples]])
    labels[usable] = found
    return TextTopics(labels=labels, terms=terms, examples=nearest)
