"""Oaxaca-Blinder decomposition of a gap between two groups, through the survey design.

``oaxaca(data, outcome, group, covariates, design=, reference=, normalize=)`` splits the gap
``mean_a - mean_b`` (groups ``(a, b)``; by default the two levels of ``group`` in sorted
order) into the part explained by the covariates and the unexplained part (twofold), into
endowments, coefficients and interaction (threefold), and both term by term (detailed).

- ``reference``: the coefficients that count as non-discriminatory: those of group ``"a"`` or
  ``"b"``, a ``"pooled"`` regression of both groups with a group indicator (Jann 2008, Fortin
  2008; the default, statsmodels' "pooled"), the same without the indicator (``"neumark"``,
  which lets covariates found in one group only absorb the group difference), Cotton's mix
  weighted by group shares (``"cotton"``) or Reimers' half-half (``"reimers"``).
- ``normalize``: Yun's normalisation of categorical covariates (True: all of them, or a list),
  so the detailed unexplained part does not depend on the omitted level.
- ``model="logistic"``: Yun's nonlinear decomposition of a binary outcome (employment).
- Standard errors: the design's. Linearisation by the delta method (influence of every input,
  chained through the Jacobian of the algebra), or every input refitted in every replicate of
  a replicate design. Without a design the rows are an unweighted simple random sample.

Rows missing the outcome, the group or a covariate are dropped and counted; samples below the
rules of :mod:`samples` raise :class:`~evidence.errors.SampleSizeError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from evidence.errors import ContractError, EstimationError
from evidence.integration.models.covariates import (
    Expansion,
    covariate_matrix,
    expansion,
    is_categorical,
)
from evidence.integration.models.decomposition import (
    Layout,
    decompose,
    jacobian,
    outputs,
)
from evidence.integration.models.design_variance import (
    check_design,
    linearised_variances,
    replicate_domain_df,
)
from evidence.integration.models.glm import Domain, check_alignment, domain_mask
from evidence.integration.models.oaxaca_fit import (
    REFERENCES,
    Reference,
    decomposition_inputs,
    linear_inputs_from_totals,
    unit_cross_products,
)
from evidence.integration.models.oaxaca_results import OaxacaResults
from evidence.integration.models.samples import sample_adequacy
from evidence.options import check_option
from evidence.survey.design import SurveyDesign
from evidence.survey.replicate import ReplicateDesign
from evidence.survey.replicate_estimation import replicate_variance

OutcomeModel = Literal["linear", "logistic"]


def oaxaca(
    data: pd.DataFrame,
    outcome: str,
    group: str,
    covariates: Sequence[str],
    *,
    design: SurveyDesign | ReplicateDesign | None = None,
    reference: Reference = "pooled",
    normalize: bool | Sequence[str] = True,
    model: OutcomeModel = "linear",
    groups: tuple[object, object] | None = None,
    omitted: Mapping[str, object] | None = None,
    domain: Domain = None,
) -> OaxacaResults:
    """Twofold, threefold and detailed decomposition of the gap in ``outcome``.

    The Blinder-Oaxaca decomposition as R's ``oaxaca::oaxaca`` and Stata's ``oaxaca``
    (Jann 2008), through the survey design (see the module docstring for ``reference``,
    ``normalize`` and the standard errors).

    Parameters
    ----------
    data : pandas.DataFrame
        The design's frame. Not modified.
    outcome : str
        Numeric (or binary, with ``model="logistic"``) outcome column.
    group : str
        Column with the two groups.
    covariates : sequence of str
        Explanatory columns; text columns are expanded to indicators.
    design : SurveyDesign or ReplicateDesign, optional
        Default: an unweighted simple random sample.
    reference : {"pooled", "neumark", "a", "b", "cotton", "reimers"}, default "pooled"
    normalize : bool or sequence of str, default True
        Yun's normalisation of categorical covariates.
    model : {"linear", "logistic"}, default "linear"
    groups : tuple, optional
        ``(a, b)``: the gap is ``mean_a - mean_b`` (default: sorted levels).
    omitted : mapping, optional
        Reference level of categorical covariates.
    domain : optional
        Decompose within a domain, as in :func:`fit_glm`.

    Returns
    -------
    OaxacaResults
        ``to_frame()``: ``part`` (gap, explained, unexplained, endowments, coefficients,
        interaction, ...), ``by`` (summary or term), ``term``, ``estimate``, ``se``, ``ci_low``,
        ``ci_high``, ``df``.

    Raises
    ------
    ContractError
        A column missing, or the group or outcome among the covariates.
    SampleSizeError
        A group or covariate cell too small (the message says which; merge categories).

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import oaxaca
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    >>> result = oaxaca(data, "monthly_income", "group", ["sex", "age"], design=design)
    >>> parts = result.to_frame().set_index("part")["estimate"]
    >>> round(float(parts["gap"]), 2)
    92.96
    >>> bool(abs(parts["gap"] - parts["explained"].iloc[0] - parts["unexplained"].iloc[0]) < 1e-9)
    True
    """
    check_option("reference", reference, REFERENCES)
    check_option("model", model, ("linear", "logistic"))
    if design is None:
        design = SurveyDesign(data, weight_values=np.ones(len(data)))
    design = check_design(design)
    check_alignment(data, design)
    missing = [c for c in (outcome, group, *covariates) if c not in data.columns]
    if missing:
        raise ContractError(
            f"column(s) {missing} are not in the data; columns are: "
            f"{', '.join(map(str, data.columns))}"
        )
    if group in covariates or outcome in covariates:
        raise ContractError("the group and the outcome cannot also be covariates")
    mask = domain_mask(data, domain)
    in_domain = np.ones(len(data), dtype=bool) if mask is None else mask
    labels = _groups(data[group], in_domain, groups)
    columns = [outcome, group, *covariates]
    absent = data[columns].isna().to_numpy()
    in_groups = data[group].astype(str).isin([str(g) for g in labels]).to_numpy()
    rows = np.flatnonzero(in_domain & in_groups & ~absent.any(axis=1))
    scope = in_domain & (in_groups | absent[:, 1])
    dropped = {c: int(absent[scope, j].sum()) for j, c in enumerate(columns)}
    n_dropped = int(scope.sum() - rows.size)
    frame = data.iloc[rows]
    y = pd.to_numeric(
        frame[outcome].astype("Float64") if pd.api.types.is_bool_dtype(frame[outcome].dtype)
        else frame[outcome]
    ).to_numpy(dtype=float)  # fmt: skip
    if model == "logistic" and np.any((y != 0) & (y != 1)):
        raise EstimationError(f"model='logistic' needs a 0/1 outcome; {outcome!r} is not")
    in_a = (frame[group].astype(str) == str(labels[0])).to_numpy()
    matrix = covariate_matrix(frame, covariates, omitted)
    cells: dict[str, dict[str, int]] = {}
    for label, member in ((labels[0], in_a), (labels[1], ~in_a)):
        cells[f"group {str(label)!r}"] = {
            f"{v}={lv}": int(n)
            for v in covariates
            if is_categorical(frame[v])
            for lv, n in frame.loc[member, v].astype(str).value_counts().items()
        }
        for v in covariates:
            if is_categorical(frame[v]):
                for lv in set(frame[v].astype(str)) - set(frame.loc[member, v].astype(str)):
                    cells[f"group {str(label)!r}"][f"{v}={lv}"] = 0
    sample_adequacy(
        {
            f"group {str(labels[0])!r}": int(in_a.sum()),
            f"group {str(labels[1])!r}": int((~in_a).sum()),
        },
        len(matrix.names),
        cells,
    ).raise_if_too_small()
    expand = expansion(matrix, normalize)
    layout = Layout(len(matrix.names), model == "logistic")
    w_all = design.weights if isinstance(design, ReplicateDesign) else design.structure.weights
    w = np.asarray(w_all, dtype=float)[rows]
    str_labels = (str(labels[0]), str(labels[1]))
    linearise = isinstance(design, SurveyDesign)
    theta, influence, fitted = decomposition_inputs(
        matrix.X, y, in_a, w, reference, model == "logistic", matrix.names,
        influence=linearise, labels=str_labels,
    )  # fmt: skip
    estimate = decompose(theta, layout, expand).real
    if isinstance(design, SurveyDesign):
        assert influence is not None
        scores = influence @ jacobian(theta, layout, expand).T
        variance, df = linearised_variances(design, rows, scores)
        method = "linearisation (delta method)"
    else:
        thetas = replicate_estimates(
            matrix.X, y, in_a, w, design, rows, reference, model, matrix.names, fitted,
            str_labels, layout, expand,
        )  # fmt: skip
        variance = replicate_variance(thetas, estimate, design)
        df = replicate_domain_df(design, rows)
        method = f"replicate ({design.type}, {design.replicates} replicates)"
    notes = [
        f"{name} is 0 in every row of group {label!r}: no coefficient there (taken as 0)"
        for label, member in ((labels[0], in_a), (labels[1], ~in_a))
        for j, name in enumerate(matrix.names)
        if not np.any(matrix.X[member, j])
    ]
    if n_dropped:
        detail = ", ".join(f"{c}: {k}" for c, k in dropped.items() if k)
        notes.append(f"{n_dropped} rows dropped for missing values ({detail})")
    return OaxacaResults(
        outcome=outcome,
        group=group,
        groups=str_labels,
        covariates=tuple(covariates),
        reference=reference,
        model=model,
        normalized=tuple(
            c.variable
            for c in matrix.categoricals
            if normalize is True or c.variable in (normalize or ())
        ),
        components=tuple(outputs(expand).names),
        estimate=estimate,
        se=np.sqrt(variance),
        df=int(df),
        n=(int(in_a.sum()), int((~in_a).sum())),
        n_weighted=(float(w[in_a].sum()), float(w[~in_a].sum())),
        n_dropped=n_dropped,
        variance_method=method,
        notes=tuple(notes),
    )


def replicate_estimates(
    X: np.ndarray,
    y: np.ndarray,
    in_a: np.ndarray,
    w: np.ndarray,
    design: ReplicateDesign,
    rows: np.ndarray,
    reference: Reference,
    model: OutcomeModel,
    names: tuple[str, ...],
    fitted: tuple[np.ndarray, ...],
    labels: tuple[str, str],
    layout: Layout,
    expand: Expansion,
) -> np.ndarray:
    """(R, components): every input refitted with every replicate's weights.

    The linear model's inputs depend on the data only through each group's totals of
    w x x' and w x y, so these are summed once per replicate unit and each replicate's totals
    are one product with the factor matrix; the logistic model is refitted row by row."""
    unit = design.unit[rows]
    out = []
    if model == "linear":
        n_units = design.factors.shape[0]
        keep = [np.flatnonzero(np.any(X[member] != 0, axis=0)) for member in (in_a, ~in_a)]
        per_unit = [
            unit_cross_products(X[member], y[member], w[member], unit[member], n_units)
            for member in (in_a, ~in_a)
        ]
        totals = [design.factors.T @ block for block in per_unit]
        for r in range(design.replicates):
            theta_r = linear_inputs_from_totals(totals[0][r], totals[1][r], reference, *keep)
            out.append(decompose(theta_r, layout, expand).real)
        return np.array(out)
    for r in range(design.replicates):
        theta_r, _, _ = decomposition_inputs(
            X, y, in_a, w * design.factors[unit, r], reference, True, names,
            starts=fitted, labels=labels,
        )  # fmt: skip
        out.append(decompose(theta_r, layout, expand).real)
    return np.array(out)


def _groups(
    column: pd.Series, in_domain: np.ndarray, groups: tuple[object, object] | None
) -> tuple[object, object]:
    levels = sorted(column[in_domain].dropna().astype(str).unique())
    if groups is None:
        if len(levels) != 2:
            raise ContractError(
                f"group column {column.name!r} has {len(levels)} levels {levels}; pass "
                "groups=(a, b) to choose the two compared"
            )
        return levels[0], levels[1]
    if len(groups) != 2 or str(groups[0]) == str(groups[1]):
        raise ContractError(f"groups={groups!r} must name two different groups")
    absent = [g for g in groups if str(g) not in levels]
    if absent:
        raise ContractError(f"group(s) {absent} do not occur in column {column.name!r}")
    return groups[0], groups[1]
