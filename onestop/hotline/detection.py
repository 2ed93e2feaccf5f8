"""Early-warning detectors, as plain functions over plain data (the scan service feeds
them from the database; the benchmark feeds them a synthetic year).

Volume: each (category, district) pair has a daily count. Its expected level is an
exponentially weighted moving average of the previous days of the same kind (working days
and rest days are averaged apart, from the working-day calendar, so the first working day
after a weekend or a holiday does not look like a burst); days that raised an alarm are
left out, so a burst does not teach the baseline to expect bursts. A day alarms when a
count at least that high would be very unlikely under a Poisson law with that mean.

Near-duplicates: many people reporting the same thing write similar texts. Texts are cut
into overlapping character shingles (no word lists, so Chinese works like English);
MinHash signatures with banded locality-sensitive hashing find candidate pairs cheaply,
the exact Jaccard similarity of the shingle sets confirms them, and connected pairs form
clusters.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

ALPHA = 0.1  # EWMA smoothing: weight of the newest day (chosen on synthetic years, see bench/hotspots.py)
P_VALUE = 0.001  # alarm when P(X >= count | baseline) is below this
MIN_COUNT = 4  # fewer requests than this never alarm
WARMUP_DAYS = 7  # days of history before a series may alarm
FLOOR = 0.2  # a baseline never drops below this (a quiet pair is not "never")


@dataclass(frozen=True)
class Alarm:
    index: int
    count: int
    baseline: float
    p_value: float


def poisson_tail(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean)."""
    from scipy.stats import poisson

    if count <= 0:
        return 1.0
    return float(poisson.sf(count - 1, max(mean, 1e-9)))


def ewma_poisson(
    counts: Sequence[int],
    *,
    kinds: Sequence[Hashable] | None = None,
    alpha: float = ALPHA,
    p_value: float = P_VALUE,
    min_count: int = MIN_COUNT,
    warmup: int = WARMUP_DAYS,
    floor: float = FLOOR,
) -> list[Alarm]:
    """Alarms over a daily series (index = day). ``kinds`` labels each day (for example
    working day / rest day); each kind keeps its own baseline once it has been seen on
    a few days, the series' overall baseline standing in until then."""
    alarms: list[Alarm] = []
    overall: float | None = None
    by_kind: dict[Hashable, float] = {}
    seen: dict[Hashable, int] = {}
    for index, count in enumerate(counts):
        kind = kinds[index] if kinds is not None else None
        level = by_kind.get(kind) if seen.get(kind, 0) >= 3 else overall
        if level is not None and index >= warmup and count >= min_count:
            expected = max(level, floor)
            tail = poisson_tail(int(count), expected)
            if tail < p_value:
                alarms.append(Alarm(index, int(count), round(expected, 3), tail))
                continue  # an alarming day does not feed the baseline
        overall = float(count) if overall is None else alpha * count + (1 - alpha) * overall
        previous = by_kind.get(kind)
        by_kind[kind] = float(count) if previous is None else alpha * count + (1 - alpha) * previous
        seen[kind] = seen.get(kind, 0) + 1
    return alarms


def baseline_before(counts: Sequence[int], *, alpha: float = ALPHA, floor: float = FLOOR) -> float:
    """The EWMA expected level for the day after ``counts`` (for display)."""
    baseline: float | None = None
    for count in counts:
        baseline = float(count) if baseline is None else alpha * count + (1 - alpha) * baseline
    return max(baseline or 0.0, floor)


# --- near-duplicate texts ---------------------------------------------------------------

SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16
SIMILARITY = 0.6
MIN_CLUSTER = 3
_PRIME = (1 << 61) - 1
_STRIP = re.compile(r"[\W_]+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> frozenset[int]:
    """Hashed overlapping character k-grams of the text, ignoring case, spaces and punctuation."""
    clean = _STRIP.sub("", unicodedata.normalize("NFKC", text or "").lower())
    if len(clean) <= k:
        return frozenset({zlib.crc32(clean.encode())}) if clean else frozenset()
    return frozenset(zlib.crc32(clean[i : i + k].encode()) for i in range(len(clean) - k + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class MinHasher:
    def __init__(self, permutations: int = PERMUTATIONS, seed: int = 20240507):
        rng = np.random.default_rng(seed)
        # Shingle hashes are below 2**32 and ``a`` below 2**31, so a*x + b stays below 2**64
        # and unsigned 64-bit arithmetic never wraps before the modulo.
        self.a = rng.integers(1, 1 << 31, size=permutations, dtype=np.uint64)
        self.b = rng.integers(0, _PRIME, size=permutations, dtype=np.uint64)
        self.permutations = permutations

    def signature(self, items: frozenset[int]) -> np.ndarray:
        if not items:
            return np.full(self.permutations, np.iinfo(np.uint64).max, dtype=np.uint64)
        values = np.fromiter(items, dtype=np.uint64, count=len(items))
        hashed = (self.a.reshape(-1, 1) * values.reshape(1, -1) + self.b.reshape(-1, 1)) % np.uint64(_PRIME)
        return hashed.min(axis=1)


def duplicate_clusters(
    items: Iterable[tuple[Hashable, str]],
    *,
    similarity: float = SIMILARITY,
    bands: int = BANDS,
    min_size: int = MIN_CLUSTER,
    hasher: MinHasher | None = None,
) -> list[list[Hashable]]:
    """Groups of at least ``min_size`` ids whose texts are near-identical, largest first."""
    hasher = hasher or MinHasher()
    rows = hasher.permutations // bands
    keys: list[Hashable] = []
    sets: list[frozenset[int]] = []
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for key, text in items:
        shingle_set = shingles(text)
        if not shingle_set:
            continue
        position = len(keys)
        keys.append(key)
        sets.append(shingle_set)
        signature = hasher.signature(shingle_set)
        for band in range(bands):
            buckets[(band, signature[band * rows : (band + 1) * rows].tobytes())].append(position)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in buckets.values():
        if len(members) < 2:
            continue
        # Compare each member with a few representatives of the bucket rather than with
        # every other member: a bucket of n identical texts costs n comparisons, not n².
        representatives: list[int] = []
        for member in members:
            for rep in representatives:
                if find(member) == find(rep):
                    break
                if jaccard(sets[member], sets[rep]) >= similarity:
                    parent[find(member)] = find(rep)
                    break
            else:
                if len(representatives) < 8:
                    representatives.append(member)
    groups: dict[int, list[Hashable]] = defaultdict(list)
    for position, key in enumerate(keys):
        groups[find(position)].append(key)
    clusters = [members for members in groups.values() if len(members) >= min_size]
    return sorted(clusters, key=lambda c: (-len(c), str(c[0])))
