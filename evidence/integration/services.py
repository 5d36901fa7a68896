"""Service points for integration against where migrants live, by admin1 unit.

Two kinds of number, published side by side:

- ``service_points_by_area``: the number of open service points of each type in each admin1
  unit, from the service registry (``services``). A registry is not a sample: no sampling
  error, no interval; each row's ``n`` is the number of open service points in the registry
  (what the count was taken over). Areas named in ``areas`` (where surveyed migrants live)
  get their zeros, so an area with migrants and no service of a type is a row, not a gap.
- ``migrants_by_area``: the weighted share of surveyed migrant households living in each
  admin1 unit (integration survey, design-based: the contract's strata, PSUs and weights,
  Taylor linearisation), through the indicator engine's estimator and publication path.
- ``workers_by_area``: the weighted share of employed migrants (those who give a place of
  work, ``work_admin1``) working in each admin1 unit, the same way, estimated on that domain
  of the full design (not on a subset of it). Data curated before the question existed give
  no rows, and a study says the question was not asked.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.indicators.checks import require_columns
from evidence.indicators.datasets import design_from_contract
from evidence.indicators.estimates import to_results
from evidence.indicators.keys import join_key, resolve_country, resolve_period
from evidence.indicators.publish import result_row, rows_frame
from evidence.indicators.tables import DescriptiveTable
from evidence.survey import estimate_proportion

SERVICE_TYPES: tuple[str, ...] = (
    "legal_orientation",
    "documentation",
    "health",
    "education",
    "employment",
    "shelter",
    "mhpss",
    "gbv_response",
)
AREA_BY_TYPE = "admin1 x service_type"
SERVICE_INDICATOR = "total_service_points"
MIGRANT_AREA_INDICATOR = "prop_migrants_admin1"
WORKER_AREA_INDICATOR = "prop_migrant_workers_admin1"
WORK_AREA = "work_admin1"


def open_services(services: pd.DataFrame) -> pd.DataFrame:
    """The service points open at the end of the period (all when there is no status)."""
    if "status" not in services.columns:
        return services
    return services[services["status"].astype(str) == "open"]


def service_points_by_area(
    services: pd.DataFrame,
    *,
    areas: Sequence[str] = (),
    types: Sequence[str] = SERVICE_TYPES,
) -> DescriptiveTable:
    """Open service points by admin1 unit and type (zeros included), as a results table.

    Parameters
    ----------
    services : pandas.DataFrame
        The service register (data_contracts/services.yaml); closed points are left out.
    areas : sequence of str
        Admin1 units to show even without any service point (where migrants live).
    types : sequence of str
        Service types, one column each.

    Returns
    -------
    DescriptiveTable
        One row per area and one column per type; ``to_results`` gives the published rows
        (``total_service_points`` by area and type, by type, and by area). The input is not
        modified.

    Examples
    --------
    >>> import pandas as pd
    >>> register = pd.DataFrame({"admin1": ["Norte", "Sur"], "service_type": ["health", "shelter"],
    ...                          "status": ["open", "open"]})
    >>> table = service_points_by_area(register, areas=["Este"])
    >>> table.to_frame()[["admin1", "health", "shelter"]].to_dict("list")
    {'admin1': ['Este', 'Norte', 'Sur'], 'health': [0, 1, 0], 'shelter': [0, 0, 1]}
    """
    require_columns(services, ["admin1", "service_type"], "services")
    points = open_services(services)
    names = list(dict.fromkeys([*points["admin1"].astype(str), *map(str, areas)]))
    names.sort()
    counts = (
        pd.crosstab(points["admin1"].astype(str), points["service_type"].astype(str))
        .reindex(index=names, columns=list(types), fill_value=0)
        .astype(int)
    )
    counts.index.name = "admin1"
    counts.columns.name = None
    n_points = len(points)

    def rows(country: str, period: str) -> pd.DataFrame:
        out = [
            result_row(
                SERVICE_INDICATOR, AREA_BY_TYPE, f"{area} x {kind}", counts.loc[area, kind],
                n_points, "total",
            )
            for area in counts.index
            for kind in counts.columns
        ]  # fmt: skip
        out += [
            result_row(SERVICE_INDICATOR, "service_type", kind, counts[kind].sum(), n_points,
                       "total")
            for kind in counts.columns
        ]  # fmt: skip
        out += [
            result_row(SERVICE_INDICATOR, "admin1", area, counts.loc[area].sum(), n_points,
                       "total")
            for area in counts.index
        ]  # fmt: skip
        return rows_frame(out, country, period)

    return DescriptiveTable(
        counts.reset_index(),
        title="Open service points by admin1 unit and type",
        notes=(f"{n_points} open service points of {len(services)} in the registry.",),
        rows=rows,
    )


def migrants_by_area(
    survey: pd.DataFrame,
    *,
    country: str | None = None,
    period: str | None = None,
    group: str = "migrant",
) -> DescriptiveTable:
    """Weighted share of the surveyed households of ``group`` living in each admin1 unit.

    Parameters
    ----------
    survey : pandas.DataFrame
        Curated ``integration_survey`` rows.
    country, period : str, optional
        Taken from the data's ``country`` and ``period`` columns when not given.
    group : str
        The population group (``migrant`` or ``host``).

    Returns
    -------
    DescriptiveTable
        Design-based shares (the contract's design), published as ``prop_migrants_admin1``
        by admin1 with the unweighted numerator. The input frame is not modified.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("integration_survey", "ABW", "2023-12", scale=0.3)
    >>> shares = migrants_by_area(survey, country="ABW", period="2023-12")
    >>> round(float(shares.to_frame()["estimate"].sum()), 6)
    1.0
    """
    require_columns(survey, ["group", "admin1"], "integration_survey")
    in_domain = survey["group"].astype(str) == group
    table, view = _area_shares(
        survey, "admin1", in_domain, MIGRANT_AREA_INDICATOR, country=country, period=period
    )
    return DescriptiveTable(
        table,
        title=f"Where surveyed {group} households live (weighted share by admin1)",
        view=view,
        rows=lambda country, period: table.assign(country=country, period=period),
    )


def workers_by_area(
    survey: pd.DataFrame,
    *,
    country: str | None = None,
    period: str | None = None,
    group: str = "migrant",
) -> DescriptiveTable:
    """Weighted share of the employed respondents of ``group`` working in each admin1 unit.

    The domain is the respondents of ``group`` with a place of work (``work_admin1``: the
    employed who answered); the shares are estimated on that domain of the full design, so
    their standard errors count the domain's random size. Data without the question (an
    older questionnaire: no ``work_admin1`` column, or no answer in it) give an empty table
    with no rows to publish.

    Parameters
    ----------
    survey : pandas.DataFrame
        Curated ``integration_survey`` rows.
    country, period : str, optional
        Taken from the data's ``country`` and ``period`` columns when not given.
    group : str
        The population group (``migrant`` or ``host``).

    Returns
    -------
    DescriptiveTable
        Design-based shares published as ``prop_migrant_workers_admin1`` by admin1 with the
        unweighted numerator. The input frame is not modified.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("integration_survey", "ABW", "2023-12", scale=0.3)
    >>> shares = workers_by_area(survey, country="ABW", period="2023-12")
    >>> round(float(shares.to_frame()["estimate"].sum()), 6)
    1.0
    >>> len(workers_by_area(survey.drop(columns="work_admin1")).to_frame())
    0
    """
    require_columns(survey, ["group", "admin1"], "integration_survey")
    if WORK_AREA not in survey.columns or not survey[WORK_AREA].notna().any():
        empty = pd.DataFrame(columns=["admin1", "estimate", "ci_low", "ci_high", "n"])
        return DescriptiveTable(
            empty,
            title="Where employed respondents work: the question was not asked",
            rows=lambda country, period: rows_frame([], country, period),
        )
    in_domain = (survey["group"].astype(str) == group) & survey[WORK_AREA].notna()
    table, view = _area_shares(
        survey, WORK_AREA, in_domain, WORKER_AREA_INDICATOR, country=country, period=period
    )
    return DescriptiveTable(
        table,
        title=f"Where employed {group} respondents work (weighted share by admin1)",
        view=view,
        rows=lambda country, period: table.assign(country=country, period=period),
    )


def survey_areas(survey: pd.DataFrame) -> list[str]:
    """The admin1 units where surveyed households live or respondents work (the areas a
    table of service points shows even without any point).

    Parameters
    ----------
    survey : pandas.DataFrame
        Curated ``integration_survey`` rows (``work_admin1`` may be absent in older data).

    Returns
    -------
    list of str
        The units, sorted.

    Examples
    --------
    >>> import pandas as pd
    >>> survey = pd.DataFrame({"admin1": ["Meta", "Cesar"], "work_admin1": ["Meta", None]})
    >>> survey_areas(survey)
    ['Cesar', 'Meta']
    """
    columns = [c for c in ("admin1", WORK_AREA) if c in survey.columns]
    values = pd.concat([survey[c].dropna().astype(str) for c in columns], ignore_index=True)
    return sorted(set(values))


def _area_shares(
    survey: pd.DataFrame,
    column: str,
    in_domain: pd.Series,
    indicator: str,
    *,
    country: str | None,
    period: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published rows of the weighted share of the domain in each value of ``column`` (the
    engine's domain estimation on the full design) and the view a reader sees."""
    iso3 = resolve_country(survey, country)
    month = resolve_period(survey, period)
    inside = in_domain.to_numpy(dtype=bool)
    # Rows outside the domain keep a placeholder area: domain estimation needs every row.
    frame = survey.assign(
        _area=survey[column].astype(str).where(inside, "_outside"),
        _domain=pd.Series(inside, index=survey.index).map({True: "in", False: "out"}),
    )
    design = design_from_contract(frame, "integration_survey")
    estimates = estimate_proportion(["_area"], design, by=[("_domain",)], overall=False)
    table = to_results(estimates, statistic="prop", country=iso3, period=month)
    table = table[table["level"].astype(str) == "in"].reset_index(drop=True)
    engine = estimates.to_frame()
    chosen = engine["domain"].astype(str) == "_domain=in"
    area: list[str] = engine.loc[chosen, "level"].astype(str).tolist()
    if len(area) != len(table):  # the engine's rows, in its order: one per area
        raise AssertionError("the survey engine returned an unexpected layout")
    keep = [a != "_outside" for a in area]
    table = table[keep].reset_index(drop=True)
    area = [a for a in area if a != "_outside"]
    numerator = frame.loc[inside, "_area"].value_counts()
    table = table.assign(
        indicator=indicator,
        disaggregation="admin1",
        level=area,
        analysis_key=[join_key(indicator, "admin1", a) for a in area],
        unit="proportion",
        numerator=pd.array([int(numerator.get(a, 0)) for a in area], dtype="Int64"),
    )
    table = table.drop(columns=[c for c in ("variable", "category") if c in table.columns])
    view = table[["level", "estimate", "ci_low", "ci_high", "n"]].rename(
        columns={"level": "admin1"}
    )
    view = view.sort_values("estimate", ascending=False, kind="stable").reset_index(drop=True)
    return table, view
