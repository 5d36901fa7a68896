"""Vectorised builders of codes and answers: identifiers, MAC addresses, weighted draws and
multiple-choice answers, all without a Python loop over rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

_DIGITS = np.frombuffer(b"0123456789", dtype=np.uint8)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _bytes_to_str(matrix: np.ndarray) -> np.ndarray:
    width = matrix.shape[1]
    return np.ascontiguousarray(matrix).view(f"S{width}").ravel().astype(f"U{width}")


def fixed_ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """``prefix`` followed by each number zero-padded to ``width`` digits (COL-A0000012)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if numbers.size and (numbers.min() < 0 or numbers.max() >= 10**width):
        raise ValueError(f"numbers do not fit in {width} digits")
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    out = np.empty((numbers.size, head.size + width), dtype=np.uint8)
    out[:, : head.size] = head
    rest = numbers.copy()
    for position in range(width - 1, -1, -1):
        out[:, head.size + position] = _DIGITS[rest % 10]
        rest //= 10
    return _bytes_to_str(out)


def mac_addresses(values: np.ndarray) -> np.ndarray:
    """Lower-case colon-separated MAC addresses from the low 48 bits of uint64 values."""
    values = np.asarray(values, dtype=np.uint64)
    octets = [
        ((values >> np.uint64(8 * (5 - k))) & np.uint64(0xFF)).astype(np.uint8) for k in range(6)
    ]
    out = np.full((values.size, 17), ord(":"), dtype=np.uint8)
    for k, octet in enumerate(octets):
        out[:, 3 * k] = _HEX[octet >> 4]
        out[:, 3 * k + 1] = _HEX[octet & 15]
    return _bytes_to_str(out)


def choose(rng: np.random.Generator, probabilities: Mapping[str, float], size: int) -> np.ndarray:
    """Draw codes with the given (unnormalised) probabilities."""
    codes = list(probabilities)
    p = np.array([probabilities[c] for c in codes], dtype=float)
    return np.array(codes, dtype=object)[rng.choice(len(codes), size=size, p=p / p.sum())]


def choose_rows(rng: np.random.Generator, codes: Sequence[str], p: np.ndarray) -> np.ndarray:
    """One draw per row from row-specific probabilities ``p`` (rows × codes, rows sum to 1)."""
    cumulative = np.cumsum(p, axis=1)
    cumulative[:, -1] = 1.0
    u = rng.random((p.shape[0], 1))
    return np.array(codes, dtype=object)[(u > cumulative).sum(axis=1)]


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def multi_choice(
    rng: np.random.Generator,
    choices: Sequence[str],
    p: np.ndarray,
    exclusive: Sequence[str] = (),
) -> pd.Series:
    """Space-separated multiple-choice answers, Kobo's select_multiple layout.

    ``p`` gives each row's probability of ticking each choice (rows × choices). Exclusive
    choices (``none``, ``prefer_not_to_say``) are answers on their own: where one is ticked,
    the others are cleared; a row that ticks nothing answers the first exclusive choice.
    """
    ticked = rng.random(p.shape) < p
    index = {code: k for k, code in enumerate(choices)}
    exclusive_cols = [index[code] for code in exclusive]
    if exclusive_cols:
        first_exclusive = np.full(p.shape[0], -1)
        for col in reversed(exclusive_cols):
            first_exclusive = np.where(ticked[:, col], col, first_exclusive)
        has_exclusive = first_exclusive >= 0
        ticked[has_exclusive] = False
        ticked[has_exclusive, first_exclusive[has_exclusive]] = True
        empty = ~ticked.any(axis=1)
        ticked[empty, exclusive_cols[0]] = True
    return join_choices(ticked, choices)


def join_choices(ticked: np.ndarray, choices: Sequence[str]) -> pd.Series:
    """Space-separated strings from a boolean matrix, via a lookup of each row's bit pattern."""
    n_choices = len(choices)
    if n_choices > 20:
        raise ValueError("too many choices for a bit-pattern lookup")
    masks = (ticked.astype(np.int64) << np.arange(n_choices)).sum(axis=1)
    patterns, inverse = np.unique(masks, return_inverse=True)
    labels = np.array(
        [" ".join(c for k, c in enumerate(choices) if int(m) >> k & 1) for m in patterns],
        dtype=object,
    )
    strings = pd.Series(labels[inverse], dtype="str")
    return strings.where(strings != "")


def uuid4_strings(rng: np.random.Generator, size: int) -> np.ndarray:
    """Random version-4 UUIDs as Kobo writes them in ``_uuid`` (8-4-4-4-12 hex digits)."""
    raw = rng.integers(0, 256, (size, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    out = np.full((size, 36), ord("-"), dtype=np.uint8)
    positions = [p for p in range(36) if p not in (8, 13, 18, 23)]
    for k in range(16):
        out[:, positions[2 * k]] = _HEX[raw[:, k] >> 4]
        out[:, positions[2 * k + 1]] = _HEX[raw[:, k] & 15]
    return _bytes_to_str(out)


def pick_from_lists(
    rng: np.random.Generator, lists: Sequence[Sequence[str]], index: np.ndarray
) -> np.ndarray:
    """For each row, a uniform draw from ``lists[index[row]]`` (a loop over lists, not rows)."""
    u = rng.random(index.size)
    out = np.empty(index.size, dtype=object)
    for k, options in enumerate(lists):
        rows = index == k
        out[rows] = np.asarray(options, dtype=object)[(u[rows] * len(options)).astype(int)]
    return out
