#!/bin/sh
# Runs the benchmarks N times (default 5), interleaved (each run goes through
# every mode and client once, so a load change on the machine hits all
# clients alike), keeps the raw output in out.txt (benchstat reads it), and
# prints the README tables and the target check.
#
#   cd bench && ./ratios.sh [N] [test binary flags, e.g. -test.benchtime=2s]
set -eu
cd "$(dirname "$0")"
n=${1:-5}
[ $# -gt 0 ] && shift
go test -c -o bench.test .
trap 'rm -f bench.test' EXIT
: > out.txt
i=1
while [ "$i" -le "$n" ]; do
	echo "run $i/$n" >&2
	./bench.test -test.run '^$' -test.bench . -test.benchmem "$@" | tee -a out.txt >&2
	i=$((i + 1))
done
go version
go run ./ratios out.txt
