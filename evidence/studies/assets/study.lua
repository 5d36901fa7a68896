-- Pandoc Lua filter for the studies (HTML and Typst, pandoc or Quarto).
-- Tables that reach the document as raw HTML (a pandas repr) are parsed into real tables for
-- every format but HTML, so a PDF never silently drops them. In HTML each table sits in a
-- scrolling wrapper so a wide table never overflows the page.
function RawBlock(el)
  if el.format == "html" and not FORMAT:match("html") then
    return pandoc.read(el.text, "html").blocks
  end
  if el.format == "html" and el.text:match("<table") then
    return pandoc.Div({el}, pandoc.Attr("", {"table-wrap"}))
  end
  if el.format == "markdown" then
    return pandoc.read(el.text, "markdown").blocks
  end
end

-- Column widths from the pipe table's rule size Typst columns; a browser lays a table out
-- better by itself, so HTML tables drop them.
function Table(el)
  if FORMAT:match("html") then
    for i, spec in ipairs(el.colspecs) do
      el.colspecs[i] = {spec[1], nil}
    end
    return pandoc.Div({el}, pandoc.Attr("", {"table-wrap"}))
  end
end
