"""The documentation site builder (docs/build_site.py): contract pages say what the YAML says,
and the link checker catches a broken link or image."""

from __future__ import annotations

from pathlib import Path

from docs.build_site import (
    build_contracts,
    build_home,
    build_tutorials,
    check_links,
    link_rendered_tutorials,
    page,
)
from evidence.contracts import list_contracts, load_contract


def test_contract_pages_cover_every_field_and_their_links_resolve(tmp_path: Path) -> None:
    names = build_contracts(tmp_path / "contracts")
    tutorials = build_tutorials(tmp_path / "tutorials", tmp_path / "none")
    build_home(tmp_path, names, tutorials)
    assert names == list(list_contracts())
    text = (tmp_path / "contracts" / "flow_survey.html").read_text()
    contract = load_contract("flow_survey")
    for field in contract.fields:
        assert f"<code>{field.name}</code>" in text
        if field.hxl:
            assert field.hxl in text
    assert "yes: hmac" in text or "yes: drop" in text  # its pii rules
    assert "one of" in text  # codelists
    # Links to the API and to other pages are relative; only the API part is missing here.
    broken = check_links(tmp_path)
    assert broken and all("api/evidence.html" in b for b in broken)


def test_check_links_finds_a_missing_page_and_image(tmp_path: Path) -> None:
    (tmp_path / "img.png").write_bytes(b"\x89PNG")
    (tmp_path / "ok.html").write_text('<a href="ok.html#top">x</a><img src="img.png">')
    (tmp_path / "bad.html").write_text(
        '<a href="https://example.org">x</a><a href="gone.html">y</a><img src="sub/none.png">'
    )
    assert check_links(tmp_path) == ["bad.html -> gone.html", "bad.html -> sub/none.png"]
    assert "../index.html" in page("t", "", depth=1)


def test_links_between_tutorials_point_at_their_pages() -> None:
    text = '<a href="02_survey.ipynb#design">next</a> <a href="other.ipynb">x</a>'
    assert link_rendered_tutorials(text, {"02_survey"}) == (
        '<a href="02_survey.html#design">next</a> <a href="other.ipynb">x</a>'
    )
