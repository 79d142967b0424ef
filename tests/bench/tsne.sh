#!/bin/sh
# tests/bench/tsne.sh - flowmap's t-SNE engine against Rtsne and scikit-learn.
#
# usage: tests/bench/tsne.sh [matrix.tsv]
#
# Without a file, a synthetic matrix of $N rows (default 10000) x $D (840)
# columns is generated: $CLUSTERS Gaussian clusters of non-negative rows
# normalised to sum 1, like flowmap's feature vectors.  Each implementation
# gets the same perplexity, theta, iterations and threads; the wall time
# covers the embedding only (PCA included), not reading the file.
#
# Environment: N, D, CLUSTERS, THREADS (2), PERPLEXITY (30), THETA (0.5),
# ITERS (1000), SEED (1), REFERENCES (1; 0 runs flowmap alone, e.g. for
# N=100000), top_builddir (where tests/bench/tsne-bench was built, default
# the current directory), PYTHON (python3 with sklearn, default
# /usr/bin/python3).  Needs Debian r-cran-rtsne and python3-sklearn.
#
# All three use OpenMP; OMP_WAIT_POLICY defaults to passive here, because
# on a machine shared with other work, threads spinning at barriers while
# their partner is descheduled cost every implementation several times
# its run time.  Set OMP_WAIT_POLICY=active to measure the other way.
#
# Learning rates: flowmap and Rtsne use 200 on a gradient without eq. 5's
# factor 4 (bhtsne's convention); scikit-learn's gradient has it, so it
# gets 50, the same step.
set -eu

N=${N:-10000}
D=${D:-840}
CLUSTERS=${CLUSTERS:-10}
THREADS=${THREADS:-2}
PERPLEXITY=${PERPLEXITY:-30}
THETA=${THETA:-0.5}
ITERS=${ITERS:-1000}
SEED=${SEED:-1}
REFERENCES=${REFERENCES:-1}
PYTHON=${PYTHON:-/usr/bin/python3}
OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
export OMP_WAIT_POLICY
BENCH=${top_builddir:-.}/tests/bench/tsne-bench

if [ ! -x "$BENCH" ]; then
	echo "tsne.sh: $BENCH not found; run make in the build directory" \
	    "or set top_builddir" >&2
	exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/tsne-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ $# -ge 1 ]; then
	data=$1
else
	data=$work/synthetic.tsv
	echo "generating $N x $D synthetic rows in $CLUSTERS clusters" >&2
	awk -v n="$N" -v d="$D" -v c="$CLUSTERS" -v seed="$SEED" 'BEGIN {
		srand(seed)
		for (k = 0; k < c; k++)
			for (j = 0; j < d; j++)
				centre[k, j] = rand()
		printf "computer"
		for (j = 0; j < d; j++)
			printf "\tf%d", j
		printf "\n"
		for (i = 0; i < n; i++) {
			k = i % c
			s = 0
			for (j = 0; j < d; j++) {
				# Box-Muller, sd 0.15 around the centre, clipped at 0.
				u = rand(); if (u < 1e-12) u = 1e-12
				v = centre[k, j] + 0.15 * sqrt(-2 * log(u)) * \
				    cos(6.283185307179586 * rand())
				x[j] = v > 0 ? v : 0
				s += x[j]
			}
			if (s == 0) s = 1
			printf "C%d", i
			for (j = 0; j < d; j++)
				printf "\t%.6g", x[j] / s
			printf "\n"
		}
	}' > "$data"
fi

# With ROLES (a computer,role file for the matrix's named rows), each map's
# 10-NN role agreement is reported too (tests/tools/nnagree).
NNAGREE=${top_builddir:-.}/tests/tools/nnagree
agreement() {	# XY-FILE (header x y, rows in the matrix's order)
	[ -n "${ROLES:-}" ] && [ -s "$1" ] || { echo "-"; return; }
	cut -f1 "$data" | paste - "$1" >"$work/named.tsv"
	"$NNAGREE" "$work/named.tsv" "$ROLES" 2>/dev/null || echo "-"
}

# flowmap: tsne-bench prints "n=.. d=.. read=.. embed=SECONDS kl=KL".
out=$("$BENCH" -t "$THREADS" -p "$PERPLEXITY" -T "$THETA" -i "$ITERS" \
    -s "$SEED" -o "$work/flowmap.xy" "$data" 2>/dev/null)
f_agree=$(agreement "$work/flowmap.xy")
f_time=$(echo "$out" | sed -n 's/.* embed=\([^ ]*\).*/\1/p')
f_kl=$(echo "$out" | sed -n 's/.* kl=\([^ ]*\).*/\1/p')
echo "$out" |
    sed -n 's/^n=\([0-9]*\) d=\([0-9]*\).*/points: \1, dimensions: \2/p'
printf '%-10s %10s %10s %12s %10s %10s\n' implementation "wall (s)" \
    "final KL" "time/flowmap" "KL/flowmap" "10-NN role"
printf '%-10s %10.2f %10.4f %12s %10s %10s\n' flowmap "$f_time" "$f_kl" 1 1 \
    "$f_agree"
[ "$REFERENCES" = 0 ] && exit 0

r_time=; r_kl=
if Rscript -e 'library(Rtsne)' >/dev/null 2>&1; then
	r_out=$(Rscript - "$data" "$THREADS" "$PERPLEXITY" "$THETA" "$ITERS" \
	    "$SEED" "$work/rtsne.xy" <<'EOF_R' 2>/dev/null
a <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(Rtsne))
x <- read.delim(a[1], check.names = FALSE)
if (!is.numeric(x[[1]])) x <- x[-1]
x <- as.matrix(x)
set.seed(as.integer(a[6]))
t <- system.time(r <- Rtsne(x, dims = 2, perplexity = as.numeric(a[3]),
    theta = as.numeric(a[4]), max_iter = as.integer(a[5]), pca = TRUE,
    initial_dims = 50, check_duplicates = FALSE,
    num_threads = as.integer(a[2]), verbose = FALSE))
y <- r$Y
colnames(y) <- c("x", "y")
write.table(y, a[7], sep = "\t", quote = FALSE, row.names = FALSE)
cat(t[["elapsed"]], tail(r$itercosts, 1), "\n")
EOF_R
	) || true
	r_time=$(echo "$r_out" | awk '{print $1}')
	r_kl=$(echo "$r_out" | awk '{print $2}')
fi
if [ -n "$r_time" ]; then
	printf '%-10s %10.2f %10.4f %12.2f %10.4f %10s\n' Rtsne "$r_time" "$r_kl" \
	    "$(echo "$r_time $f_time" | awk '{print $1 / $2}')" \
	    "$(echo "$r_kl $f_kl" | awk '{print $1 / $2}')" \
	    "$(agreement "$work/rtsne.xy")"
else
	echo "Rtsne: not available (Debian: r-cran-rtsne)"
fi

s_out=$("$PYTHON" - "$data" "$THREADS" "$PERPLEXITY" "$THETA" "$ITERS" \
    "$SEED" "$work/sklearn.xy" <<'EOF_PY' 2>/dev/null
import sys, time
import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
path, threads, perp, theta, iters, seed, out = sys.argv[1:8]
with open(path) as f:
    header = f.readline()
    first = f.readline().split("\t")
try:
    float(first[0]); skip = 0
except ValueError:
    skip = 1
ncols = len(first)
x = np.loadtxt(path, delimiter="\t", skiprows=1, dtype=np.float32,
               usecols=range(skip, ncols))
t0 = time.perf_counter()
if x.shape[1] > 50:
    x = PCA(n_components=50, random_state=int(seed)).fit_transform(x)
kw = dict(n_components=2, perplexity=float(perp), angle=float(theta),
          method="barnes_hut", init="random", learning_rate=50.0,
          early_exaggeration=12.0, n_jobs=int(threads),
          random_state=int(seed))
try:
    t = TSNE(max_iter=int(iters), **kw)
except TypeError:
    t = TSNE(n_iter=int(iters), **kw)
y = t.fit_transform(x)
elapsed = time.perf_counter() - t0
np.savetxt(out, y, delimiter="\t", header="x\ty", comments="")
print(elapsed, t.kl_divergence_)
EOF_PY
) || true
s_time=$(echo "$s_out" | awk '{print $1}')
s_kl=$(echo "$s_out" | awk '{print $2}')
if [ -n "$s_time" ]; then
	printf '%-10s %10.2f %10.4f %12.2f %10.4f %10s\n' sklearn "$s_time" "$s_kl" \
	    "$(echo "$s_time $f_time" | awk '{print $1 / $2}')" \
	    "$(echo "$s_kl $f_kl" | awk '{print $1 / $2}')" \
	    "$(agreement "$work/sklearn.xy")"
else
	echo "sklearn: not available (Debian: python3-sklearn)"
fi

if [ -n "$r_time" ]; then
	echo "$f_time $f_kl $r_time $r_kl" | awk '{
		speed = $3 / $1; kl = $2 / $4
		printf "targets: %.1fx faster than Rtsne (want >= 5): %s; " \
		    "KL %.4f x Rtsne'"'"'s (want <= 1.02): %s\n", speed,
		    speed >= 5 ? "met" : "MISSED", kl,
		    kl <= 1.02 ? "met" : "MISSED"
	}'
fi
