"""Near-duplicate documents across a corpus: MinHash signatures and LSH bands.

A document's signature is a datasketch MinHash over its word shingles (repeated
passages left out). The signature is cut into LSH bands; two documents sharing
any band bucket are candidates, confirmed when their estimated Jaccard
similarity reaches `THRESHOLD`. The buckets live in the store, so detection
works across runs, processes and machines sharing one database.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

from caseboard.names import text_key
from caseboard.clean import unique_regions

NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs above ~0.45 Jaccard nearly always meet in a bucket
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 4
THRESHOLD = 0.6  # estimated Jaccard of 4-word shingles for "the same article, lightly edited"
_SEED = 7
# datasketch's permutation scheme, named so stored signatures are rebuilt with the one that made them.
SCHEME = "affine32"


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping `size`-word shingles of the normalised words of `text`."""
    words = text_key(text).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of `text`'s shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=SCHEME, permutations=_PERMUTATIONS)
    minhash.update_batch([s.encode("utf-8", "surrogatepass") for s in shingles(text)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """The signature as stored: its hash values as little-endian uint64."""
    return np.asarray(minhash.hashvalues, dtype="<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The hash values `to_bytes` stored: enough to compare, without rebuilding the hash functions."""
    return np.frombuffer(data, dtype="<u8")


def band_buckets(signature: MinHash | np.ndarray) -> list[int]:
    """The bucket of each band, a signed 64-bit hash of the band's number and values:
    documents sharing one are near-duplicate candidates.

    A text without words has no buckets: every empty signature is the same, and
    documents of bare symbols are not copies of one another."""
    values = _values(signature)
    if np.array_equal(values, _EMPTY):
        return []
    return [
        int.from_bytes(
            hashlib.blake2b(bytes([band]) + values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    ]


def similarity(a: MinHash | np.ndarray, b: MinHash | np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal hash values."""
    return float(np.count_nonzero(_values(a) == _values(b))) / NUM_PERM


def _values(signature: MinHash | np.ndarray) -> np.ndarray:
    return signature if isinstance(signature, np.ndarray) else np.asarray(signature.hashvalues, dtype="<u8")


_PROTOTYPE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=SCHEME)
_PERMUTATIONS = _PROTOTYPE.permutations  # drawn once, not for every document
_EMPTY = _values(_PROTOTYPE)  # the signature of no shingles


def text_without_repeats(text: str, repeated_spans: list[list[int]]) -> str:
    """The text with its repeated passages cut out (a pasted-twice copy is still one copy)."""
    return "\n".join(text[s:e] for s, e in unique_regions(text, repeated_spans))
