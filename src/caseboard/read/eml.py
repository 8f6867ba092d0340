"""Email messages (.eml, and email piped in) via the standard library's email package.

The body (plain text, else the HTML part's main text) is the document: the subject is
its title, the date its publication date, the sender its author. Quoted-printable and
base64 are decoded and the headers are not text. Each attachment is read as a document
of its own, by the reader its file name calls for (read/__init__.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from caseboard.read import html
from caseboard.read.base import Attachment, RawText, ReadError
from caseboard.read.lines import unwrap_text

# Headers that make bytes an email (for stdin, where there is no file name).
EMAIL_HEADERS = (b"from:", b"received:", b"return-path:", b"message-id:", b"mime-version:", b"delivered-to:")


def looks_like_email(data: bytes) -> bool:
    """Whether `data` starts with email headers: a From/Received/... line, and a Subject or Date."""
    head = data.lstrip()[:4096].lower()
    return head.startswith(EMAIL_HEADERS) and (b"\nsubject:" in head or b"\ndate:" in head)


def read(data: bytes, source: str) -> Iterator[RawText | Attachment]:
    message = message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage) or not (message["From"] or message["Subject"] or message["Date"]):
        raise ReadError("not an email: no From, Subject or Date header")
    body = message_document(
        source,
        subject=_header(message, "Subject"),
        sender=_sender(message),
        date=_date(message),
        plain=_part_text(message.get_body(preferencelist=("plain",))),
        html_body=_part_text(message.get_body(preferencelist=("html",))),
    )
    attachments = []
    for number, part in enumerate(message.iter_attachments(), 1):
        name = part.get_filename() or f"attachment-{number}"
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:  # a damaged part costs only itself
            content = b""
        attachments.append(Attachment(data=content, name=name, source=f"{source} > {name}"))
    if body is None and not attachments:
        raise ReadError("email has no body text and no attachments")
    yield from ([body] if body else []) + attachments


def message_document(
    source: str, subject: str | None, sender: str | None, date: str | None, plain: str | None, html_body: str | None
) -> RawText | None:
    """The document of a message's body, None when it has none: plain text unwrapped (mail
    is wrapped at ~72 characters), else the main text of its HTML part. Shared with .msg."""
    text = unwrap_text(plain.replace("\r\n", "\n")) if plain and plain.strip() else None
    if text is None and html_body and html_body.strip():
        try:
            text = next(iter(html.read(html_body.encode("utf-8"), source))).text
        except ReadError:
            text = None
    return RawText(text=text, source=source, title=subject, published=date, author=sender) if text else None


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message[name]
    except Exception:  # a header the parser cannot decode
        return None
    return str(value).strip() or None if value else None


def _sender(message: EmailMessage) -> str | None:
    return display_name(_header(message, "From"))


def display_name(value: str | None) -> str | None:
    """A sender ("Ana Peña <ana@example.org>") as its display name, else its address."""
    if not value:
        return None
    addresses = getaddresses([value])
    name, address = addresses[0] if addresses else ("", "")
    return name or address or value


def _date(message: EmailMessage) -> str | None:
    value = _header(message, "Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return value  # fields.publication_date reads what it can


def _part_text(part) -> str | None:
    if part is None:
        return None
    try:
        return part.get_content()
    except (LookupError, ValueError, AttributeError):  # an unknown charset: decode leniently
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")
