#!/usr/bin/env bash
# Analyzer against analyzer: CLI jars run one after another on one input, round after round, so
# that this machine's drift (2-3x from day to day, a fifth within an hour) hits them alike.
#   bench/ab.sh INPUT JAR...      # e.g. bench/ab.sh bench/work/jars/kafka-clients-3.7.1.jar old.jar new.jar
# Environment: AB_RUNS (5 rounds), AB_HEAP (-Xmx6g). Prints each run, then per jar the median wall
# and CPU seconds, the peak RSS and the ratio to the first jar. Run it alone on the machine.
set -euo pipefail
input=$1
shift
runs=${AB_RUNS:-5}
heap=${AB_HEAP:--Xmx6g}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for ((r = 1; r <= runs; r++)); do
  for jar in "$@"; do
    /usr/bin/time -f "$jar %e %U %S %M" -o "$log.one" \
      java "$heap" -jar "$jar" --exit-zero "$input" -o /dev/null 2>/dev/null || true
    cat "$log.one" | tee -a "$log" >&2
  done
done
rm -f "$log.one"
python3 - "$log" "$@" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
first = None
print("| jar | wall s (median) | CPU s (median) | peak RSS MB (median) | / first |")
print("|---|---:|---:|---:|---:|")
for jar in sys.argv[2:]:
    mine = [r for r in rows if r[0] == jar]
    wall = statistics.median(float(r[1]) for r in mine)
    cpu = statistics.median(float(r[2]) + float(r[3]) for r in mine)
    rss = statistics.median(int(r[4]) for r in mine) / 1024
    first = first or wall
    print(f"| {jar} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {wall / first:.2f} |")
EOF
