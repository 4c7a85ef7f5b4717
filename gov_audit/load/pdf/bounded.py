"""A PDF read within bounds: decompressed streams and the work of each page (load/limits.py).

A 2 MB PDF may hold a Flate stream that expands to 2 GB, or a page that draws
1.6 million lines (5.8 GB of pdfplumber objects). pdfminer has no limit of
its own, so the bounds are set where it works:

- every stream is measured before pdfminer decodes it, by decoding it with a
  bounded output (zlib's max_length, LZW and RunLength counted as they run);
  a stream past MAX_PAGE_STREAM_BYTES fails the page that needs it, and all
  streams of the document together past MAX_PDF_STREAM_BYTES fail the document;
- each page is interpreted by a BoundedInterpreter and a BoundedDevice that
  count the operands and path operators it interprets and the glyphs, lines
  and shapes it draws, and stop it past MAX_PAGE_OPERATIONS / MAX_PAGE_OBJECTS.

A page stopped so is left out and named in the file's notes; the other
pages are read. The measuring is installed only while one PDF is read
(`bounded_streams`), in the process that reads it.
"""
from __future__ import annotations

import zlib
from contextlib import contextmanager

from ..limits import MAX_PAGE_OBJECTS, MAX_PAGE_OPERATIONS, MAX_PAGE_STREAM_BYTES, MAX_PDF_STREAM_BYTES

CHUNK = 1 << 20


class PageTooLarge(Exception):
    """One page needs more than the bounds allow: it is left out."""


class DocumentTooLarge(Exception):
    """The document's streams together decompress past MAX_PDF_STREAM_BYTES."""


class _StreamBudget:
    def __init__(self):
        self.spent = 0

    def measure(self, stream) -> None:
        """Raise when `stream` would decode past a bound; count what it will take."""
        size = decoded_size(stream, MAX_PAGE_STREAM_BYTES + 1)
        if size > MAX_PAGE_STREAM_BYTES:
            raise PageTooLarge(f"a stream decompresses to more than {MAX_PAGE_STREAM_BYTES // 2**20} MiB")
        self.spent += size
        if self.spent > MAX_PDF_STREAM_BYTES:
            raise DocumentTooLarge(f"its streams decompress to more than {MAX_PDF_STREAM_BYTES // 2**20} MiB")


@contextmanager
def bounded_streams():
    """While one PDF is read, pdfminer decodes a stream only after it was measured."""
    from pdfminer.pdftypes import PDFStream

    budget = _StreamBudget()
    original = PDFStream.decode

    def decode(stream):
        if stream.rawdata is not None:
            budget.measure(stream)
        original(stream)

    PDFStream.decode = decode
    try:
        yield budget
    finally:
        PDFStream.decode = original


def decoded_size(stream, limit: int) -> int:
    """The size of the stream once its filters are applied, counted up to `limit`
    (more than `limit` means: past it). Filters that shrink are applied; filters
    that expand are run with their output bounded."""
    from pdfminer import pdftypes

    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = stream.get_filters()
    for position, (name, _) in enumerate(filters):
        last = position == len(filters) - 1
        if name in pdftypes.LITERALS_FLATE_DECODE:
            data = _inflate(data, limit)
        elif name in pdftypes.LITERALS_LZW_DECODE:
            data = _unlzw(data, limit)
        elif name in pdftypes.LITERALS_RUNLENGTH_DECODE:
            if last:
                return _run_length_size(data, limit)
            data = pdftypes.rldecode(data) if len(data) * 64 <= limit else b"\0" * (limit + 1)
        elif name in pdftypes.LITERALS_ASCII85_DECODE:
            data = pdftypes.ascii85decode(data)
        elif name in pdftypes.LITERALS_ASCIIHEX_DECODE:
            data = pdftypes.asciihexdecode(data)
        else:
            break  # images (DCT, JPX, JBIG2, CCITT) are not decoded to read text
        if len(data) > limit:
            return len(data)
    return len(data)


def _inflate(data: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj()
    out = []
    size = 0
    try:
        while data and size <= limit:
            piece = inflater.decompress(data, min(CHUNK, limit + 1 - size))
            out.append(piece)
            size += len(piece)
            data = inflater.unconsumed_tail
            if inflater.eof or not piece:
                break
    except zlib.error:
        pass  # pdfminer reads what it can of a damaged stream; so is it measured
    return b"".join(out)


def _unlzw(data: bytes, limit: int) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    out, size = [], 0
    try:
        for piece in LZWDecoder(BytesIO(data)).run():
            out.append(piece)
            size += len(piece)
            if size > limit:
                break
    except Exception:  # noqa: BLE001 - a damaged stream: measured as far as it decodes
        pass
    return b"".join(out)


def _run_length_size(data: bytes, limit: int) -> int:
    size = i = 0
    while i < len(data) and size <= limit:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            i += length + 2
        else:
            size += 257 - length
            i += 2
    return size


# ---------------------------------------------------------------- pages


class _PageBudget:
    def __init__(self):
        self.operations = 0
        self.objects = 0

    def operate(self) -> None:
        self.operations += 1
        if self.operations > MAX_PAGE_OPERATIONS:
            raise PageTooLarge(f"more than {MAX_PAGE_OPERATIONS:,} drawing operations")

    def draw(self) -> None:
        self.objects += 1
        if self.objects > MAX_PAGE_OBJECTS:
            raise PageTooLarge(f"more than {MAX_PAGE_OBJECTS:,} glyphs, lines and shapes")


def bounded_page_class():
    """pdfplumber's Page, whose layout is made by a bounded interpreter and device."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent

    class BoundedDevice(PDFPageAggregatorWithMarkedContent):
        def __init__(self, *args, budget: _PageBudget, **kwargs):
            super().__init__(*args, **kwargs)
            self.budget = budget

        def render_char(self, *args, **kwargs):
            self.budget.draw()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args, **kwargs):
            self.budget.draw()
            return super().paint_path(*args, **kwargs)

        def render_image(self, *args, **kwargs):
            self.budget.draw()
            return super().render_image(*args, **kwargs)

    class BoundedInterpreter(PDFPageInterpreter):
        """Counts each operand pushed (every path operator but `h` takes some) and each `h`:
        a path grows until it is painted, so these bound the interpreter's own lists."""

        def push(self, obj) -> None:
            self.device.budget.operate()
            super().push(obj)

        def do_h(self) -> None:
            self.device.budget.operate()
            super().do_h()

    class BoundedPage(Page):
        @property
        def layout(self):
            if getattr(self, "_bounded_layout", None) is None:
                device = BoundedDevice(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams,
                                       budget=_PageBudget())
                BoundedInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
                self._bounded_layout = device.get_result()
            return self._bounded_layout

    return BoundedPage


def bounded_pages(pdf):
    """Each page of an open pdfplumber PDF as a BoundedPage, in order."""
    from pdfminer.pdfpage import PDFPage

    page_class = bounded_page_class()
    top = 0
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), 1):
        page = page_class(pdf, page_obj, page_number=number, initial_doctop=top)
        top += page.height
        yield page
