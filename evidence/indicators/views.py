"""Readable layouts of long results tables, for display next to the table itself.

A long table has one row per variable × category × domain; readers want one row per answer
and one column per domain (total, female, male). ``shares_by_domain`` builds that, with the
denominator of each domain in its own ``n (<domain>)`` column; withheld cells stay empty.
"""

from __future__ import annotations

import pandas as pd


def shares_by_domain(
    table: pd.DataFrame, value: str = "estimate", drop_empty: bool = True, sort: bool = False
) -> pd.DataFrame:
    """variable, category, one column per domain level with ``value``, then the n of each.

    Levels keep the order in which they first appear in the table (total first).
    ``drop_empty`` leaves out the answers nobody gave (a share of exactly 0 overall), which
    long codelists such as destination countries are full of. ``sort`` orders the answers
    of each variable from the largest to the smallest overall value.
    """
    frame = table.copy()
    frame["category"] = frame["category"].astype(object).where(frame["category"].notna(), "")
    pairs = frame[["disaggregation", "level"]].drop_duplicates()
    ambiguous = set(pairs["level"][pairs["level"].duplicated()])
    frame["domain"] = [
        f"{d}={lv}" if lv in ambiguous else str(lv)
        for d, lv in zip(frame["disaggregation"], frame["level"], strict=True)
    ]
    domains = list(dict.fromkeys(frame["domain"]))
    keys = list(dict.fromkeys(zip(frame["variable"], frame["category"], strict=True)))
    wide = frame.pivot_table(
        index=["variable", "category"],
        columns="domain",
        values=value,
        aggfunc="first",
        dropna=False,
    )
    n = frame.groupby(["variable", "domain"], sort=False)["n"].max().unstack("domain")
    n = n.reindex(columns=domains)  # a domain whose n are all missing still gets its column
    out = wide.reindex(pd.MultiIndex.from_tuples(keys, names=["variable", "category"]))
    out = out.reindex(columns=domains).reset_index()
    if drop_empty and domains:
        out = out[~(out[domains[0]] == 0)].reset_index(drop=True)
    if sort and domains:
        rank = out.groupby("variable", sort=False).ngroup()
        out = (
            out.assign(_rank=rank, _value=out[domains[0]].fillna(-1))
            .sort_values(["_rank", "_value"], ascending=[True, False], kind="stable")
            .drop(columns=["_rank", "_value"])
            .reset_index(drop=True)
        )
    out.columns.name = None
    for domain in domains:
        out[f"n ({domain})"] = out["variable"].map(n[domain]).astype("Int64")
    return out
