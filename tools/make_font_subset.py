#!/usr/bin/env python3
"""Rebuild assets/fonts/NotoSansCJKsc-Subset.otf from Debian's fonts-noto-cjk.

Covers ASCII, Latin-1, general and CJK punctuation, full-width forms, every GB2312 character and
every character of the 通用规范汉字表 (2013; Unihan field kTGHZ2013, from Debian's unicode-data),
which holds the name characters outside GB2312 (喆, 堃, 犇, 昇, 䶮 …).
Needs: apt-get install fonts-noto-cjk unicode-data; pip install fonttools.
"""
import bz2, pathlib, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
UNIHAN = "/usr/share/unicode/Unihan_Readings.txt.bz2"
OUT = ROOT / "assets/fonts/NotoSansCJKsc-Subset.otf"

chars = set()
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x214F), (0x2190, 0x21FF),
          (0x2460, 0x24FF), (0x2500, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF),
          (0x3000, 0x303F), (0xFF00, 0xFFEF)]
for lo, hi in ranges:
    chars.update(chr(c) for c in range(lo, hi + 1))
# GB2312: every valid two-byte code.
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
    for line in f:
        if "\tkTGHZ2013\t" in line:
            chars.add(chr(int(line.split("\t")[0][2:], 16)))
text = ROOT / "target" / "font-chars.txt"
text.parent.mkdir(exist_ok=True)
text.write_text("".join(sorted(chars)), encoding="utf-8")
print(f"{len(chars)} characters requested", file=sys.stderr)
subprocess.run(["pyftsubset", TTC, "--font-number=2", f"--text-file={text}",
                "--layout-features=*", "--name-IDs=*", "--name-languages=*",
                "--notdef-outline", f"--output-file={OUT}"], check=True)
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)
