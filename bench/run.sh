#!/usr/bin/env bash
# Runs every genai-watch benchmark and writes bench/BENCHMARKS.md.
#
#   bench/run.sh [--quick | --medium | --long] [--skip overhead|profile|micro|processor]
#
#   --quick   smoke run: 2 rounds, short JMH iterations (numbers indicative only); 5 min on the busy 2-core box
#   --medium  default: 5 rounds, 10,000 calls for memory, 3 steady-state rounds after 30,000 warm-up calls; ~35 min on a quiet 2-core box
#   --long    for publishing numbers: 10 rounds, 2 JMH forks; plan for well over an hour on such a machine
#
# It builds the agent, the testapp and bench/target/benchmarks.jar with the reactor (no install), fetches the
# upstream OpenTelemetry Java agent from Maven Central into bench/target/upstream (not committed), runs the
# forked-JVM overhead harness and the JMH micro-benchmarks, and writes BENCHMARKS.md.
set -euo pipefail

UPSTREAM_VERSION=2.33.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE=medium
SKIP=none
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) MODE=quick ;;
    --medium) MODE=medium ;;
    --long) MODE=long ;;
    --skip) SKIP="$2"; shift ;;
    *) echo "usage: bench/run.sh [--quick|--medium|--long] [--skip overhead|profile|micro|processor]" >&2; exit 2 ;;
  esac
  shift
done

echo "== building agent, testapp, processor (with its benchmark harnesses) and benchmarks"
mvn -B -q -o -pl agent/javaagent,testapp/simulator,testapp/app,processor/service,bench -am package -DskipTests 2>/dev/null \
  || mvn -B -q -pl agent/javaagent,testapp/simulator,testapp/app,processor/service,bench -am package -DskipTests

UPSTREAM_DIR=bench/target/upstream
UPSTREAM_JAR="$UPSTREAM_DIR/opentelemetry-javaagent-$UPSTREAM_VERSION.jar"
if [[ ! -f "$UPSTREAM_JAR" ]]; then
  echo "== fetching io.opentelemetry.javaagent:opentelemetry-javaagent:$UPSTREAM_VERSION"
  mvn -B -q dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$UPSTREAM_VERSION" \
    -DoutputDirectory="$UPSTREAM_DIR"
fi

COMMAND="bench/run.sh --$MODE"
[[ "$SKIP" != none ]] && COMMAND="$COMMAND --skip $SKIP"
echo "== running ($MODE)"
java -cp bench/target/benchmarks.jar dev.genaiwatch.bench.BenchmarkSuite \
  --mode "$MODE" \
  --skip "$SKIP" \
  --testapp testapp/app/target/genai-watch-testapp.jar \
  --agent agent/javaagent/target/genai-watch-agent.jar \
  --upstream "$UPSTREAM_JAR" \
  --upstream-version "$UPSTREAM_VERSION" \
  --processor-classpath processor/service/target/test-classes:processor/service/target/genai-watch-processor.jar \
  --work-dir bench/target/bench-work \
  --command "$COMMAND" \
  --out bench/BENCHMARKS.md
