#!/usr/bin/env bash
# The benchmark: lockorder against the ASM floor, Soot and SpotBugs. Not part of `mvn -B verify`.
#   bench/run.sh                        # everything, 3 runs each (tens of minutes)
#   BENCH_RUNS=1 BENCH_INPUTS=kafka-clients BENCH_PEERS= bench/run.sh   # a quick look
# Writes bench/RESULTS.md and prints the same tables. Inputs and outputs go to bench/work/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/bench/work"
mkdir -p "$work/jars" "$work/large"
cd "$root"
echo "bench: building lockorder and the bench runner" >&2
mvn -B -q -DskipTests -Dinvoker.skip=true install -pl analyzer -am
mvn -B -q -f bench/pom.xml package dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"
echo "bench: fetching inputs from Maven Central" >&2
for a in com.google.guava:guava:33.3.1-jre org.eclipse.jetty:jetty-server:9.4.56.v20240826 \
         org.apache.kafka:kafka-clients:3.7.1; do
  mvn -B -q dependency:copy -Dartifact="$a" -DoutputDirectory="$work/jars" -Dmdep.stripVersion=false
done
mvn -B -q -f bench/inputs/large/pom.xml dependency:copy-dependencies -DoutputDirectory="$work/large" \
  -DincludeScope=runtime
exec python3 "$root/bench/bench.py" "$work"
