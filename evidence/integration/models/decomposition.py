"""The algebra of the Oaxaca-Blinder decomposition, as one function of its inputs.

Inputs ``theta`` (a vector, real or complex) hold the group coefficients beta_a, beta_b, the
reference coefficients beta* (of a group, pooled, Cotton's or Reimers' mix), the covariate
means of each group, the outcome means and, for the logistic variant, the mean predicted
probabilities P_g(beta) = mean over group g of F(x beta). The gap is mean_a - mean_b.

Linear (Jann 2008): explained (X_a - X_b)' b*, unexplained X_a'(b_a - b*) + X_b'(b* - b_b);
threefold endowments (X_a - X_b)' b_b, coefficients X_b'(b_a - b_b), interaction
(X_a - X_b)'(b_a - b_b); the detail of each part is the same sum term by term.

Logistic (Yun 2004): explained P_a(b*) - P_b(b*), unexplained
P_a(b_a) - P_a(b*) + P_b(b*) - P_b(b_b); each part is shared among terms in proportion to
the linear part's terms. Threefold: endowments P_a(b_b) - P_b(b_b), coefficients
P_b(b_a) - P_b(b_b), interaction the rest of the gap, each detailed the same way.

Because the function is analytic, its Jacobian comes by the complex step
(Im f(theta + i h e_k) / h, exact to rounding) for the delta method.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evidence.integration.models.covariates import Expansion

ORDER = ("beta_a", "beta_b", "beta_ref", "xbar_a", "xbar_b", "ybar", "prob")
PROBABILITIES = ("a_at_a", "a_at_ref", "b_at_ref", "b_at_b", "a_at_b", "b_at_a")
DETAILED_PARTS = ("explained", "unexplained", "endowments", "coefficients", "interaction")
SUMMARY_PARTS = (
    "mean_a", "mean_b", "gap", "explained", "unexplained", "share_explained",
    "endowments", "coefficients", "interaction",
)  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """Where each input sits in ``theta``; p reduced columns."""

    p: int
    logistic: bool

    @property
    def size(self) -> int:
        return 5 * self.p + 2 + (len(PROBABILITIES) if self.logistic else 0)

    def split(self, theta: np.ndarray) -> dict[str, np.ndarray]:
        p = self.p
        names = ["beta_a", "beta_b", "beta_ref", "xbar_a", "xbar_b"]
        out = {name: theta[i * p : (i + 1) * p] for i, name in enumerate(names)}
        out["ybar"] = theta[5 * p : 5 * p + 2]
        out["prob"] = theta[5 * p + 2 :]
        return out

    def pack(self, **parts: np.ndarray) -> np.ndarray:
        return np.concatenate([np.atleast_1d(parts[k]) for k in ORDER if k in parts])

    def pack_columns(self, parts: dict[str, np.ndarray]) -> np.ndarray:
        """Influence blocks (m, len(part)) side by side in the order of ``theta``."""
        blocks = [parts[k] for k in ORDER if k in parts]
        return np.column_stack([b if b.ndim == 2 else b[:, None] for b in blocks])


@dataclass(frozen=True)
class Outputs:
    """Names of the components ``decompose`` returns, in order."""

    terms: tuple[str, ...]
    variables: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [
            *SUMMARY_PARTS,
            *(f"{part}|term|{t}" for part in DETAILED_PARTS for t in self.terms),
            *(f"{part}|variable|{v}" for part in DETAILED_PARTS for v in self.variables),
        ]


def outputs(expansion: Expansion) -> Outputs:
    return Outputs(expansion.names, tuple(dict.fromkeys(expansion.variables)))


def decompose(theta: np.ndarray, layout: Layout, expansion: Expansion) -> np.ndarray:
    """Every component (see ``Outputs.names``) from ``theta``."""
    t = layout.split(theta)
    ba, bb, br = (expansion.coefficients(t[k]) for k in ("beta_a", "beta_b", "beta_ref"))
    xa, xb = expansion.means(t["xbar_a"]), expansion.means(t["xbar_b"])
    mean_a, mean_b = t["ybar"][0], t["ybar"][1]
    gap = mean_a - mean_b
    explained_terms = (xa - xb) * br
    unexplained_terms = xa * (ba - br) + xb * (br - bb)
    endowment_terms = (xa - xb) * bb
    coefficient_terms = xb * (ba - bb)
    interaction_terms = (xa - xb) * (ba - bb)
    if layout.logistic:
        prob = dict(zip(PROBABILITIES, t["prob"], strict=True))
        explained = prob["a_at_ref"] - prob["b_at_ref"]
        unexplained = prob["a_at_a"] - prob["a_at_ref"] + prob["b_at_ref"] - prob["b_at_b"]
        explained_terms = explained * explained_terms / explained_terms.sum()
        unexplained_terms = unexplained * unexplained_terms / unexplained_terms.sum()
        endowments = prob["a_at_b"] - prob["b_at_b"]
        coefficients = prob["b_at_a"] - prob["b_at_b"]
        interaction = gap - endowments - coefficients
        # Yun's weights again: each threefold part shared in proportion to its linear terms.
        endowment_terms = endowments * endowment_terms / endowment_terms.sum()
        coefficient_terms = coefficients * coefficient_terms / coefficient_terms.sum()
        interaction_terms = interaction * interaction_terms / interaction_terms.sum()
    else:
        explained = explained_terms.sum()
        unexplained = unexplained_terms.sum()
        endowments = endowment_terms.sum()
        coefficients = coefficient_terms.sum()
        interaction = interaction_terms.sum()
    variables = list(dict.fromkeys(expansion.variables))
    member = np.array([[v == u for u in expansion.variables] for v in variables], dtype=float)
    summary = [
        mean_a, mean_b, gap, explained, unexplained, explained / gap,
        endowments, coefficients, interaction,
    ]  # fmt: skip
    detail = [explained_terms, unexplained_terms, endowment_terms, coefficient_terms,
              interaction_terms]  # fmt: skip
    return np.concatenate(
        [np.array(summary, dtype=theta.dtype), *detail, *(member @ terms for terms in detail)]
    )


def jacobian(theta: np.ndarray, layout: Layout, expansion: Expansion) -> np.ndarray:
    """d decompose / d theta by the complex step, (components, inputs)."""
    h = 1e-30
    columns = []
    for k in range(theta.size):
        step = theta.astype(complex)
        step[k] += 1j * h
        columns.append(decompose(step, layout, expansion).imag / h)
    return np.column_stack(columns)
