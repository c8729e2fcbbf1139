"""Receiving uploaded files in memory only, so a document is never on disk unencrypted."""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class DocumentUploadHandler(FileUploadHandler):
    """Keeps an upload in memory, whatever its size, but keeps at most one byte more than
    HJP_DOCUMENT_MAX_BYTES over the whole request: past that it only counts, so the upload
    service can refuse a file that is too large with its true size, and memory stays bounded.

    Django's default handlers would write a large upload to a temporary file in plain text.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.room = settings.HJP_DOCUMENT_MAX_BYTES + 1
        self.buffer = BytesIO()

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        kept = raw_data[: max(self.room, 0)]
        self.buffer.write(kept)
        self.room -= len(kept)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
