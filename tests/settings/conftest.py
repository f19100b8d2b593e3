"""Uploads go to a folder of the test's own; images are made here, byte by byte where a real
encoder would refuse to make them (a PNG that claims to be enormous)."""

import io
import struct
import zlib

import pytest
from PIL import Image


@pytest.fixture
def uploads(app, tmp_path):
    """UPLOAD_FOLDER points at a fresh folder for the test."""
    saved = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = saved


def image_bytes(size=(300, 200), fmt="PNG", color=(10, 90, 160), **save) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_metadata(size=(1200, 600)) -> bytes:
    """A JPEG carrying EXIF (camera, GPS position, an orientation) and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Hemmelig Kamera AS"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    exif[0x8825] = {1: "N", 2: (69.0, 39.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"skjult kommentar")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def claimed_png(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims width × height pixels: decoding it would
    take width × height × 4 bytes (a decompression bomb); only one row of data is there."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = zlib.compress(b"\x00" + b"\x00" * min(width * 4, 4096), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )
