#!/usr/bin/env python3
"""fitsne.py SPACE.f32 DATA.dat | --read RESULT.dat MAP.tsv

Write FIt-SNE 1.2.1's input file DATA.dat for the raw matrix SPACE.f32
(int64 n, int64 d, n x d float32: the PCA-50 space the benchmark gives
every program), with the options of its own Python wrapper's defaults:
perplexity 30, theta 0.5, 1000 iterations, early exaggeration 12 for
250, momentum 0.5 then 0.8, learning rate max(200, n / 12), step norm
capped at 5, FFT repulsion (3 terms, 1 interval per unit, at least 50),
Annoy neighbours (50 trees, search_k 3 x 30 x 50), seed 1, and its PCA
start: the space's first two columns (its first two principal
components) scaled to a standard deviation of 0.0001 in the first.
With --read, turn FIt-SNE's RESULT.dat into a map "x y" TSV.

The layout of the file is FIt-SNE's (fast_tsne.py, tsne.cpp load_data);
this writer is ours."""
import array, struct, sys

def write(space, out):
    with open(space, "rb") as f:
        n, d = struct.unpack("<qq", f.read(16))
        x = array.array("f")
        x.frombytes(f.read(4 * n * d))
    col0 = [x[i * d] for i in range(n)]
    mean = sum(col0) / n
    sd = (sum((v - mean) ** 2 for v in col0) / (n - 1)) ** 0.5 or 1.0
    scale = 0.0001 / sd
    with open(out, "wb") as f:
        w = lambda fmt, *v: f.write(struct.pack("=" + fmt, *v))
        w("i", n); w("i", d); w("d", 0.5); w("d", 30.0)
        w("i", 2); w("i", 1000); w("i", 250); w("i", 250)
        w("d", 0.5); w("d", 0.8); w("d", max(200.0, n / 12.0)); w("d", 5.0)
        w("i", -1); w("d", -1.0); w("i", 2); w("i", 1)
        w("d", 12.0); w("i", 0); w("i", 50); w("i", 3 * 30 * 50)
        w("i", -1); w("d", -1.0); w("i", 3); w("d", 1.0); w("i", 50)
        f.write(array.array("d", x).tobytes())
        w("i", 1); w("d", 1.0); w("i", 0)
        for i in range(n):
            w("dd", x[i * d] * scale, x[i * d + 1] * scale)

def read(result, out):
    with open(result, "rb") as f:
        n, d = struct.unpack("=ii", f.read(8))
        y = struct.unpack("=%dd" % (n * d), f.read(8 * n * d))
    with open(out, "w") as f:
        f.write("x\ty\n")
        for i in range(n):
            f.write("%.17g\t%.17g\n" % (y[i * d], y[i * d + 1]))

if __name__ == "__main__":
    if sys.argv[1] == "--read":
        read(sys.argv[2], sys.argv[3])
    else:
        write(sys.argv[1], sys.argv[2])
