"""Regional: the 17 response countries side by side for the regional study."""

from __future__ import annotations

from evidence.regional.overview import regional_overview

__all__ = ["regional_overview"]
