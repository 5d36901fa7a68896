"""The links of an HTML page (the index pages' tests check that each resolves)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value for name, value in attrs if tag == "a" and name == "href" and value]


def index_links(page: str) -> list[str]:
    """Every ``<a href>`` of ``page``, in order."""
    parser = _Links()
    parser.feed(page)
    return parser.hrefs
