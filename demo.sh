#!/usr/bin/env bash
# The end-to-end demo on embedded defaults: builds, runs the testapp with the agent against the simulated
# vLLM-like server (started inside the testapp), and prints what genai-watch captured.
set -euo pipefail
cd "$(dirname "$0")"
OUT=target/demo
mkdir -p "$OUT"
echo "== building (mvn package, tests skipped) ..."
mvn -q -B -DskipTests package
AGENT=agent/target/genai-watch-agent.jar
APP=testapp/target/genai-watch-testapp.jar
echo "== running the testapp with -javaagent:$AGENT (realistic latency model, all OpenAI SDK scenarios) ..."
OTEL_SERVICE_NAME=genai-watch-demo \
OTEL_TRACES_EXPORTER=logging-otlp \
OTEL_METRICS_EXPORTER=none \
OTEL_BSP_SCHEDULE_DELAY=200 \
  java -javaagent:"$AGENT" -jar "$APP" run all --latency realistic --requests "${DEMO_REQUESTS:-24}" \
  > "$OUT/run.out" 2> "$OUT/run.err" || { echo "testapp failed:"; cat "$OUT/run.err"; exit 1; }
grep -v '^{"resource' "$OUT/run.out" | sed 's/^/   app | /' | cut -c1-140
echo
java -cp "$APP" dev.genaiwatch.testapp.report.CaptureReport "$OUT/run.out"
echo
echo "Raw OTLP/JSON: $OUT/run.out   (one export request per line; try: grep resourceSpans $OUT/run.out | head -1 | python3 -m json.tool)"
