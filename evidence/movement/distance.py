"""Great-circle distance on the sphere (haversine), the one distance the studies use.

Coordinates are decimal degrees (WGS 84, as the contracts declare them); the Earth is taken
as a sphere of the IUGG mean radius, 6371.0088 km, which is within 0.5 % of the ellipsoidal
distance anywhere: enough to say which service point is nearest a monitoring point.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088

Degrees = float | npt.ArrayLike


def haversine_km(
    lat1: Degrees, lon1: Degrees, lat2: Degrees, lon2: Degrees
) -> npt.NDArray[np.float64]:
    """Great-circle distance in km between points (arrays broadcast against each other)."""
    phi1, phi2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dphi = phi2 - phi1
    dlam = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2) ** 2
    # min(1, ·): rounding can push a a hair above 1 for antipodal points.
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a))), dtype=float)
