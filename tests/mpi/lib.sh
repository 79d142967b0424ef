# tests/mpi/lib.sh - sourced by the MPI tests, after tests/shell/lib.sh.
#
# The tests run only in a build configured --with-mpi (FLOWMAP_MPI set
# by make check) and skip (77) elsewhere.  mpirun runs the ranks
# oversubscribed (CI has two cores) and, when the tests run as root as
# in CI, with Open MPI's consent to that.

if [ -z "${FLOWMAP_MPI:-}" ] || [ ! -x "$FLOWMAP_MPI" ] ||
    [ -z "${MPIRUN:-}" ]; then
	echo "skip: flowmap-mpi not built (configure --with-mpi)"
	rm -rf "$T"
	exit 77
fi
if [ "$(id -u)" -eq 0 ]; then
	OMPI_ALLOW_RUN_AS_ROOT=1
	OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
	export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM
fi
# Quiet about the missing high-speed networks of a test machine.
OMPI_MCA_btl_base_warn_component_unused=0
export OMPI_MCA_btl_base_warn_component_unused

# mpi N ARGS...: flowmap-mpi on N ranks, stdout to $T/out, stderr to
# $T/err; the exit status is mpirun's.  A minute at most: a hang fails.
mpi() {
	n=$1; shift
	timeout 120 "$MPIRUN" --oversubscribe -n "$n" "$FLOWMAP_MPI" "$@" \
	    >"$T/out" 2>"$T/err"
}

# stripped FILE: stats --json without what says how the run went.
stripped() {
	grep -v -e '"threads":' -e '"inflater":' -e '"timings":' "$1"
}

# same DESCRIPTION A B: two files byte for byte.
same() {
	checks=$((checks + 1))
	cmp -s "$2" "$3" || { fail "$1: $(basename "$2") and $(basename "$3") differ"; diff "$2" "$3" | head -5; }
}
