#!/usr/bin/env python3
"""szdd.py SRC DST - compresses SRC into the SZDD format of MS-DOS's
compress.exe (what expand.exe and kernel32's LZ functions read), so the
tests need no packaged compressor. The format: the 8-byte magic
"SZDD\\x88\\xf0\\x27\\x33", the mode byte 'A', the last character of the
original name (the compressed name ends in '_'), the uncompressed size
(32-bit little-endian), then LZSS data: a flag byte whose bits, lowest
first, say literal (1) or match (0) for the next eight items; a match is
two bytes, the 12-bit position in a 4096-byte ring buffer (high nibble in
the second byte's top four bits) and the length minus 3 (low nibble). The
ring starts filled with spaces and written at 4096 - 16."""
import sys

RING, START, MIN, MAX = 4096, 4096 - 16, 3, 18


def compress(data):
    ring = bytearray(b" " * RING)
    pos, out, i = START, bytearray(), 0
    while i < len(data):
        flags, items = 0, bytearray()
        for bit in range(8):
            if i >= len(data):
                break
            best_len, best_at = 0, 0
            # greedy search of the ring (slow but small inputs only); a match
            # may run into the bytes it writes, as the decoder copies byte by byte
            for back in range(1, RING - MAX):
                at = (pos - back) % RING
                n = 0
                while n < MAX and i + n < len(data):
                    src = ring[(at + n) % RING] if n < back else data[i + n - back]
                    if src != data[i + n]:
                        break
                    n += 1
                if n > best_len:
                    best_len, best_at = n, at
                    if n == MAX:
                        break
            if best_len >= MIN:
                items += bytes([best_at & 0xFF, ((best_at >> 4) & 0xF0) | (best_len - MIN)])
                step = best_len
            else:
                flags |= 1 << bit
                items.append(data[i])
                step = 1
            for k in range(step):
                ring[pos] = data[i + k]
                pos = (pos + 1) % RING
            i += step
        out.append(flags)
        out += items
    return bytes(out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: szdd.py SRC DST")
    src, dst = sys.argv[1], sys.argv[2]
    data = open(src, "rb").read()
    last = src[-1].encode("latin-1") if "." in src.rsplit("/", 1)[-1] else b"\0"
    header = b"SZDD\x88\xf0\x27\x33" + b"A" + last + len(data).to_bytes(4, "little")
    open(dst, "wb").write(header + compress(data))


if __name__ == "__main__":
    main()
