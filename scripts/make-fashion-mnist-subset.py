#!/usr/bin/env python3
"""Writes the Fashion-MNIST subset embedded in myelin-datasets.

Takes the first 10,000 training and the first 2,000 test images and labels of Fashion-MNIST from
the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or from the
directory given as the first argument, and writes them as gzipped IDX files with the usual
names. The output is reproducible: the IDX header gets the new count, and gzip stores no name
and a zero timestamp.

    scripts/make-fashion-mnist-subset.py [source-dir]
"""
import gzip
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
OUT = ROOT / "myelin-datasets/src/main/resources/dev/myelin/datasets/fashion-mnist"
SUBSET = {"train": 10_000, "t10k": 2_000}


def head(name: str, count: int) -> bytes:
    """The first `count` records of an IDX file, with the header's first dimension set to `count`."""
    data = gzip.decompress((SOURCE / name).read_bytes())
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    dims = list(struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank]))
    if zero != 0 or dtype != 0x08 or dims[0] < count:
        sys.exit(f"{SOURCE / name}: not an unsigned-byte IDX file with at least {count} records")
    record = 1
    for d in dims[1:]:
        record *= d
    body = 4 + 4 * rank
    dims[0] = count
    return data[:4] + struct.pack(">" + "I" * rank, *dims) + data[body:body + count * record]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for split, count in SUBSET.items():
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
            name = f"{split}-{kind}.gz"
            raw = head(name, count)
            (OUT / name).write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
            print(f"{OUT / name}: {count} records, {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
