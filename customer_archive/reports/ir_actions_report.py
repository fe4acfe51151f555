import functools
import io
import logging
import os

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools import config, format_date
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
)

_logger = logging.getLogger(__name__)

CARD_REPORT = "customer_archive.report_archive_card"
# Key of env.cr.cache where the report model leaves the ids of the copies it registered.
PRINTED_COPIES_KEY = "customer_archive_printed_copies"
# ... and the stamp lines of each copy (the copy may be on the primary only: see the report model).
STAMP_LINES_KEY = "customer_archive_printed_copy_stamps"
# ... and the copy registered for a batch of cards rendered in chunks, and its archives as read,
# which every chunk reuses.
BATCH_COPY_KEY = "customer_archive_batch_copy"
# Cards per HTML document and wkhtmltopdf run: a larger batch is rendered in chunks of this size
# and merged, so its memory stays that of one chunk (issue #17: 500 cards in constant memory).
CARD_CHUNK_SIZE = 100
# Debian's fonts-wqy-zenhei (scripts/setup.sh): its glyphs extract as the same characters.
STAMP_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
)
STAMP_FONT = "CustomerArchiveStamp"


def _stamp_font():
    """The font of the stamp: WenQuanYi Zen Hei when installed, else Helvetica (then only the
    ASCII part of the watermark is legible)."""
    if STAMP_FONT in pdfmetrics.getRegisteredFontNames():
        return STAMP_FONT
    for path in STAMP_FONT_FILES:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont(STAMP_FONT, path, subfontIndex=0))
            return STAMP_FONT
    _logger.warning("fonts-wqy-zenhei is not installed: the controlled-copy stamp uses Helvetica")
    return "Helvetica"


@functools.lru_cache(maxsize=8)
def _watermark_png(text):
    """A transparent PNG of ``text`` written diagonally in light red (drawn once per text)."""
    path = next((p for p in STAMP_FONT_FILES if os.path.exists(p)), None)
    font = ImageFont.truetype(path, 90) if path else ImageFont.load_default()
    left, top, right, bottom = font.getbbox(text)
    strip = Image.new("RGBA", (right - left + 40, bottom - top + 40), (255, 255, 255, 0))
    ImageDraw.Draw(strip).text((20 - left, 20 - top), text, font=font, fill=(176, 0, 0, 36))
    rotated = strip.rotate(35, expand=True, resample=Image.BICUBIC)
    output = io.BytesIO()
    rotated.save(output, format="PNG")
    return output.getvalue()


def _overlay_pages(readers, stamps):
    """Draw page i of ``stamps`` over page i of the pages of ``readers`` one after the other.
    The stamp becomes a form XObject appended to the page's content list (wrapped in q/Q), so
    the page's own content streams are neither parsed nor rewritten (PyPDF2's mergePage parses
    them: seconds per page)."""
    writer = PdfFileWriter()

    def add_stream(data, **entries):
        stream = DecodedStreamObject()
        stream.set_data(data)
        stream.update({NameObject(key): value for key, value in entries.items()})
        return writer._add_object(stream)

    pages = (reader.getPage(n) for reader in readers for n in range(reader.getNumPages()))
    for number, page in enumerate(pages):
        stamp = stamps.getPage(number)
        form = add_stream(
            stamp["/Contents"].get_object().get_data(),
            **{
                "/Type": NameObject("/XObject"),
                "/Subtype": NameObject("/Form"),
                "/BBox": ArrayObject(stamp.mediaBox),
                "/Resources": stamp["/Resources"],
            },
        )
        resources = page["/Resources"].get_object() if "/Resources" in page else DictionaryObject()
        resources = DictionaryObject(resources)
        xobjects = (
            DictionaryObject(resources["/XObject"].get_object())
            if "/XObject" in resources
            else DictionaryObject()
        )
        xobjects[NameObject("/CustomerArchiveStamp")] = form
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page["/Contents"] if "/Contents" in page else ArrayObject()
        contents = contents if isinstance(contents, ArrayObject) else ArrayObject([contents])
        page[NameObject("/Contents")] = ArrayObject(
            [add_stream(b"q\n"), *contents, add_stream(b"\nQ q /CustomerArchiveStamp Do Q\n")]
        )
        writer.addPage(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """Archive cards use a self-contained page layout (inline styles, no asset bundle to
        fetch from the server's own URL): printing works whatever web.base.url says."""
        if len(self) == 1 and self.report_name == CARD_REPORT:
            return (
                self.env.ref(
                    "customer_archive.report_archive_card_layout", raise_if_not_found=False
                )
                or super()._get_layout()
            )
        return super()._get_layout()

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """Archive cards: stamp every page of the PDF with the watermark and the control line
        (serial, requester, approver, expiry), whatever the page breaks (wkhtmltopdf without
        patched Qt renders neither headers nor footers)."""
        report = self._get_report(report_ref)
        if report.report_name != CARD_REPORT:
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        content, kind, _copy = self._render_card_pdf_with_copy(report_ref, res_ids, data)
        return content, kind

    def _render_card_pdf_with_copy(self, report_ref, res_ids=None, data=None):
        """Render archive cards as ``_render_qweb_pdf`` does and return ``(content, kind,
        copy)``: ``copy`` is the controlled copy this rendering registered (whichever other
        print of the same request registers one meanwhile), an empty recordset when it
        registered none (a report that is not the archive card)."""
        Copy = self.env["customer.archive.print.copy"]
        report = self._get_report(report_ref)
        if report.report_name != CARD_REPORT:
            content, kind = self._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
            return content, kind, Copy
        cache = self.env.cr.cache
        cache.pop(PRINTED_COPIES_KEY, None)
        cache.pop(STAMP_LINES_KEY, None)
        chunks = self._get_card_chunks(report, res_ids, data)
        if chunks:
            content, copy = self._render_card_pdf_in_chunks(report_ref, report, chunks, data)
            return content, "pdf", copy
        content, kind = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        # The copy registered by the report model while rendering (same transaction, or the
        # primary's when the request reads from a replica: then only its stamp lines are here).
        copy_ids = cache.pop(PRINTED_COPIES_KEY, None)
        stamp_lines = cache.pop(STAMP_LINES_KEY, None) or {}
        copy = Copy.browse(copy_ids[-1:] if copy_ids else [])
        if kind != "pdf" or not copy:
            return content, kind, copy
        # sudo: the copy this print registered, stamped on the PDF
        stamped = self._stamp_controlled_copy(content, copy.sudo(), stamp_lines.get(copy.id))
        return stamped, kind, copy

    def _get_card_chunk_size(self):
        """Cards per HTML document and wkhtmltopdf run: the system parameter
        ``customer_archive.card_chunk_size`` when it is a positive number, else
        CARD_CHUNK_SIZE."""
        # sudo: a technical setting of the PDF engine, read for whoever prints
        value = self.env["ir.config_parameter"].sudo().get_param("customer_archive.card_chunk_size")
        try:
            size = int(value) if value else CARD_CHUNK_SIZE
        except ValueError:
            size = CARD_CHUNK_SIZE
        return size if size > 0 else CARD_CHUNK_SIZE

    def _get_card_chunks(self, report, res_ids, data):
        """The archives of a card batch to render in chunks, as a list of recordsets in the
        order asked for; None when the batch is rendered in one run: at most one chunk, no PDF
        to merge (tests render HTML unless forced) or no PDF engine (the stock error, raised
        before any copy is registered)."""
        if (config["test_enable"] or config["test_file"]) and not self.env.context.get(
            "force_report_rendering"
        ):
            return None
        size = self._get_card_chunk_size()
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        ids = self._get_rendering_context_model(report)._get_card_archive_ids(res_ids, data)
        if len(ids) <= size or self.get_wkhtmltopdf_state() == "install":
            return None
        partners = self.env["res.partner"].browse(ids).exists()
        if len(partners) <= size:
            return None
        return [partners[start : start + size] for start in range(0, len(partners), size)]

    def _render_card_pdf_in_chunks(self, report_ref, report, chunks, data):
        """Render a large batch of archive cards chunk by chunk: one controlled copy registered
        for the whole batch first (the same checks, register row, serial and request copy as
        one run), then one HTML document and one wkhtmltopdf run per chunk reusing that copy,
        the chunks' PDFs merged and stamped in one pass ("page i / total" over the batch). The
        memory is that of one chunk's HTML and wkhtmltopdf, plus the PDFs. Returns the PDF and
        the copy."""
        data = dict(data or {})
        partners = self.env["res.partner"].concat(*chunks)
        card_report = self._get_rendering_context_model(report)
        _request, printed, records = card_report._register_card_print(partners, data)
        cache = self.env.cr.cache
        # the archives as the check read them (as the user): each chunk takes its own
        cache[BATCH_COPY_KEY] = {"printed": printed, "records": {r["id"]: r for r in records}}
        contents = []
        try:
            for chunk in chunks:
                # No ids in the call: the stock flow then keeps the chunk's PDF whole (with
                # ids it may split it per record and merge it again).
                content, _kind = super()._render_qweb_pdf(
                    report_ref, res_ids=None, data=dict(data, archive_ids=chunk.ids)
                )
                contents.append(content)
        finally:
            cache.pop(BATCH_COPY_KEY, None)
            cache.pop(PRINTED_COPIES_KEY, None)
            cache.pop(STAMP_LINES_KEY, None)
        copy = self.env["customer.archive.print.copy"].browse(printed["id"])
        # sudo: the copy this print registered, stamped on the PDF
        return self._stamp_controlled_copy(contents, copy.sudo(), printed["stamp_lines"]), copy

    def _get_controlled_copy_stamp_lines(self, copy):
        """The two lines printed on every page: watermark and control data."""
        request = copy.request_id
        return (
            "受控文件 / CONTROLLED COPY",
            self.env._(
                "Controlled copy %(serial)s · requested by %(requester)s · approved by %(approver)s · "
                "usable until %(expiry)s",
                serial=copy.name,
                requester=request.requester_id.name,
                approver=request.approver_id.name,
                expiry=format_date(self.env, request.date_expiry),
            ),
        )

    def _stamp_controlled_copy(self, pdf_content, copy, lines=None):
        """Every page gets the diagonal watermark (an image, so the text layer of the card stays
        clean) and, in text, the watermark and control line at its foot (``lines``, default
        those of ``copy``). ``pdf_content``: one PDF, or a list of PDFs (the chunks of one
        batch) merged in that order and numbered "i / total" across them."""
        watermark, control = lines or self._get_controlled_copy_stamp_lines(copy)
        contents = [pdf_content] if isinstance(pdf_content, bytes) else pdf_content
        readers = [
            PdfFileReader(io.BytesIO(content), strict=False, overwriteWarnings=False)
            for content in contents
        ]
        sizes = []
        for reader in readers:
            for number in range(reader.getNumPages()):
                box = reader.getPage(number).mediaBox
                sizes.append((float(abs(box.getWidth())), float(abs(box.getHeight()))))
        stamps = PdfFileReader(
            io.BytesIO(self._draw_stamps(sizes, watermark, control)), overwriteWarnings=False
        )
        return _overlay_pages(readers, stamps)

    def _draw_stamps(self, sizes, watermark, control):
        """One stamp page (reportlab) per page size in ``sizes``."""
        font = _stamp_font()
        image = ImageReader(io.BytesIO(_watermark_png(watermark)))
        image_width, image_height = image.getSize()
        packet = io.BytesIO()
        can = canvas.Canvas(packet)
        for number, (width, height) in enumerate(sizes):
            can.setPageSize((width, height))
            draw_width = width * 0.9
            draw_height = draw_width * image_height / image_width
            can.drawImage(
                image,
                (width - draw_width) / 2,
                (height - draw_height) / 2,
                draw_width,
                draw_height,
                mask="auto",
            )
            can.setFillColor(colors.Color(0.7, 0, 0))
            can.setFont(font, 7)
            can.drawString(28, 14, "%s · %s" % (watermark, control))
            can.drawRightString(width - 28, 14, "%s / %s" % (number + 1, len(sizes)))
            can.showPage()
        can.save()
        return packet.getvalue()
