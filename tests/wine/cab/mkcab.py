#!/usr/bin/env python3
"""mkcab.py OUT [--c NAME] [--corrupt checksum|deflate] (--folder mszip|none | FILE[=NAME])...

Writes a cabinet (.cab, the format of Microsoft's makecab and cabarc) so the
tests need no packaged cabinet maker. Files go into the current folder,
which --folder starts (MSZIP when no --folder comes first). The layout:
CFHEADER ("MSCF", sizes, where the CFFILEs are, version 1.3, the counts),
one CFFOLDER per folder (its first CFDATA, how many, the method), one
CFFILE per file (size, offset in its folder's expanded data, folder, DOS
date and time, attributes, name), then each folder's CFDATA blocks (a
checksum, the sizes, the data). A folder's data is cut into 32 KB pieces;
MSZIP stores each as "CK" and a complete raw deflate stream that may refer
back into the previous 32 KB (zlib's dictionary). The checksum XORs the
data as little-endian 32-bit words (the last 1-3 bytes as one word, the
first of them highest), then the block's two sizes, seeded with that.

--c NAME writes the cabinet as a C array called NAME instead (for samples
that carry their input). --corrupt damages the last data block: a wrong
checksum, or deflate data that does not decode (checksum recomputed)."""
import struct
import sys
import zlib

BLOCK = 32768
DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 2  # 2024-01-02
DOS_TIME = (12 << 11) | (34 << 5) | (56 // 2)    # 12:34:56
ATTR_ARCHIVE = 0x20
METHODS = {"none": 0, "mszip": 1}


def checksum(data, seed=0):
    s = seed
    n = len(data) // 4
    for i in range(n):
        s ^= struct.unpack_from("<I", data, 4 * i)[0]
    tail = data[4 * n:]
    t = 0
    for i, b in enumerate(tail):
        t |= b << (8 * (len(tail) - 1 - i))
    return s ^ t


def blocks(data, method):
    out, window = [], b""
    for at in range(0, len(data), BLOCK):
        piece = data[at:at + BLOCK]
        if method == 1:
            c = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=window) if window else \
                zlib.compressobj(9, zlib.DEFLATED, -15)
            packed = b"CK" + c.compress(piece) + c.flush(zlib.Z_FINISH)
            window = (window + piece)[-BLOCK:]
        else:
            packed = piece
        out.append([packed, len(piece)])
    return out


def cfdata(packed, size):
    sizes = struct.pack("<HH", len(packed), size)
    return struct.pack("<I", checksum(sizes, checksum(packed))) + sizes + packed


def build(folders, corrupt=None):
    """folders: [(method, [(name, bytes), ...]), ...]"""
    nfiles = sum(len(files) for _, files in folders)
    files_at = 36 + 8 * len(folders)
    cffiles = b""
    for index, (_, files) in enumerate(folders):
        offset = 0
        for name, data in files:
            cffiles += struct.pack("<IIHHHH", len(data), offset, index, DOS_DATE, DOS_TIME, ATTR_ARCHIVE)
            cffiles += name.encode("ascii") + b"\0"
            offset += len(data)
    data_at = files_at + len(cffiles)
    cffolders, datas = b"", b""
    all_blocks = [blocks(b"".join(d for _, d in files), METHODS[m]) for m, files in folders]
    if corrupt:
        last = [bl for bl in all_blocks if bl][-1][-1]
        if corrupt == "deflate":
            # a stored deflate block's length and its complement that disagree
            last[0] = b"CK" + bytes([0x01, 0x05, 0x00, 0x05, 0x00]) + last[0][7:]
    for (method, _), bl in zip(folders, all_blocks):
        cffolders += struct.pack("<IHH", data_at + len(datas), len(bl), METHODS[method])
        for packed, size in bl:
            datas += cfdata(packed, size)
    if corrupt == "checksum":
        # the last block's checksum, one bit off
        last_at = len(datas) - (8 + len(all_blocks[-1][-1][0]))
        datas = datas[:last_at] + struct.pack("<I", struct.unpack_from("<I", datas, last_at)[0] ^ 1) + datas[last_at + 4:]
    total = data_at + len(datas)
    header = b"MSCF" + struct.pack("<IIIII", 0, total, 0, files_at, 0)
    header += struct.pack("<BBHHHHH", 3, 1, len(folders), nfiles, 0, 0, 0)
    return header + cffolders + cffiles + datas


def main(argv):
    out, c_name, corrupt, folders = None, None, None, []
    args = iter(argv)
    for a in args:
        if a == "--c":
            c_name = next(args)
        elif a == "--corrupt":
            corrupt = next(args)
        elif a == "--folder":
            folders.append((next(args), []))
        elif out is None:
            out = a
        else:
            path, _, name = a.partition("=")
            if not folders:
                folders.append(("mszip", []))
            with open(path, "rb") as f:
                folders[-1][1].append((name or path.rsplit("/", 1)[-1], f.read()))
    if out is None or not folders:
        sys.exit(__doc__.splitlines()[0])
    cab = build(folders, corrupt)
    if c_name:
        lines = [", ".join("0x%02x" % b for b in cab[i:i + 16]) + "," for i in range(0, len(cab), 16)]
        text = "static const unsigned char %s[] = {\n    %s\n};\n" % (c_name, "\n    ".join(lines))
        with open(out, "w") as f:
            f.write(text)
    else:
        with open(out, "wb") as f:
            f.write(cab)


if __name__ == "__main__":
    main(sys.argv[1:])
