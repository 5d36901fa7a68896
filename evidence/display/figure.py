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
    """A PNG image with its caption.

    What a study shows for a figure: JupyterLab displays the image with its caption, and the
    runner finds the caption in the output's metadata (``evidence.caption``) to build a
    numbered figure in HTML and PDF. Made by :func:`study_figure` (or ``Study.figure``).

    Parameters
    ----------
    png : bytes
        The image, PNG-encoded.
    caption : str
        The caption, plain text (escaped where it is shown as HTML).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from evidence.display import StudyFigure, study_figure
    >>> figure = Figure(figsize=(2, 1))
    >>> _ = figure.add_subplot().plot([1, 3, 2])
    >>> shown = study_figure(figure, "Arrivals <by> day", dpi=50)
    >>> isinstance(shown, StudyFigure), shown.png[:4] == b"\\x89PNG"
    (True, True)
    >>> data, metadata = shown._repr_mimebundle_()
    >>> sorted(data), metadata
    (['image/png', 'text/html', 'text/plain'], {'evidence': {'caption': 'Arrivals <by> day'}})
    >>> "<figcaption>Arrivals &lt;by&gt; day</figcaption>" in shown._repr_html_()
    True
    """

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
    """Render ``figure`` to PNG at ``dpi`` and close it (it is shown once, captioned).

    Closing the figure keeps the inline backend from showing it a second time, uncaptioned.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure to render (closed afterwards).
    caption : str
        Its caption, plain text.
    dpi : int, default 110
        Resolution of the PNG (a study passes its ``figure_dpi`` parameter).

    Returns
    -------
    StudyFigure
        The PNG and its caption.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from evidence.display import study_figure
    >>> figure = Figure(figsize=(2, 1))
    >>> _ = figure.add_subplot().bar(["A", "B"], [3, 5])
    >>> shown = study_figure(figure, "People by site", dpi=50)
    >>> shown.caption, shown.png.startswith(b"\\x89PNG")
    ('People by site', True)
    """
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return StudyFigure(png=buffer.getvalue(), caption=caption)
