"""Who is on the move: profiles from the flow monitoring survey, in indicative mode.

The survey interviews adults who agree to answer at the monitoring points, a convenience
sample (data_contracts/flow_survey.yaml): every share here is a share of the people
interviewed, with its denominator n and the contract's caveat, no confidence interval.
Shares whose denominator is under the minimum count are withheld (evidence.disclosure).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from evidence.disclosure.columns import Unit
from evidence.errors import ContractError
from evidence.indicators import load_catalogue
from evidence.indicators.catalogue import Cut
from evidence.indicators.checks import require_columns
from evidence.indicators.datasets import sampling_caveat
from evidence.indicators.keys import TOTAL
from evidence.indicators.proportions import Disaggregation, indicative_proportions
from evidence.indicators.publish import measure_rows, publish
from evidence.indicators.small_counts import (
    DEFAULT_MIN_COUNT,
    mask_small_counts,
    publication_options,
)
from evidence.indicators.tables import DescriptiveTable
from evidence.indicators.views import shares_by_domain

DATASET = "flow_survey"
ROUTE_VARIABLES: tuple[str, ...] = (
    "direction",
    "nationality",
    "group_type",
    "travelling_with_children",
    "intention",
    "intended_destination",
    "reason_for_leaving",
    "transport",
    "document_type",
    "regular_status",
)
# Days on the route, in bands readers use for the length of a journey.
DAYS_BANDS: tuple[str, ...] = ("0_7", "8_30", "31_90", "91_365", "366_plus")
_DAYS_EDGES = (0, 8, 31, 91, 366, np.inf)


@cache
def age_cut() -> Cut:
    """The age groups of the flow survey as the indicator catalogue declares them (derived
    variable ``age_group``), so that profiles and published indicators share their bins."""
    for variable in load_catalogue().derived:
        if variable.name == "age_group" and variable.dataset == DATASET and variable.cut:
            return variable.cut
    raise ContractError(
        "data_contracts/indicators.yaml declares no derived 'age_group' cut for flow_survey "
        "(rule: derived variables); declare it there"
    )


def age_groups() -> tuple[str, ...]:
    """Age group codes, youngest first (``18_24`` ... ``60_plus``).

    The bins declared once in data_contracts/indicators.yaml (derived variable
    ``age_group`` of flow_survey), shared by the profiles and the published indicators.

    Returns
    -------
    tuple of str

    Raises
    ------
    ContractError
        When the indicator catalogue declares no ``age_group`` cut for flow_survey.

    Examples
    --------
    >>> age_groups()
    ('18_24', '25_34', '35_49', '50_59', '60_plus')
    """
    return age_cut().labels


def age_group(age: pd.Series) -> pd.Series:
    """Age group codes of ``age`` as a Categorical (missing below the first break).

    Parameters
    ----------
    age : pandas.Series
        Ages in completed years (numbers or numeric strings).

    Returns
    -------
    pandas.Series
        Categorical named ``age_group`` with the categories of ``age_groups()``, on the
        index of ``age``; each bin includes its lower break (an age of 25 is ``25_34``).

    Raises
    ------
    ContractError
        When the indicator catalogue declares no ``age_group`` cut for flow_survey.

    Examples
    --------
    >>> import pandas as pd
    >>> age_group(pd.Series([17, 18, 25, 34, 65])).tolist()
    [nan, '18_24', '25_34', '25_34', '60_plus']
    """
    cut = age_cut()
    values = pd.to_numeric(age).astype(float)
    return pd.Series(
        pd.cut(values, bins=[*cut.breaks, np.inf], right=False, labels=list(cut.labels)),
        index=age.index,
        name="age_group",
    )


def days_band(days: pd.Series) -> pd.Series:
    """Bands of days on the route (``0_7`` ... ``366_plus``) as a Categorical."""
    values = pd.to_numeric(days).astype(float)
    return pd.Series(
        pd.cut(values, bins=list(_DAYS_EDGES), right=False, labels=list(DAYS_BANDS)),
        index=days.index,
        name="days_band",
    )


def sex_age_profile(
    survey: pd.DataFrame, *, min_count: int = DEFAULT_MIN_COUNT
) -> DescriptiveTable:
    """Respondents by sex and age group (the population pyramid of the interviewed):
    count and share of all respondents, every sex × age group cell listed.

    Parameters
    ----------
    survey : pandas.DataFrame
        Rows of flow_survey (sex, age).
    min_count : int
        Cells with fewer respondents are withheld.

    Returns
    -------
    DescriptiveTable
        sex, age_group, count, share, suppressed; with the survey's sampling caveat.

    Raises
    ------
    ContractError
        When ``sex`` or ``age`` is missing.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> table = sex_age_profile(survey, min_count=0).to_frame()
    >>> len(table), int(table["count"].sum()) == len(survey)  # 2 sexes x 5 age groups
    (10, True)
    >>> list(table.columns)
    ['sex', 'age_group', 'count', 'share', 'suppressed']
    """
    require_columns(survey, ["sex", "age"], DATASET)
    frame = pd.DataFrame(
        {"sex": survey["sex"].astype("string"), "age_group": age_group(survey["age"])}
    )
    sexes = sorted(frame["sex"].dropna().unique())
    grid = pd.MultiIndex.from_product([sexes, age_groups()], names=["sex", "age_group"])
    counts = frame.groupby(["sex", "age_group"], observed=False).size().reindex(grid, fill_value=0)
    table = counts.rename("count").reset_index()
    total = int(table["count"].sum())
    table["share"] = table["count"] / total if total else np.nan
    return DescriptiveTable(
        mask_small_counts(table, ["count"], min_count, ["share"]),
        title="Respondents by sex and age group",
        caveat=sampling_caveat(DATASET),
        notes=(f"{total} respondents with sex and age recorded.",),
    )


def route_profile(
    survey: pd.DataFrame,
    *,
    variables: Sequence[str] = ROUTE_VARIABLES,
    by: Disaggregation | Sequence[Disaggregation] | None = "sex",
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Shares of respondents in each answer of the profile and route questions (group type,
    children, intentions, destinations, transport, documents, status), overall and by
    ``by``: the long results table of evidence.descriptive.indicative_proportions after
    disclosure control.

    Indicative shares: the flow survey is a convenience sample, so each share is of the
    people interviewed, with its n and no confidence interval.

    Parameters
    ----------
    survey : pandas.DataFrame
        Rows of flow_survey.
    variables : sequence of str
        The questions (default ``ROUTE_VARIABLES``).
    by : str or sequence, optional
        Disaggregation(s) besides the total (default sex; None: total only).
    country, period : str, optional
        Keys of the rows (default: the ``country`` and ``period`` columns).
    min_count : int
        Shares with a smaller denominator are withheld.

    Returns
    -------
    DescriptiveTable
        Long results rows (indicator ``prop_<variable>_<answer>``), with a view of shares
        by domain.

    Raises
    ------
    ContractError
        When a variable is missing.
    OptionError
        When ``country`` or ``period`` is neither given nor in the data.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> table = route_profile(survey, variables=("intention",), country="ABW",
    ...                       period="2023-12", min_count=0).to_frame()
    >>> sorted(table.loc[table["disaggregation"] == "total", "indicator"])
    ['prop_intention_return', 'prop_intention_stay', 'prop_intention_transit']
    >>> sorted(table["disaggregation"].unique())
    ['sex', 'total']
    """
    require_columns(survey, list(variables), DATASET)
    table = publish(
        indicative_proportions(survey, list(variables), by=by, country=country, period=period),
        publication_options(min_count),
    )
    return DescriptiveTable(
        table,
        title="Profile, route and intentions of the people interviewed",
        caveat=sampling_caveat(DATASET),
        view=shares_by_domain(table),
    )


def days_on_route(
    survey: pd.DataFrame,
    *,
    by: str | None = "sex",
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Days since leaving home: n, median, quartiles and the share in each band
    (0-7, 8-30, 31-90, 91-365, more than a year), overall and by ``by``. Groups with
    fewer than ``min_count`` answers are withheld.

    Parameters
    ----------
    survey : pandas.DataFrame
        Rows of flow_survey (days_on_route, and the ``by`` column).
    by : str, optional
        The column to disaggregate by (default sex; None: total only).
    min_count : int
        Groups with fewer answers have their numbers withheld.

    Returns
    -------
    DescriptiveTable
        disaggregation, level, n, median, q1, q3, share_0_7 ... share_366_plus,
        suppressed.

    Raises
    ------
    ContractError
        When ``days_on_route`` or the ``by`` column is missing.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> table = days_on_route(survey, min_count=0).to_frame()
    >>> table["level"].tolist()
    ['total', 'female', 'male']
    >>> int(table["n"].iloc[0]) == int(survey["days_on_route"].notna().sum())
    True
    >>> bool(days_on_route(survey, by=None, min_count=100).to_frame()["suppressed"].all())
    True
    """
    require_columns(survey, ["days_on_route", *([by] if by else [])], DATASET)
    days = pd.to_numeric(survey["days_on_route"]).astype(float)
    groups: list[tuple[str, str, pd.Series]] = [("total", "total", days)]
    if by:
        labels = survey[by].astype("string")
        for level in sorted(labels.dropna().unique()):
            groups.append((by, str(level), days[labels == level]))
    rows = []
    for disaggregation, level, values in groups:
        answered = values.dropna()
        bands = days_band(answered).value_counts(normalize=True).reindex(list(DAYS_BANDS))
        row: dict[str, object] = {
            "disaggregation": disaggregation,
            "level": level,
            "n": len(answered),
            "median": answered.median(),
            "q1": answered.quantile(0.25),
            "q3": answered.quantile(0.75),
        }
        row.update({f"share_{band}": bands[band] for band in DAYS_BANDS})
        rows.append(row)
    table = pd.DataFrame(rows)
    withheld = table["n"] < min_count
    estimates = [c for c in table.columns if c not in ("disaggregation", "level", "n")]
    table[estimates] = table[estimates].astype(float).mask(withheld, np.nan)
    full = pd.DataFrame(rows)

    def results_rows(country: str, period: str) -> pd.DataFrame:
        measures: dict[str, tuple[str, Unit]] = {
            "median": ("median_days_on_route", "quantile"),
            "q1": ("q1_days_on_route", "quantile"),
            "q3": ("q3_days_on_route", "quantile"),
        }
        measures.update(
            {f"share_{b}": (f"prop_days_on_route_{b}", "proportion") for b in DAYS_BANDS}
        )
        pieces = []
        for disaggregation, group in full.groupby("disaggregation", sort=False):
            group = group.copy()
            for band in DAYS_BANDS:
                group[f"count_{band}"] = (group[f"share_{band}"] * group["n"]).round()
            variables = () if disaggregation == TOTAL else (str(disaggregation),)
            if variables:
                group[variables[0]] = group["level"]
            rows = measure_rows(
                group,
                country=country,
                period=period,
                by=variables,
                n="n",
                measures=measures,
                numerators={f"share_{b}": f"count_{b}" for b in DAYS_BANDS},
            )
            pieces.append(rows.assign(flags="indicative", ci_method="none"))
        return pd.concat(pieces, ignore_index=True)

    table["suppressed"] = withheld
    return DescriptiveTable(
        table,
        title="Days on the route",
        caveat=sampling_caveat(DATASET),
        rows=results_rows,
    )
