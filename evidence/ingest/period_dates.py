"""Rows dated outside their file's period are quarantined, not counted in the period's studies.

A raw file lives in data/raw/<dataset>/<period>/, so every row of it is about that calendar
month. The row's date is its contract's first date or datetime field (flow_counts.date,
flow_survey.interview_date, integration_survey.interview_date, portal_forms.submitted_at,
wifi_sessions.start_time). It must fall inside the month: no tolerance, because the studies
count days and flows per day of the month (an interview made on 2 January belongs to January's
file). Later timestamps of the same row (wifi_sessions.end_time) may run past midnight of the
last day by up to `SPILL_OVER` (a session that starts on 31 December and ends on 1 January),
never before the first day.
"""

from __future__ import annotations

import pandas as pd

from evidence.contracts import Contract
from evidence.contracts.report import concat_failures, failure_rows
from evidence.periods import period_bounds

SPILL_OVER = pd.Timedelta(days=1)
RULE = "outside_period"


def period_failures(frame: pd.DataFrame, contract: Contract, period: str) -> pd.DataFrame:
    """`outside_period` failures of rows whose dates fall outside `period` (a typed frame)."""
    first_day, last_day = period_bounds(period)
    end = last_day + pd.Timedelta(days=1)  # exclusive: midnight after the last day
    dated = [f for f in contract.fields if f.type in ("date", "datetime") and f.name in frame]
    tables = []
    for position, field in enumerate(dated):
        limit = end if position == 0 else end + SPILL_OVER
        values = frame[field.name]
        outside = values.notna() & ((values < first_day) | (values >= limit))
        if not outside.any():
            continue
        allowed = f"{first_day:%Y-%m-%d} to {(limit - pd.Timedelta(days=1)):%Y-%m-%d}"
        role = "the row's date" if position == 0 else "a later time of the row"
        message = (
            f"{role} is outside the period {period} (allowed {allowed}); deliver the row in "
            "the file of its own month, or correct the date"
        )
        shown = values[outside].dt.strftime(
            "%Y-%m-%d %H:%M:%S" if field.type == "datetime" else "%Y-%m-%d"
        )
        tables.append(failure_rows(outside[outside].index, field.name, shown, RULE, message))
    return concat_failures(tables)
