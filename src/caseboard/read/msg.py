"""Outlook messages (.msg) via extract-msg: body, subject as title, date, sender as author,
and each attachment as a document of its own (as for .eml)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import extract_msg

from caseboard.read.base import Attachment, RawText, ReadError
from caseboard.read.eml import display_name, message_document

# extract-msg logs what it cannot parse; a file it cannot read is a one-line Failure instead
logging.getLogger("extract_msg").setLevel(logging.CRITICAL)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(data: bytes, source: str) -> Iterator[RawText | Attachment]:
    if not data.startswith(OLE_SIGNATURE):
        raise ReadError("not an Outlook message: no OLE compound file signature")
    try:
        message = extract_msg.openMsg(data)
    except Exception as exc:  # extract-msg raises its own errors and the OLE reader's
        raise ReadError(f"unreadable .msg: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}") from None
    try:
        date = message.date
        html_body = message.htmlBody
        body = message_document(
            source,
            subject=message.subject or None,
            sender=display_name(message.sender),
            date=date.date().isoformat() if date else None,
            plain=message.body,
            html_body=html_body.decode("utf-8", "replace") if isinstance(html_body, bytes) else html_body,
        )
        attachments = []
        for number, attachment in enumerate(message.attachments, 1):
            name = getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None) or f"attachment-{number}"
            content = attachment.data if isinstance(attachment.data, bytes) else b""
            attachments.append(Attachment(data=content, name=name, source=f"{source} > {name}"))
    finally:
        message.close()
    if body is None and not attachments:
        raise ReadError("message has no body text and no attachments")
    yield from ([body] if body else []) + attachments
