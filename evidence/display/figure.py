"""Figures for studies: a captioned PNG that shows in JupyterLab and in HTML and PDF.

``study_figure`` renders a Matplotlib figure to PNG once and closes it, so the inline backend
does not show it a second time. The caption travels in the output's metadata
(``evidence.caption``), where the renderer finds it to build a numbered figure; JupyterLab
shows the ``text/html`` view, the image with its caption.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure


@dataclass(frozen=True)
class StudyFigure:
    """A PNG image with its caption."""

    png: bytes
    caption: str

    def _encoded(self) -> str:
        return base64.b64encode(self.png).decode("ascii")

    def _repr_html_(self) -> str:
        return (
            f'<figure><img src="data:image/png;base64,{self._encoded()}" '
            f'alt="{html.escape(self.caption)}"/>'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        data = {
            "image/png": self._encoded(),
            "text/html": self._repr_html_(),
            "text/plain": self.caption,
        }
        return data, {"evidence": {"caption": self.caption}}


def study_figure(figure: Figure, caption: str, dpi: int = 110) -> StudyFigure:
    """Render ``figure`` to PNG at ``dpi`` and close it (it is shown once, captioned)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return StudyFigure(png=buffer.getvalue(), caption=caption)
