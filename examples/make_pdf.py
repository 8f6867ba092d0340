"""Write a small text PDF: the demo court filing, and PDF fixtures for the tests.

Standard library only. `write_pdf(path, title, text)` lays `text` out in
Helvetica on as many Letter pages as it needs, with `title` in the document
information dictionary (/Title). Characters outside Windows-1252 become "?".

    python examples/make_pdf.py            # writes examples/court-filing.pdf
"""

from __future__ import annotations

import textwrap
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
MARGIN = 72
FONT_SIZE = 11
LEADING = 14
WRAP_CHARS = 90
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING

COURT_FILING_TITLE = "United States v. de la Peña et al. - Indictment summary (fictional)"

# A fictional filing written for the demo; the people and the case do not exist.
COURT_FILING = """\
UNITED STATES DISTRICT COURT
DISTRICT OF COLORADO

UNITED STATES OF AMERICA v. WILMER ANTONIO DE LA PEÑA, also known as "Tuerto", and YORMAN JESÚS DEL VALLE

SUMMARY OF INDICTMENT (fictional document prepared for the caseboard demo)

DENVER — A federal grand jury in the District of Colorado returned an indictment charging Wilmer Antonio de la Peña, known as "Tuerto", and Yorman Jesús del Valle with racketeering conspiracy, extortion and firearms offenses. The indictment alleges that both men were members of Tren de Aragua, a gang that originated in Tocorón prison in Aragua, Venezuela.

According to the indictment, from 2022 to 2024 the defendants allegedly collected payments from residents of apartment buildings in Aurora, Colorado, threatened tenants who refused to pay, and stored weapons in vacant units. Prosecutors allege that de la Peña directed a cell of the gang in the Denver area and that del Valle acted as his enforcer.

The indictment states that de la Peña told an associate that the cell answered to "the people of Niño Guerrero", a reference to Héctor Rusthenford Guerrero Flores, the gang's leader, who is not charged in this case.

The investigation was conducted by the Federal Bureau of Investigation (FBI), Homeland Security Investigations (HSI) and the Aurora Police Department, with assistance from the Colorado Bureau of Investigation.

De la Peña was arrested in Aurora in October 2024. Del Valle was arrested in Denver the same week. Both defendants have pleaded not guilty, and their lawyers have denied that they belong to Tren de Aragua.

"These defendants are accused of turning people's homes into a source of income through fear," the acting United States Attorney, Catherine de la Rosa Whitfield, said in a statement. "Every tenant who came forward made this case possible."

An indictment is merely an allegation. The defendants are presumed innocent unless and until proven guilty in a court of law. If convicted of racketeering conspiracy, each defendant faces up to 20 years in federal prison.
"""


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) bytes, with ( ) and \\ escaped."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _info_string(text: str) -> bytes:
    """A text string for the information dictionary: UTF-16BE with a byte-order mark."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode("ascii") + b">"


def layout(text: str, width: int = WRAP_CHARS, lines_per_page: int = LINES_PER_PAGE) -> list[list[str]]:
    """The text's lines, wrapped at `width` characters, cut into pages."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    return [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[""]]


def pdf_bytes(
    title: str,
    text: str,
    header: str | None = None,
    footer: str | None = None,
    lines_per_page: int = LINES_PER_PAGE,
) -> bytes:
    """A complete PDF document showing `text`, titled `title`. `header` and `footer` run on
    every page, above and below the text; "{page}" and "{pages}" in them are page numbers."""
    pages = layout(text, lines_per_page=lines_per_page)
    # Objects: 1 catalog, 2 page tree, 3 font, 4 info, then a (page, content) pair per page.
    first_page = 5
    page_ids = [first_page + 2 * i for i in range(len(pages))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] /Count %d >>" % len(pages),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Title " + _info_string(title) + b" /Producer (caseboard examples/make_pdf.py) >>",
    }
    for number, (page_id, lines) in enumerate(zip(page_ids, pages), 1):
        ops = [b"BT", b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING, b"%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN)]
        for line in lines:
            ops.append(_pdf_string(line) + b" Tj T*")
        ops.append(b"ET")
        for running, y in ((header, PAGE_HEIGHT - MARGIN // 2), (footer, MARGIN // 2)):
            if running:
                shown = running.format(page=number, pages=len(pages))
                ops += [b"BT", b"/F1 9 Tf", b"%d %d Td" % (MARGIN, y), _pdf_string(shown) + b" Tj", b"ET"]
        stream = b"\n".join(ops)
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (PAGE_WIDTH, PAGE_HEIGHT)
            + b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    count = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % count
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, count))
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
    return bytes(out)


def write_pdf(path: str | Path, title: str, text: str) -> Path:
    """Write `text` as a PDF titled `title` to `path`; return the path."""
    path = Path(path)
    path.write_bytes(pdf_bytes(title, text))
    return path


def main() -> None:
    target = write_pdf(Path(__file__).resolve().parent / "court-filing.pdf", COURT_FILING_TITLE, COURT_FILING)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
