"""A fast PNG encoder for the explorer's line art: no row filters, light zlib compression."""
import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(tag, data):
    """Return one PNG chunk: length, tag, data and checksum."""
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png_bytes(rgba):
    """Return an (height, width, 4) uint8 image as RGBA PNG bytes."""
    # Pillow tries a row filter per row before zlib: about twice the time, for flat line art no gain.
    height, width = rgba.shape[:2]
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)  # each row starts with filter type 0
    np.copyto(rows[:, 1:].reshape(height, width, 4), rgba)  # one contiguous copy: faster than dropping alpha
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")
