"""In-app preview of an attachment, decrypted into memory only (never to a temp file).

Images through Qt; PDFs through pdfium (pypdfium2), which renders from bytes:
PySide6-Essentials ships no QtPdf, and a viewer outside the app would need a
plaintext copy on disk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from reunify.i18n import _

MAX_PREVIEW_BYTES = 40 * 1024 * 1024
_FORMATS = {
    "RGB": QImage.Format.Format_RGB888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "RGBX": QImage.Format.Format_RGBX8888,
    "L": QImage.Format.Format_Grayscale8,
}


def render_pdf_page(data: bytes, page: int = 0, width: int = 700) -> QImage:
    """First page (or `page`) of a PDF as an image about `width` pixels wide."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        doc_page = pdf[page]
        scale = width / max(1.0, doc_page.get_width())
        bitmap = doc_page.render(scale=scale, rev_byteorder=True)
        image = QImage(
            bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, _FORMATS[bitmap.mode]
        )
        return image.copy()  # own the pixels before pdfium frees its buffer
    finally:
        pdf.close()


def image_for(data: bytes, media_type: str) -> QImage | None:
    if media_type == "application/pdf" or data[:5] == b"%PDF-":
        try:
            return render_pdf_page(data)
        except Exception:  # a damaged or encrypted PDF: no preview, the file stays
            return None
    image = QImage()
    return image if image.loadFromData(data) else None


class PreviewPane(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.image)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(scroll, 1)
        self.shown: QImage | None = None
        self.key: tuple[str, str] | None = None  # (attachment id, sha256) on screen
        self.file_size = 0

    def show_data(
        self, name: str, data: bytes | None, media_type: str, size: int, key: tuple[str, str]
    ) -> None:
        self.caption.setText(name)
        self.shown = None
        self.key, self.file_size = key, size
        self.image.setPixmap(QPixmap())
        self.shown = image_for(data, media_type) if data is not None else None
        if self.shown is None:
            self.retranslate_ui()
            return
        image = self.shown
        width = max(200, self.width() - 30)
        pixmap = QPixmap.fromImage(image)
        if pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pixmap)

    def retranslate_ui(self) -> None:
        """The note shown instead of a picture follows the language; the picture stays."""
        if self.key is None or self.shown is not None:
            return
        if self.file_size > MAX_PREVIEW_BYTES:
            self.image.setText(
                _("Too large to preview ({size} MB).").format(size=self.file_size >> 20)
            )
        else:
            self.image.setText(_("No preview for this kind of file."))

    def clear(self) -> None:
        self.shown = None
        self.key = None
        self.caption.clear()
        self.image.clear()
