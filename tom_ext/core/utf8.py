"""What to tell an author whose page is not UTF-8 (a Word apostrophe saved as
Windows-1252): the gate and ``tom new`` use the same words."""

from __future__ import annotations

from collections.abc import Iterator


def not_utf8(data: bytes) -> tuple[int, str] | None:
    """``(line, what is wrong and how to fix it)`` for bytes that are not UTF-8."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        byte = data[err.start]
        seen = bytes([byte]).decode("cp1252", errors="replace")
        meant = f" ({seen!r} in Windows-1252, as Word saves it)" if seen != "\ufffd" else ""
        others = sum(1 for _ in _bad_bytes(data)) - 1
        more = f", and {others} more such byte{'s' * (others != 1)}" if others > 0 else ""
        return line, (f"this file is not UTF-8 text: byte 0x{byte:02X} on line {line}"
                      f"{meant}{more} — re-save it as UTF-8 (in VS Code: 'Save with "
                      "Encoding', UTF-8; in Notepad: 'Save as', Encoding: UTF-8)")
    return None


def _bad_bytes(data: bytes) -> Iterator[int]:
    start = 0
    while True:
        try:
            data[start:].decode("utf-8-sig" if start == 0 else "utf-8")
            return
        except UnicodeDecodeError as err:
            yield start + err.start
            start += err.end
