"""Small random frames that follow a dataset's contract, for the indicator tests.

Not realistic data (evidence.synth makes that): every column of the contract filled with
values from its codelist or range, a share of optional answers missing, multiple-choice
answers space-separated, and for probability samples a stratified cluster design
(4 strata x 6 PSUs, fpc 40 PSUs per stratum, unequal weights).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.contracts import load_contract

N_STRATA, PSUS_PER_STRATUM, FPC = 4, 6, 40


def fake_frame(dataset: str, n: int, seed: int, missing: float = 0.1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    contract = load_contract(dataset)
    columns: dict[str, object] = {}
    for field in contract.fields:
        c = field.constraints
        if field.type == "list":
            ticked = rng.random((n, len(field.choices))) < 0.3
            values = [
                " ".join(np.asarray(field.choices)[row]) or field.choices[0] for row in ticked
            ]
            series = pd.Series(values, dtype="string")
        elif field.type == "boolean":
            series = pd.Series(rng.random(n) < 0.4, dtype="boolean")
        elif c.enum:
            series = pd.Series(rng.choice(np.asarray(c.enum, dtype=object), n), dtype="string")
        elif field.type in ("integer", "number"):
            low = 0 if c.minimum is None else c.minimum
            high = low + 100 if c.maximum is None else c.maximum
            values = rng.integers(low, high + 1, n).astype(float)
            series = pd.Series(values, dtype="Int64" if field.type == "integer" else "Float64")
        else:
            series = pd.Series([f"{field.name}_{i % 7}" for i in range(n)], dtype="string")
        if not c.required and field.type != "list":
            series = series.mask(rng.random(n) < missing)
        columns[field.name] = series
    frame = pd.DataFrame(columns)
    sampling = contract.sampling
    if sampling is not None and sampling.mode == "probability":
        psu = rng.integers(0, N_STRATA * PSUS_PER_STRATUM, n)
        frame[sampling.strata] = pd.Series(
            [f"s{p // PSUS_PER_STRATUM}" for p in psu], dtype="string"
        )
        frame[sampling.psu] = pd.Series([f"p{p:03d}" for p in psu], dtype="string")
        frame[sampling.fpc] = FPC
        frame[sampling.weight] = 50.0 + 100.0 * rng.random(n)
    return frame
