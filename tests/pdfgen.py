"""PDFs built from text we know, for the PDF tests and benchmarks/pdf_extract.py.

Real documents written by fpdf2 (the test extra): one or two columns, metadata or none,
encrypted, image-only (a scan with no text layer), plus hand-made hostile files: broken bytes
and a decompression bomb (a tiny Flate stream that inflates to hundreds of MiB).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

MIB = 1024 * 1024


def make_pdf(
    paragraphs: Sequence[str],
    *,
    heading: str | None = None,
    title: str | None = None,
    author: str | None = None,
    columns: int = 1,
    font_size: float = 11,
    user_password: str | None = None,
) -> bytes:
    """A PDF whose text layer is ``heading`` then ``paragraphs``, in reading order.

    ``title``/``author`` go into the document metadata only (the Info dictionary), so a test
    can tell a metadata title from a heading line. Text uses the PDF core fonts with the
    windows-1252 encoding: curly quotes and dashes survive, no font files are needed.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, margin=15)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("precis tests")
    if user_password is not None:
        from fpdf.enums import EncryptionMethod

        pdf.set_encryption(
            owner_password="owner-" + user_password,
            user_password=user_password,
            encryption_method=EncryptionMethod.RC4,
        )
    pdf.add_page()
    if heading:
        pdf.set_font("Helvetica", style="B", size=font_size + 7)
        pdf.multi_cell(0, (font_size + 7) * 0.5, heading)
        pdf.ln(4)
    pdf.set_font("Helvetica", size=font_size)
    line = font_size * 0.45
    if columns == 1:
        for para in paragraphs:
            pdf.multi_cell(0, line, para)
            pdf.ln(line * 0.8)
    else:
        with pdf.text_columns(ncols=columns, gutter=8, text_align="LEFT") as cols:
            for para in paragraphs:
                cols.write(para + "\n\n")
    return bytes(pdf.output())


def image_only_pdf(pages: int = 2) -> bytes:
    """A "scanned" document: each page is one grey picture, no text layer at all."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(format="A4")
    for i in range(pages):
        pdf.add_page()
        img = Image.new("L", (200, 280), color=200 + i)
        for y in range(20, 260, 12):  # lines of "print" a reader would see, not text
            for x in range(20, 180):
                img.putpixel((x, y), 40)
        pdf.image(img, x=10, y=10, w=190)
    return bytes(pdf.output())


def _assemble(objects: Sequence[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _zlib_of_spaces(mib: int) -> bytes:
    """A zlib stream of ``mib`` MiB of spaces (PDF whitespace), about 1 KB per MiB."""
    block_comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * MIB
    block = block_comp.compress(chunk) + block_comp.flush(zlib.Z_FULL_FLUSH)
    check = 1
    for _ in range(mib):
        check = zlib.adler32(chunk, check)
    return b"\x78\xda" + block * mib + b"\x03\x00" + struct.pack(">I", check)


def bomb_pdf(mib: int = 512, *, text: str = "Bomb") -> bytes:
    """One page whose content stream is ``mib`` MiB of spaces once inflated, then one line
    of text: a reader without decompression limits holds the whole stream in memory."""
    data = _zlib_of_spaces(mib)
    # The visible line comes in a second, ordinary stream, so the file is valid either way.
    line = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 6 0 R >> >> /Contents [4 0 R 5 0 R] >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(line) + line + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _assemble(objects)


def broken_pdf() -> bytes:
    """Starts like a PDF, then nothing a reader can use (a download cut short, say)."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + bytes(
        range(256)
    )


def many_pages_pdf(pages: int, paragraph: str) -> bytes:
    """``pages`` pages, each one numbered paragraph: for the page cap."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("Helvetica", size=10)
    for i in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Page {i}. {paragraph}")
    return bytes(pdf.output())
