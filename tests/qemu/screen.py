#!/usr/bin/env python3
"""tests/qemu/screen.py: the framebuffer-console screenshot test's helper.

  screen.py dump SOCKET OUT.ppm     QMP: screendump to OUT.ppm, then quit QEMU
  screen.py check PPM FONT_C TEXT [--png OUT.png]
        check that the first text line is not all background and that TEXT
        is legible: some text row shows TEXT from column 0 with exactly the
        glyphs of FONT_C (kernel/font/font8x16.c, the kernel's own table).
        --png also writes the screenshot as a PNG (the docs/ reference).
Exits 0 when all is well, 1 with a message otherwise."""
import re
import struct
import sys
import time
import zlib

from qmp import Qmp

GLYPH_W, GLYPH_H = 8, 16
BG = (0, 0, 0)          # FBCON_BG_RGB (kernel/fbcon_sink.h)
ON_THRESHOLD = 0x60     # a channel brighter than this is a text pixel


def dump(sock_path, out):
    session = Qmp(sock_path, "screen")
    session.check(session.cmd("screendump", filename=out))
    time.sleep(0.5)
    session.quit()


def read_ppm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        m = re.compile(rb"\s*(#[^\n]*\n\s*)*(\S+)").match(data, pos)
        fields.append(m.group(2))
        pos = m.end()
    if fields[0] != b"P6" or fields[3] != b"255":
        sys.exit(f"screen: {path} is not an 8-bit P6 PPM")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1: pos + 1 + w * h * 3]


def read_font(path):
    font = {}
    for m in re.finditer(r"\[0x([0-9a-f]{2})\] = \{([^}]*)\}", open(path).read()):
        font[int(m.group(1), 16)] = [int(b, 16) for b in m.group(2).split(",")]
    return font


def write_png(path, w, h, pix):
    raw = b"".join(b"\x00" + pix[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(png)


def check(ppm, font_c, text, png=None):
    w, h, pix = read_ppm(ppm)
    font = read_font(font_c)
    if png:
        write_png(png, w, h, pix)

    def on(x, y):
        i = (y * w + x) * 3
        return max(pix[i:i + 3]) > ON_THRESHOLD

    bg = bytes(BG)
    first_line = [pix[(y * w + x) * 3:(y * w + x) * 3 + 3] for y in range(GLYPH_H) for x in range(w)]
    lit = sum(1 for p in first_line if p != bg)
    if lit == 0:
        print("screen: FAIL: the first text line is all background")
        return 1
    best = None
    for row in range(h // GLYPH_H):
        bad = 0
        for col, ch in enumerate(text.encode("latin-1")):
            for y in range(GLYPH_H):
                for x in range(GLYPH_W):
                    want = bool(font[ch][y] & (0x80 >> x))
                    bad += want != on(col * GLYPH_W + x, row * GLYPH_H + y)
        if best is None or bad < best[1]:
            best = (row, bad)
        if bad == 0:
            print(f"screen: first text line has {lit} non-background pixels; "
                  f"'{text}' is legible at text row {row}, column 0 ({w}x{h})")
            return 0
    print(f"screen: FAIL: '{text}' not found; best row {best[0]} had {best[1]} wrong pixels")
    return 1


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "dump":
        dump(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) in (5, 7) and sys.argv[1] == "check":
        png = sys.argv[6] if len(sys.argv) == 7 and sys.argv[5] == "--png" else None
        return check(sys.argv[2], sys.argv[3], sys.argv[4], png)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
