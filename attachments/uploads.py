"""The size limit, applied while an upload is read: past ATTACHMENT_MAX_MB the rest of the file
is skipped (read and thrown away, never written to disk), and the form says the file is too
large. The other fields of the form arrive as usual, so the worker's typing is kept."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from attachments.checks import max_bytes

TOO_LARGE = "attachment_too_large"


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_bytes():
            too_large = getattr(self.request, TOO_LARGE, set())
            too_large.add(self.field_name)
            setattr(self.request, TOO_LARGE, too_large)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


def was_too_large(request, field_name: str) -> bool:
    return field_name in getattr(request, TOO_LARGE, set())
