"""In-memory generation: every dataset of a country, or one dataset, as DataFrames.

Frames are canonical: exactly the contract's columns in its order, multiple-choice answers as
space-separated strings, booleans as booleans, no injected errors. ``write_synthetic`` turns
them into raw files (layouts, encodings and deliberate errors).
"""

from __future__ import annotations

from typing import Literal, cast, get_args

import pandas as pd

from evidence.countries import countries_frame, get_country
from evidence.errors import OptionError
from evidence.periods import check_period
from evidence.synth.contract import in_contract_order
from evidence.synth.flow_survey import make_flow_survey
from evidence.synth.flows import N_SURGES, make_flow_counts, site_day_flows, span_flows
from evidence.synth.integration import make_integration_survey
from evidence.synth.portal import make_portal_forms
from evidence.synth.risk_jumps import plant_risk_jumps, risk_jump_events
from evidence.synth.schools import make_caregivers, make_schools
from evidence.synth.services import make_services
from evidence.synth.sites import make_sites
from evidence.synth.sizes import sizes_for
from evidence.synth.students import make_students
from evidence.synth.wifi import wifi_days

Dataset = Literal[
    "sites",
    "services",
    "flow_counts",
    "flow_survey",
    "wifi_sessions",
    "portal_forms",
    "schools",
    "caregivers",
    "students",
    "integration_survey",
    "countries",
]
Dataset.__doc__ = """The name of a dataset the generator makes (a ``typing.Literal`` of text).

One per data contract (data_contracts/<dataset>.yaml): ``sites``, ``services``,
``flow_counts``, ``flow_survey``, ``wifi_sessions``, ``portal_forms``, ``schools``,
``caregivers``, ``students``, ``integration_survey`` and ``countries``; ``DATASETS`` holds them
in this order. ``synthesize`` and ``synthesize_country`` check a name against it.

Examples
--------
>>> from typing import get_args
>>> from evidence.synth import DATASETS, Dataset
>>> get_args(Dataset) == DATASETS, "students" in DATASETS, len(DATASETS)
(True, True, 11)
"""
DATASETS: tuple[Dataset, ...] = get_args(Dataset)
_NEEDS: dict[str, tuple[str, ...]] = {
    "sites": ("sites",),
    "services": ("services",),
    "flow_counts": ("sites", "flow_counts"),
    "flow_survey": ("sites", "flow_survey"),
    "wifi_sessions": ("sites", "wifi_sessions", "portal_forms"),
    "portal_forms": ("sites", "wifi_sessions", "portal_forms"),
    "schools": ("schools",),
    "caregivers": ("schools", "caregivers"),
    "students": ("schools", "caregivers", "students"),
    "integration_survey": ("integration_survey",),
    "countries": ("countries",),
}


def consecutive_periods(period: str, months: int) -> tuple[str, ...]:
    """The ``months`` consecutive periods ending with ``period`` (oldest first)."""
    check_period(period)
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise OptionError(f"months must be a positive integer, got {months!r}")
    last = pd.Period(period, freq="M")
    return tuple(str(last - k) for k in range(months - 1, -1, -1))


def check_plants(surges: int, risk_jumps: int) -> None:
    for name, value in (("surges", surges), ("risk_jumps", risk_jumps)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise OptionError(f"{name} must be a non-negative integer, got {value!r}")


def check_options(period: str, seed: int, scale: float) -> None:
    check_period(period)
    if not isinstance(seed, int) or seed < 0:
        raise OptionError(f"seed must be a non-negative integer, got {seed!r}")
    if not scale > 0:
        raise OptionError(f"scale must be positive, got {scale!r}")


def check_dataset(dataset: str) -> Dataset:
    if dataset not in DATASETS:
        raise OptionError(f"unknown dataset {dataset!r}; allowed: {', '.join(DATASETS)}")
    return cast(Dataset, dataset)


def country_row(country: str) -> pd.DataFrame:
    frame = countries_frame()
    return frame[frame["iso3"] == country].reset_index(drop=True)


def synthesize_country(
    country: str,
    period: str,
    seed: int = 0,
    scale: float = 1.0,
    datasets: tuple[str, ...] = DATASETS,
    *,
    months: int = 1,
    surges: int = N_SURGES,
    risk_jumps: int = 0,
) -> dict[str, pd.DataFrame]:
    """The datasets of one country (keys link them), canonical and clean.

    ``datasets`` limits the work to those (and what they are built from). ``months`` > 1
    gives the flow datasets (flow_counts, flow_survey, wifi_sessions, portal_forms) of the
    ``months`` consecutive periods ending with ``period``, one after the other, with the
    sites of ``period`` and a known trend and weekly seasonality (evidence.synth.flows.
    span_flows); the other datasets are those of ``period``. ``surges`` planted per period
    (default 3; 0 plants none) and ``risk_jumps`` (default 0, evidence.synth.risk_jumps).
    The defaults give exactly the data of earlier versions.

    Parameters
    ----------
    country, period, seed, scale, months, surges, risk_jumps
        As in :func:`synthesize`.
    datasets : tuple of str, default all
        The datasets wanted.

    Returns
    -------
    dict of str to pandas.DataFrame
        Dataset name → rows of the datasets asked for.

    Examples
    --------
    >>> from evidence.synth import synthesize_country
    >>> data = synthesize_country("PER", "2023-12", seed=0, scale=0.05,
    ...                           datasets=("sites", "flow_counts"))
    >>> sorted(data), len(data["sites"])
    (['flow_counts', 'sites'], 17)
    """
    check_options(period, seed, scale)
    periods = consecutive_periods(period, months)
    check_plants(surges, risk_jumps)
    country = get_country(country).iso3
    wanted = {need for dataset in datasets for need in _NEEDS[check_dataset(dataset)]}
    sizes = sizes_for(country, scale)
    out: dict[str, pd.DataFrame] = {}
    if "sites" in wanted:
        sites = make_sites(country, period, seed)
        out["sites"] = sites
        if months == 1:
            flows = site_day_flows(sites, period, seed, surges)
        else:
            flows = span_flows(sites, periods, seed, surges)
        month_flows = {p: flows[flows["date"].dt.strftime("%Y-%m") == p] for p in periods}
        parts: dict[str, list[pd.DataFrame]] = {}
        next_number = 1
        for p in periods:
            flows_p = month_flows[p].reset_index(drop=True)
            if "flow_counts" in wanted:
                parts.setdefault("flow_counts", []).append(
                    make_flow_counts(sites, flows_p, p, seed)
                )
            if "flow_survey" in wanted:
                parts.setdefault("flow_survey", []).append(
                    make_flow_survey(sites, flows_p, sizes.flow_survey, p, seed)
                )
            if "wifi_sessions" in wanted:
                reference = None if months == 1 else month_flows[period]
                days = list(
                    wifi_days(sites, flows_p, sizes.wifi_sessions, p, seed,
                              reference_flows=reference, first_number=next_number)
                )  # fmt: skip
                sessions = pd.concat([d.sessions for d in days], ignore_index=True)
                next_number += len(sessions)
                form_sessions = pd.concat([d.form_sessions for d in days], ignore_index=True)
                forms = make_portal_forms(form_sessions, sites, p, seed)
                if risk_jumps:
                    events = risk_jump_events(sites, p, seed, risk_jumps)
                    forms = plant_risk_jumps(forms, events, p, seed)
                parts.setdefault("wifi_sessions", []).append(sessions)
                parts.setdefault("portal_forms", []).append(forms)
        for name, frames in parts.items():
            out[name] = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    if "services" in wanted:
        out["services"] = make_services(country, period, seed)
    if "schools" in wanted:
        out["schools"] = make_schools(country, period, seed, scale)
        if "caregivers" in wanted:
            out["caregivers"] = make_caregivers(out["schools"], country, period, seed)
        if "students" in wanted:
            out["students"] = make_students(
                out["schools"], out["caregivers"], country, period, seed
            )
    if "integration_survey" in wanted:
        # One sample a month (interviews dated in their own month), like the flow survey.
        surveys = [
            make_integration_survey(country, sizes.integration_survey, p, seed) for p in periods
        ]
        out["integration_survey"] = (
            surveys[0] if len(surveys) == 1 else pd.concat(surveys, ignore_index=True)
        )
    if "countries" in wanted:
        out["countries"] = country_row(country)
    return {name: in_contract_order(frame, name) for name, frame in out.items() if name in datasets}


def synthesize(
    dataset: str,
    country: str,
    period: str,
    seed: int = 0,
    scale: float = 1.0,
    *,
    months: int = 1,
    surges: int = N_SURGES,
    risk_jumps: int = 0,
) -> pd.DataFrame:
    """One dataset of one country, canonical and clean (see ``synthesize_country``).

    The embedded default data, generated in memory: the same rows ``evidence synth`` writes
    (before the deliberate contract violations), with the planted relationships of
    :func:`planted_relationships`. Reproducible for a seed.

    Parameters
    ----------
    dataset : str
        One of ``DATASETS`` (``"flow_survey"``, ``"integration_survey"``, ...).
    country : str
        ISO3 code of a response country.
    period : str
        ``YYYY-MM``.
    seed : int, default 0
    scale : float, default 1.0
        Share of the default sizes (0.05 for a quick example).
    months : int, default 1
        Consecutive periods of the flow datasets ending with ``period``.
    surges : int, default 3
        Flow surges planted per period.
    risk_jumps : int, default 0
        Jumps in reported risks planted in the portal forms.

    Returns
    -------
    pandas.DataFrame
        The canonical (validated) form of the dataset.

    Raises
    ------
    OptionError
        Unknown dataset, country or period, or a scale that is not positive.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "PER", "2023-12", seed=0, scale=0.05)
    >>> counts.columns[:3].tolist(), counts["site_id"].str.startswith("PER-").all()
    (['site_id', 'date', 'entries'], np.True_)
    """
    return synthesize_country(
        country,
        period,
        seed,
        scale,
        datasets=(check_dataset(dataset),),
        months=months,
        surges=surges,
        risk_jumps=risk_jumps,
    )[dataset]
