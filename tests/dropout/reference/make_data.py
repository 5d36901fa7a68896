"""Write model_data.csv, the students the R reference (make_reference.R) fits on.

Peru's embedded default data (evidence.synth, period 2023-12, seed 3, scale 0.4), linked with
evidence.dropout.link_levels; the labelled, complete students with the default covariates of
the interpretable model, plus one student moved to a school of its own (a cluster of one).
Run from the project root: ``python tests/dropout/reference/make_data.py``.
"""

from __future__ import annotations

from pathlib import Path

from evidence.dropout.features import INTERPRETABLE_FEATURES, LABEL
from evidence.dropout.linkage import link_levels
from evidence.synth import synthesize_country

HERE = Path(__file__).resolve().parent


def main() -> None:
    data = synthesize_country(
        "PER", "2023-12", seed=3, scale=0.4, datasets=("schools", "caregivers", "students")
    )
    frame = link_levels(data["schools"], data["caregivers"], data["students"]).frame
    columns = ["school_id", LABEL, *INTERPRETABLE_FEATURES]
    frame = frame.loc[frame[columns].notna().all(axis=1), columns].reset_index(drop=True)
    frame.loc[0, "school_id"] = "PER-E9999"
    frame.to_csv(HERE / "model_data.csv", index=False, float_format="%.10g")


if __name__ == "__main__":
    main()
