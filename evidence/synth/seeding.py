"""Random streams for the generator: one numpy Generator per (seed, dataset, country, ...).

Streams are keyed by a stable hash of their names (SHA-256, not Python's salted ``hash()``),
so a dataset's numbers do not depend on which other datasets or countries are generated, nor
on the order they are generated in. Same key, same stream, on every machine.
"""

from __future__ import annotations

import hashlib

import numpy as np


def stream_key(*parts: object) -> list[int]:
    """Four 32-bit words of the SHA-256 of the parts, joined with '|'."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode("utf-8")).digest()
    return [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]


def rng_for(seed: int, *parts: object) -> np.random.Generator:
    """The generator of one stream, e.g. ``rng_for(0, "students", "COL", "2023-12")``."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), *stream_key(*parts)]))


def mix64(values: np.ndarray, key: int) -> np.ndarray:
    """A fixed bijective 64-bit hash (splitmix64 finaliser) of integers, keyed.

    Used where a property must be a function of an identifier alone (a device's MAC address
    and operating system stay the same in every chunk and period it appears in).
    """
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64(key & 0xFFFFFFFFFFFFFFFF)
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))
