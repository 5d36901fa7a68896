"""Small valid raw tables for the real `sites` and `wifi_sessions` contracts, and a writer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FIXTURE_CONTRACTS = Path(__file__).parent / "fixtures" / "contracts"
PERIOD = "2023-12"


def sites_frame(country: str = "COL", n: int = 3) -> pd.DataFrame:
    """Valid `sites` rows as text, the way a CSV export holds them."""
    names = ["Terminal de Transporte de Cúcuta", "Puente Rumichaca", "São Paulo Abrigo"]
    return pd.DataFrame(
        {
            "site_id": [f"{country}-S{i:03d}" for i in range(1, n + 1)],
            "site_name": [names[i % len(names)] for i in range(n)],
            "site_type": [["border", "terminal", "shelter"][i % 3] for i in range(n)],
            "admin1": [["Norte de Santander", "Nariño", "Bogotá"][i % 3] for i in range(n)],
            "latitude": [f"{4.5 + i / 10:.2f}" for i in range(n)],
            "longitude": [f"{-74.1 - i / 10:.2f}" for i in range(n)],
            "has_fmr": ["true"] * n,
            "has_fms": ["sí", "no", "1"][:n] + ["0"] * max(0, n - 3),
            "has_wifi": ["yes"] * n,
        }
    )


def sessions_frame(country: str = "COL", n: int = 4, sites: int = 3) -> pd.DataFrame:
    """Valid `wifi_sessions` rows as text, multiple choice in the space-separated layout."""
    pages = ["maps r4v_info", "", "messaging", "job_portal legal_aid other"]
    return pd.DataFrame(
        {
            "session_id": [f"{country}-W{i:06d}" for i in range(1, n + 1)],
            "device_id": [f"aa:bb:cc:00:{i // 256:02x}:{i % 256:02x}" for i in range(n)],
            "site_id": [f"{country}-S{1 + i % sites:03d}" for i in range(n)],
            "start_time": [f"2023-12-{1 + i % 28:02d}T10:{i % 60:02d}:00" for i in range(n)],
            "end_time": [f"2023-12-{1 + i % 28:02d}T11:{i % 60:02d}:00" for i in range(n)],
            "connection_type": [["express", "registered"][i % 2] for i in range(n)],
            "device_os": [["android", "ios", ""][i % 3] for i in range(n)],
            "data_mb": [f"{i * 1.5:.1f}" for i in range(n)],
            "pages_visited": [pages[i % len(pages)] for i in range(n)],
        }
    )


def write_raw(root: Path, dataset: str, country: str, frame: pd.DataFrame, **csv: object) -> Path:
    folder = root / "raw" / dataset / PERIOD
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{country}.csv"
    frame.to_csv(path, index=False, **csv)  # type: ignore[call-overload]
    return path
