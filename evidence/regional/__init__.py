"""Regional: the 17 response countries side by side for the regional study."""

from __future__ import annotations

from evidence.regional.overview import (
    display_share_columns,
    overview_for_display,
    regional_overview,
)

__all__ = ["display_share_columns", "overview_for_display", "regional_overview"]
