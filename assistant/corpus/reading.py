"""Read a published plan file of any supported type into plain text plus its tables.

``load_document(path)`` dispatches on the suffix: ``.txt``/``.md`` (UTF-8 text), ``.html``/``.htm``
(a saved government page: scripts, navigation, footers and share buttons dropped), ``.docx``
(paragraphs and tables in document order) and ``.pdf`` (the text layer). Radical forms that
PDF text layers produce are folded here; everything else is left to the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.corpus.text import fold_radicals, join_wrapped_lines

__all__ = ["SUFFIXES", "LoadedText", "UnreadableFile", "load_bytes", "load_document"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

Table = tuple[tuple[str, ...], ...]


class UnreadableFile(ValueError):
    """The file cannot be read at all (wrong encoding, binary, broken container); names the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class LoadedText:
    path: str
    kind: str  # txt | md | html | docx | pdf
    text: str  # paragraphs in order, one per line (tables that are not responsibility tables inlined)
    title: str | None = None  # the page's <title> or the document's core title, when it has one
    tables: tuple[Table, ...] = field(default_factory=tuple)  # every table, rows of cell texts
    page: tuple[str, ...] = ()  # a web page's own metadata, in order: <title>, site-name metas, header, footer
    address: str | None = None  # a saved web page's own address (canonical link, og:url, "saved from url")


def load_document(path: Path | str) -> LoadedText:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(path, f"unsupported file type {suffix!r} (supported: {', '.join(SUFFIXES)})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read: {exc.strerror}") from exc
    return load_bytes(path, data)


def load_bytes(name: Path | str, data: bytes) -> LoadedText:
    """Like load_document, for content already in memory (an upload); ``name`` gives the type and the messages."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(path, f"unsupported file type {suffix!r} (supported: {', '.join(SUFFIXES)})")
    reader = {".txt": _text, ".md": _text, ".html": _html, ".htm": _html, ".docx": _docx, ".pdf": _pdf}[suffix]
    loaded = reader(path, data)
    if not loaded.text.strip() and not loaded.tables:
        raise UnreadableFile(path, "no text in the file")
    return loaded


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadableFile(path, "binary data (NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, f"not UTF-8 text (byte {exc.start})") from exc


def _text(path: Path, data: bytes) -> LoadedText:
    text = fold_radicals(_decode(path, data))
    return LoadedText(str(path), path.suffix.lower().lstrip("."), text, tables=pipe_cell_tables(text))


_PIPE_BREAK = re.compile(r"^\s*\|+\s*$")  # "|" or "||||||": a row's border line
_PIPE_CELL = re.compile(r"^(.*\S)\s*\|\s*$")  # "cell text |": one cell on its own line


def pipe_cell_tables(text: str) -> tuple[Table, ...]:
    """Tables a copied web page flattened to one cell per line: each cell a line ending in " |", each row
    opened by a border line of pipes ("|", "||||"). A block of such lines with at least two rows of two or more
    cells is a table (rows of cell texts); a line without the closing pipe ends it (a cut cell is left out)."""
    tables: list[Table] = []
    rows: list[list[str]] = []

    def close() -> None:
        kept = tuple(tuple(r) for r in rows if r)
        if sum(1 for r in kept if len(r) >= 2) >= 2:
            tables.append(kept)
        rows.clear()

    for line in text.split("\n"):
        if _PIPE_BREAK.match(line):
            rows.append([])
        elif rows and (m := _PIPE_CELL.match(line)) and "|" not in m.group(1):
            rows[-1].append(m.group(1).strip())
        elif rows and not line.strip():
            continue
        elif rows:
            close()
    close()
    return tuple(tables)


# Page furniture: elements dropped whole, and class/id names that mark navigation, sharing, footers.
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "svg")
_FURNITURE = re.compile(r"nav|menu|breadcrumb|share|footer|copyright|toolbar|sidebar|related|comment", re.IGNORECASE)


def _html(path: Path, data: bytes) -> LoadedText:
    try:
        from bs4 import BeautifulSoup
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise UnreadableFile(path, "reading .html needs beautifulsoup4: pip install beautifulsoup4") from exc
    text = _decode(path, data)
    soup = BeautifulSoup(text, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    page = _page_metadata(soup, title)
    address = _page_address(soup, text)
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    for tag in list(soup.find_all(True)):
        if getattr(tag, "decomposed", False) or tag.attrs is None or tag.name in ("body", "html"):
            continue
        marks = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
        if marks.strip() and _FURNITURE.search(marks):
            tag.decompose()
    tables: list[Table] = []
    for table in soup.find_all("table"):
        rows = _spanned_rows(table)
        tables.append(tuple(r for r in rows if any(r)))
        table.replace_with(soup.new_string("\n"))
    body = soup.body or soup
    lines = [line.strip() for line in body.get_text("\n").split("\n")]
    return LoadedText(str(path), "html", fold_radicals("\n".join(line for line in lines if line)), title, tuple(tables), page, address)


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name) or 1).strip() or 1), 1000))
    except ValueError:
        return 1


def _spanned_rows(table: Any) -> tuple[tuple[str, ...], ...]:
    """A <table>'s rows of cell texts with its merged cells laid out as the page shows them: a cell spanning
    several rows (rowspan) is repeated in each row it covers, as a DOCX reader gives a vertically merged cell,
    so the cells after it keep their columns; a cell spanning several columns (colspan) fills its first column
    and leaves the others empty."""
    rows: list[tuple[str, ...]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text) of a cell spanning down
    for tr in table.find_all("tr"):
        row: list[str] = []
        for cell in tr.find_all(["td", "th"]):
            while len(row) in pending:
                row.append(_carry(pending, len(row)))
            text = cell.get_text("\n", strip=True)
            down, across = _span(cell, "rowspan"), _span(cell, "colspan")
            for k in range(across):
                if down > 1:
                    pending[len(row)] = (down - 1, text if k == 0 else "")
                row.append(text if k == 0 else "")
        while len(row) in pending:
            row.append(_carry(pending, len(row)))
        rows.append(tuple(row))
    return tuple(rows)


def _carry(pending: dict[int, tuple[int, str]], col: int) -> str:
    left, text = pending[col]
    if left > 1:
        pending[col] = (left - 1, text)
    else:
        del pending[col]
    return text


_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


def _page_address(soup: Any, text: str) -> str | None:
    """Where a saved page says it lives: <link rel=canonical>, og:url, or the browser's "saved from url" comment."""
    link = soup.find("link", rel=lambda r: r and "canonical" in (r if isinstance(r, list) else [r]))
    if link is not None and link.get("href"):
        return str(link["href"])
    meta = soup.find("meta", attrs={"property": "og:url"})
    if meta is not None and meta.get("content"):
        return str(meta["content"])
    m = _SAVED_FROM.search(text[:2000])
    return m.group(1) if m else None


_SITE_META = re.compile(r"site|source|author|publisher|application-name|copyright|organization", re.IGNORECASE)
_PAGE_FRAME = re.compile(r"head|foot|banner|logo|copyright|top|bottom", re.IGNORECASE)


def _page_metadata(soup: Any, title: str | None) -> tuple[str, ...]:
    """The page's own words about where it is published: <title>, site-name metas (og:site_name,
    SiteName, ContentSource, author), then header and footer texts (a copyright line), in that order."""
    found: list[str] = [title] if title else []
    for meta in soup.find_all("meta"):
        key = " ".join(str(meta.get(a) or "") for a in ("name", "property", "itemprop"))
        if key.strip() and _SITE_META.search(key) and (content := str(meta.get("content") or "").strip()):
            found.append(content)
    frames = [*soup.find_all(["header", "footer"])]
    frames += [t for t in soup.find_all(True) if t.attrs and _PAGE_FRAME.search(" ".join([*(t.get("class") or []), t.get("id") or ""]))]
    for tag in frames:
        found.extend(line.strip() for line in tag.get_text("\n").split("\n") if line.strip())
    return tuple(fold_radicals(s) for s in dict.fromkeys(found))


def _docx(path: Path, data: bytes) -> LoadedText:
    import io
    import zipfile

    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise UnreadableFile(path, "reading .docx needs python-docx: pip install python-docx") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(path, f"not a readable .docx file ({exc})") from exc
    lines: list[str] = []
    tables: list[Table] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows = []
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    cells.append(cell.text.strip())
                rows.append(tuple(cells))
            tables.append(tuple(rows))
    title = (document.core_properties.title or "").strip() or None
    return LoadedText(str(path), "docx", fold_radicals("\n".join(lines)), title, tuple(tables))


def _pdf(path: Path, data: bytes) -> LoadedText:
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise UnreadableFile(path, "reading .pdf needs pypdf: pip install pypdf") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise UnreadableFile(path, f"not a readable .pdf file ({exc})") from exc
    text = fold_radicals("\n".join(pages))
    if not text.strip():
        raise UnreadableFile(path, "the PDF has no text layer (a scan?); OCR it first")
    return LoadedText(str(path), "pdf", join_wrapped_lines(text))
