"""Writes glm_data.csv, the data of the svyglm reference (run once; R reads the CSV).

Run: python tests/integration/models/reference/make_glm_data.py
Four strata (one with a single PSU, stratum 'L'), 6-9 PSUs per stratum, 3 SSUs per PSU,
population counts at both stages, unequal weights, a PSU effect, missing values in x3,
a domain flag, and 40 bootstrap replicate weights (evidence's bootweights, seed 3).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from evidence.survey import SurveyDesign, replicate_design

rng = np.random.default_rng(20261201)
rows = []
psu_id = 0
for h, n_psu in zip(["A", "B", "C", "D"], [6, 9, 7, 8], strict=True):
    for _ in range(n_psu):
        psu_id += 1
        u = rng.normal(0, 0.4)
        for s in range(3):
            m = int(rng.integers(4, 9))
            for _ in range(m):
                rows.append((h, f"P{psu_id:03d}", f"P{psu_id:03d}-{s}", u, m))
frame = pd.DataFrame(rows, columns=["stratum", "psu", "ssu", "u", "m"])
n = len(frame)
pop1 = {"A": 20, "B": 40, "C": 14, "D": 100}
n_psu = frame.groupby("stratum")["psu"].nunique()
frame["fpc1"] = frame["stratum"].map(pop1)
frame["fpc2"] = 3 * rng.integers(2, 6, n)
frame["fpc2"] = frame.groupby("psu")["fpc2"].transform("first")
frame["w"] = (
    frame["stratum"].map(pop1)
    / frame["stratum"].map(n_psu)
    * frame["fpc2"]
    / 3
    * frame["m"]
    / 4
    * rng.uniform(0.8, 1.25, n)
)
frame["x1"] = rng.normal(0, 1, n)
frame["x2"] = rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])
frame["female"] = (rng.random(n) < 0.5).astype(int)
frame["x3"] = rng.gamma(2.0, 1.0, n)
frame.loc[rng.random(n) < 0.06, "x3"] = np.nan
x2 = frame["x2"].map({"a": 0.0, "b": 0.5, "c": -0.7}).to_numpy()
eta = -0.3 + 0.7 * frame["x1"] + x2 - 0.6 * frame["female"] + frame["u"]
frame["y_bin"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
frame["y_count"] = rng.poisson(np.exp(0.2 + 0.3 * frame["x1"] + 0.5 * frame["u"]))
frame["y_cont"] = 2 + 1.5 * frame["x1"] + 2 * x2 + frame["u"] + rng.normal(0, 1, n)
frame["y_frac"] = np.clip(1 / (1 + np.exp(-eta)) + rng.normal(0, 0.1, n), 0, 1)
frame["dom"] = (rng.random(n) < 0.6).astype(int)
# A lonely-PSU variant: stratum L holds one PSU taken from D.
frame["stratum_lonely"] = np.where(frame["psu"] == "P030", "L", frame["stratum"])
design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
boot = replicate_design(design, "bootstrap", replicates=40, seed=3)
reps = boot.replicate_weights()
for r in range(reps.shape[1]):
    frame[f"rep{r + 1}"] = reps[:, r]
frame["boot_scale"] = boot.scale
frame = frame.drop(columns=["u", "m"])
frame.to_csv(Path(__file__).with_name("glm_data.csv"), index=False, float_format="%.17g")
