"""Decode the raw bytes of an article and say which encoding they were in.

Order of evidence: a byte-order mark; NUL bytes (UTF-16 without BOM, or binary data); strict
UTF-8; and Windows-1256, common in Arabic archives, when the bytes are not UTF-8 and decode to
text. Bytes that are almost all valid UTF-8 with a few broken sequences are reported as corrupt
UTF-8 rather than silently read as Windows-1256.
"""

from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01


class DecodeError(ValueError):
    """The bytes are not text in a supported encoding; `reason` is a short code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def decode(raw: bytes) -> tuple[str, str]:
    """Return `(text, encoding)` for the raw bytes of one article."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding), encoding
    if b"\x00" in raw:
        return _decode_with_nuls(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_non_utf8(raw, error)
    return _checked_text(text), "utf-8"


def _strict(raw: bytes, encoding: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            "undecodable",
            f"starts with a {encoding} byte-order mark but byte {error.start} is invalid "
            f"{encoding}: {error.reason}",
        ) from None
    return _checked_text(text)


def _decode_with_nuls(raw: bytes) -> tuple[str, str]:
    sample = raw[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-range characters in UTF-16 have a NUL in the high byte: mostly odd positions for
    # little-endian, mostly even for big-endian. Arabic (U+06xx) has 0x06 there instead.
    if half and len(raw) % 2 == 0 and max(even_nuls, odd_nuls) > 0.1 * half:
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return _checked_text(raw.decode(encoding)), encoding
        except (UnicodeDecodeError, DecodeError):
            pass
    raise DecodeError("binary", f"binary data: {raw.count(0)} NUL bytes, not a text file")


def _decode_non_utf8(raw: bytes, error: UnicodeDecodeError) -> tuple[str, str]:
    valid_sequences = len(UTF8_MULTIBYTE.findall(raw))
    if valid_sequences >= 10 * _invalid_utf8_count(raw):
        raise DecodeError(
            "undecodable",
            f"corrupt UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start} is invalid "
            f"({error.reason}) in a file of otherwise valid UTF-8",
        )
    text = raw.decode("cp1256", errors="strict")
    return _checked_text(text), "windows-1256"


def _invalid_utf8_count(raw: bytes) -> int:
    return raw.decode("utf-8", errors="replace").count("\ufffd") or 1


def _checked_text(text: str) -> str:
    controls = len(CONTROL_CHARS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise DecodeError(
            "binary", f"binary data: {controls} control characters in {len(text)} characters"
        )
    return text
