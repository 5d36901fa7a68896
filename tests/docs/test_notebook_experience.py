"""What a researcher sees in JupyterLab: results objects render as HTML tables and give their
frame, figure functions return the matplotlib Figure, errors name what to change."""

from __future__ import annotations

import dataclasses
import inspect

import pandas as pd
import pytest

import evidence as ev
from evidence.contracts import validate_frame
from evidence.ingest.hdx import hdx_table
from evidence.survey import SurveyDesign, estimate_mean, estimate_proportion
from tests.docs.public_api import public_objects

# Public dataclasses that are not results: options, specifications, contract pieces, designs,
# inputs and the few scalars a sentence quotes. Everything else that is a frozen dataclass is
# a result and must render in a notebook and give its frame.
NOT_RESULTS = {
    "evidence.DisclosureOptions": "options",
    "evidence.contracts.CheckedFrame": "internal pair (frame, failures) used by ingest",
    "evidence.contracts.Constraints": "contract piece",
    "evidence.contracts.Contract": "contract",
    "evidence.contracts.Field": "contract piece",
    "evidence.contracts.ForeignKey": "contract piece",
    "evidence.contracts.Sampling": "contract piece",
    "evidence.display.Study": "study builder",
    "evidence.display.StudyFigure": "a figure (renders as the image)",
    "evidence.display.StudyText": "a paragraph",
    "evidence.dropout.AnalysisSettings": "options",
    "evidence.i18n.Messages": "message catalogue",
    "evidence.indicators.Batch": "plan piece",
    "evidence.indicators.Composite": "catalogue piece",
    "evidence.indicators.Cut": "catalogue piece",
    "evidence.indicators.DerivedVariable": "catalogue piece",
    "evidence.indicators.Indicator": "catalogue piece",
    "evidence.indicators.Labels": "catalogue piece",
    "evidence.ingest.FileFormat": "file description",
    "evidence.ingest.FileResult": "one row of IngestReport",
    "evidence.ingest.RawTable": "input",
    "evidence.integration.Contrast": "model specification",
    "evidence.movement.CuratedSessions": "input",
    "evidence.movement.FlagThresholds": "options",
    "evidence.movement.FlowHeadline": "scalars quoted in a sentence",
    "evidence.movement.SurveyPoints": "scalars quoted in a sentence",
    "evidence.movement.WifiHeadline": "scalars quoted in a sentence",
    "evidence.studies.StudyParameters": "options",
    "evidence.studies.StudyRecord": "one row of the manifest",
    "evidence.survey.ReplicateDesign": "design (renders with summary)",
    "evidence.survey.SurveyDesign": "design (renders with summary)",
}
CLASSES = {n: o for n, o in public_objects() if inspect.isclass(o) and dataclasses.is_dataclass(o)}
RESULTS = sorted(n for n in CLASSES if n not in NOT_RESULTS)


@pytest.mark.parametrize("name", RESULTS)
def test_every_public_result_class_renders_and_gives_its_frame(name: str) -> None:
    cls = CLASSES[name]
    for method in ("to_frame", "_repr_html_", "summary"):
        assert callable(getattr(cls, method, None)), f"{name} has no {method}()"
    assert cls.__dataclass_params__.frozen, f"{name} must be a frozen dataclass"  # type: ignore[attr-defined]


def test_the_exemption_list_names_only_public_dataclasses() -> None:
    assert set(NOT_RESULTS) <= set(CLASSES)
    assert len(RESULTS) >= 25


def _design(seed: int) -> SurveyDesign:
    rng = pd.Series(range(40)).sample(frac=1, random_state=seed).to_numpy()
    frame = pd.DataFrame(
        {
            "w": 1.0 + (rng % 3),
            "psu": rng % 8,
            "stratum": rng % 2,
            "income": 100.0 + rng,
            "group": ["host", "migrant"] * 20,
        }
    )
    return SurveyDesign(frame, weights="w", strata="stratum", psu="psu", nest=True)


@pytest.mark.parametrize("seed", [0, 1])
def test_results_render_as_html_tables(seed: int) -> None:
    design = _design(seed)
    shown = [
        estimate_mean("income", design, by="group"),
        estimate_proportion("group", design),
        hdx_table(pd.DataFrame({"a": ["#loc+code", "COL-S001"]}), "flow_counts"),
        validate_frame(pd.DataFrame({"site_id": ["bad"]}), "flow_counts"),
    ]
    for result in shown:
        html = result._repr_html_()
        assert "<table" in html and "</table>" in html, type(result).__name__
        assert isinstance(result.to_frame(), pd.DataFrame)
    assert "<table" in design._repr_html_() or design.summary()


def test_figure_functions_return_the_matplotlib_figure() -> None:
    import evidence.display.figures as figures

    drawers = [n for n in figures.__all__ if n.endswith("_figure")]
    assert len(drawers) >= 10
    for name in drawers:
        returned = inspect.signature(getattr(figures, name)).return_annotation
        assert (
            returned in ("Figure", "matplotlib.figure.Figure")
            or getattr(returned, "__name__", "") == "Figure"
        ), f"{name} returns {returned!r}, not the Figure"


def test_errors_name_the_parameter_and_the_allowed_values() -> None:
    with pytest.raises(ev.OptionError, match=r"ci_method='exact'.*'logit'"):
        estimate_proportion("group", _design(0), ci_method="exact")  # type: ignore[arg-type]
    with pytest.raises(ev.OptionError, match="allowed: ARG"):
        ev.get_country("VEN")
