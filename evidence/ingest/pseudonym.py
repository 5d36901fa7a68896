"""Pseudonymisation of personal data at ingestion, and the curated column types it implies.

Fields with `pii: true` never reach curated data as delivered: `pii_action: hmac` replaces a
value by HMAC-SHA256(key, value) as hex, first 32 characters (128 bits, so collisions are out
of reach while files stay readable), which keeps joins working because the same identifier gets
the same pseudonym in every dataset; `pii_action: drop` removes the column. The key comes from
EVIDENCE_PSEUDONYM_KEY, else from a key file (EVIDENCE_PSEUDONYM_KEY_FILE, default
.secrets/pseudonym.key at the project root, git-ignored) created on first use.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pandas as pd

from evidence.contracts import Contract
from evidence.contracts.parse import as_text
from evidence.errors import ContractError
from evidence.paths import PROJECT_ROOT

KEY_ENV = "EVIDENCE_PSEUDONYM_KEY"
KEY_FILE_ENV = "EVIDENCE_PSEUDONYM_KEY_FILE"
DEFAULT_KEY_FILE = PROJECT_ROOT / ".secrets" / "pseudonym.key"
PSEUDONYM_CHARS = 32


def key_file_path() -> Path:
    override = os.environ.get(KEY_FILE_ENV)
    return Path(override) if override else DEFAULT_KEY_FILE


def pseudonym_key(key_file: Path | None = None) -> bytes:
    """The HMAC key: EVIDENCE_PSEUDONYM_KEY, else the key file (created on first use).

    Parameters
    ----------
    key_file : pathlib.Path, optional
        Default .secrets/pseudonym.key (or ``EVIDENCE_PSEUDONYM_KEY_FILE``).

    Returns
    -------
    bytes

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pseudonym.key"
    >>> pseudonym_key(path) == pseudonym_key(path)  # created once, then read
    True
    """
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = key_file or key_file_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            # O_EXCL: two ingests starting at once must not write two different keys.
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "w") as out:
                out.write(secrets.token_hex(32) + "\n")
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise ContractError(f"pseudonymisation key file {path} is empty; delete it or fill it")
    return key.encode("utf-8")


def pseudonymise_values(series: pd.Series, key: bytes) -> pd.Series:
    """HMAC pseudonyms of a column; missing stays missing. Each distinct value is hashed once."""
    text = as_text(series)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    hashed = hmac_hex(key, [str(v).encode("utf-8") for v in uniques.tolist()])
    lookup = pd.array([*hashed, pd.NA], dtype="str")
    return pd.Series(lookup[codes], index=series.index, dtype="str", name=series.name)


def hmac_hex(key: bytes, messages: list[bytes]) -> list[str]:
    """HMAC-SHA256 (RFC 2104) of each message, hex, first PSEUDONYM_CHARS characters.

    The keyed inner and outer hash states are computed once and copied per message, which
    gives exactly hmac.new(key, message, sha256) at a fraction of its per-call cost (millions
    of device identifiers per period).
    """
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    out = []
    for message in messages:
        digest_in = inner.copy()
        digest_in.update(message)
        digest_out = outer.copy()
        digest_out.update(digest_in.digest())
        out.append(digest_out.hexdigest()[:PSEUDONYM_CHARS])
    return out


def pseudonymise(frame: pd.DataFrame, contract: Contract, key: bytes) -> pd.DataFrame:
    """A copy of a canonical frame with pii fields hashed or dropped (input untouched).

    ``pii_action: hmac`` fields become keyed HMAC-SHA256 pseudonyms (hex, 32 characters), so
    joins across datasets still work; ``drop`` fields (names, phone numbers) are removed.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical rows of the contract's dataset. Not modified.
    contract : Contract
    key : bytes
        The HMAC key (:func:`pseudonym_key`).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from evidence.contracts import load_contract
    >>> from evidence.synth import synthesize
    >>> caregivers = synthesize("caregivers", "ABW", "2023-12", seed=0, scale=0.05).head(2)
    >>> safe = pseudonymise(caregivers, load_contract("caregivers"), b"secret key")
    >>> "caregiver_name" in safe, safe["caregiver_id"].str.len().tolist()
    (False, [32, 32])
    """
    out = frame.copy()
    for field in contract.fields:
        if not field.pii or field.name not in out.columns:
            continue
        if field.pii_action == "drop":
            out = out.drop(columns=field.name)
        else:
            out[field.name] = pseudonymise_values(out[field.name], key)
    return out
