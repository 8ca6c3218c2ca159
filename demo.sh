#!/usr/bin/env bash
# The end-to-end demo on embedded defaults (JDK 17 + Maven, nothing else):
#   builds; starts a simulated vLLM-like server, a second one playing the judge, and the genai-watch processor;
#   runs the testapps with the agent across every supported client (OpenAI SDK incl. the Responses API, Anthropic SDK,
#   LangChain4j, Spring AI, OkHttp, JDK HttpClient, Spring WebClient, Apache HttpClient 5; sync and streaming), then a support shop's healthy traffic, then traffic that degrades; prints the
#   report and writes the HTML report (target/demo/report.html) with the processor's `report` command.
# Everything it starts is stopped when it ends (also on Ctrl-C or failure), except the processor with
# --keep-running (or DEMO_KEEP=1): its live page stays up until you stop it. Output and logs: target/demo/.
set -euo pipefail
cd "$(dirname "$0")"
KEEP=${DEMO_KEEP:-0}
for arg in "$@"; do
  case "$arg" in
    --keep-running) KEEP=1 ;;
    *) echo "usage: $0 [--keep-running]   (or DEMO_KEEP=1; DEMO_STEADY_CALLS, DEMO_SHIFTED_CALLS change the traffic)" >&2; exit 2 ;;
  esac
done
OUT=target/demo
rm -rf "$OUT" && mkdir -p "$OUT"
STEADY=${DEMO_STEADY_CALLS:-50}   # steady support questions
SHIFTED=${DEMO_SHIFTED_CALLS:-40} # then this many steady calls again, then as many shifted ones
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
step() { printf '\n== [%3ss] %s\n' "$SECONDS" "$*"; }

# Starts a background JVM and waits (at most 60 s) for its ready line, which it prints.
start_and_wait() { # name ready-regex log command...
  local name=$1 ready=$2 log=$3; shift 3
  "$@" > "$log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  for _ in $(seq 1 600); do
    if line=$(grep -m1 -E "$ready" "$log"); then echo "$line"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name failed to start:" >&2; cat "$log" >&2; return 1; fi
    sleep 0.1
  done
  echo "$name did not start within 60 s:" >&2; cat "$log" >&2; return 1
}

step "building agent, processor and testapps (mvn package, tests skipped; the first run downloads dependencies)"
mvn -q -B -DskipTests -pl agent/javaagent,processor/service,testapp/simulator,testapp/app,testapp/spring-ai/boot3 -am package
AGENT=agent/javaagent/target/genai-watch-agent.jar
APP=testapp/app/target/genai-watch-testapp.jar
SIM=testapp/simulator/target/genai-watch-simulator.jar
SPRING_APP=testapp/spring-ai/boot3/target/genai-watch-testapp-spring-ai-boot3.jar
PROCESSOR=processor/service/target/genai-watch-processor.jar

step "starting the simulated judge"
# Not in $(...): the background JVM must be a child of this shell so that cleanup can stop it.
start_and_wait judge 'SIM_SERVER_READY' "$OUT/judge.log" java -jar "$SIM" \
  --latency=zero > "$OUT/judge.ready"
JUDGE_URL=$(awk '{print $2}' "$OUT/judge.ready")

step "starting the processor (default drift detector on a 60-call reference, judge on 50% of traces, no downstream: calls kept in memory)"
# Latency follows this machine's load (and JIT warm-up) more than the traffic: the demo watches what users ask
# and what the model answers, so the timing features are left out of drift here (they are on by default).
# The shop's OpenAI and LangChain4j calls carry different system prompts; one drift key per service and model
# (not per prompt template) keeps the demo's before/after story in one place. The calibrated default detector
# decides (one false alarm per 10,000 calls of a key) on a 60-call reference, the smallest docs/drift.md
# measures, so the demo's short run learns in time; the shift is found by the product's own thresholds.
GENAI_WATCH_PROCESSOR_BIND_ADDRESS=127.0.0.1 GENAI_WATCH_PROCESSOR_GRPC_PORT=0 GENAI_WATCH_PROCESSOR_HTTP_PORT=0 \
GENAI_WATCH_PROCESSOR_DATA_DIR="$OUT/processor-data" \
GENAI_WATCH_PROCESSOR_DRIFT_REFERENCE_SIZE=60 GENAI_WATCH_PROCESSOR_DRIFT_WINDOW_SIZE=30 \
GENAI_WATCH_PROCESSOR_DRIFT_EVALUATE_EVERY_CALLS=10 \
GENAI_WATCH_PROCESSOR_DRIFT_KEY_BY_TEMPLATE=false \
GENAI_WATCH_PROCESSOR_COST_PRICES_FILE=ops/prices-example.txt \
GENAI_WATCH_PROCESSOR_DRIFT_EXCLUDE_FEATURES=duration,time_to_first_chunk,output_tokens_per_second \
GENAI_WATCH_EVAL_JUDGE_BASE_URL="$JUDGE_URL" GENAI_WATCH_EVAL_JUDGE_MODEL=judge-sim GENAI_WATCH_EVAL_SAMPLE_RATE=0.5 \
  start_and_wait processor 'PROCESSOR_READY' "$OUT/processor.log" java -Xmx512m -jar "$PROCESSOR" > "$OUT/processor.ready"
PROCESSOR_PID=${PIDS[-1]}
PROCESSOR_URL="http://127.0.0.1:$(sed -E 's/.*http=([0-9]+).*/\1/' "$OUT/processor.ready")"

step "starting the simulated vLLM-like server (TTFT, prefill and decode latency, prefix cache), sending its llm_request spans to the processor"
# Like vLLM's --otlp-traces-endpoint: the processor joins each call with the server's own span (latency split).
start_and_wait sim 'SIM_SERVER_READY' "$OUT/sim.log" java -jar "$SIM" \
  --latency=realistic --ttft-base-ms=40 --prefill-ms-per-token=0.2 --decode-ms-per-token=2 \
  --otlp-traces-endpoint="$PROCESSOR_URL" > "$OUT/sim.ready"
LLM_URL=$(awk '{print $2}' "$OUT/sim.ready")
echo "   model server $LLM_URL, judge $JUDGE_URL, processor $PROCESSOR_URL"
echo "   processor $PROCESSOR_URL (OTLP/HTTP in; /metrics, /api/drift, /api/calls)"

# The tour of every client runs as its own service, so the shop's drift reference holds only its own traffic.
run_app() { # label scenarios requests service
  OTEL_SERVICE_NAME="$4" OTEL_EXPORTER_OTLP_ENDPOINT="$PROCESSOR_URL" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
  OTEL_BSP_SCHEDULE_DELAY=200 OTEL_METRIC_EXPORT_INTERVAL=60000 \
    java -javaagent:"$AGENT" -jar "$APP" run "$2" --base-url "$LLM_URL" --requests "$3" \
    > "$OUT/app-$1.out" 2> "$OUT/app-$1.err" || { echo "testapp failed:"; tail -20 "$OUT/app-$1.err"; exit 1; }
  grep -E '^[a-z0-9-]+: ' "$OUT/app-$1.out" | cut -c1-110 | sed 's/^/   app | /' || true
}

step "every client once: OpenAI SDK (chat completions, Responses API), Anthropic SDK, LangChain4j (chat, stream, tools, RAG), JDK HttpClient, OkHttp, WebClient and Apache HttpClient 5 to the simulated server"
run_app tour "openai-chat,openai-chat-stream,openai-prefix-cache,openai-embeddings,openai-responses,anthropic-messages,langchain4j-chat,langchain4j-chat-stream,langchain4j-ai-service-tool,langchain4j-ai-service-rag,langchain4j-ai-service-rag-grounded,langchain4j-embeddings,jdk-chat,jdk-chat-stream,jdk-embeddings,okhttp-chat,okhttp-sse,webclient-chat-stream,apache-classic-chat" 1 demo-tour

step "a Spring Boot 3.5 application using Spring AI 1.1 (ChatModel, ChatClient with RAG advisor and tools, streams, a streamed tool loop)"
OTEL_SERVICE_NAME=demo-tour-spring-ai OTEL_EXPORTER_OTLP_ENDPOINT="$PROCESSOR_URL" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
OTEL_BSP_SCHEDULE_DELAY=200 OTEL_METRIC_EXPORT_INTERVAL=60000 \
  java -javaagent:"$AGENT" -jar "$SPRING_APP" --spring.ai.openai.base-url="${LLM_URL%/v1}" --spring.main.banner-mode=off \
  > "$OUT/app-spring-ai.out" 2> "$OUT/app-spring-ai.err" || { echo "Spring AI testapp failed:"; tail -20 "$OUT/app-spring-ai.err"; exit 1; }
grep -E '^[a-z0-9-]+: ' "$OUT/app-spring-ai.out" | cut -c1-110 | sed 's/^/   app | /' || true

step "healthy traffic: $STEADY support questions to the shop (one in three answered from its policy documents by a LangChain4j RAG service)"
run_app steady shop-steady "$STEADY" demo-shop

# How many chat calls the processor has seen for the shop's drift key: the shift starts SHIFTED calls later.
chat_calls() {
  curl -sf "$PROCESSOR_URL/api/drift" | grep -o '"id":"demo-shop|[^"]*|chat"[^{]*"calls":[0-9]*' | grep -o '[0-9]*$' | head -1
}
sleep 1
BEFORE_SHIFT=$(( $(chat_calls || echo 0) + SHIFTED ))

step "shifted traffic: $SHIFTED more healthy calls, then $SHIFTED that degrade (after call $BEFORE_SHIFT): longer questions, many in Chinese or German, that the policies do not cover, asking for detail"
run_app shifted shop-shifted "$((SHIFTED * 2))" demo-shop

step "waiting for the processor to drain and the judge to finish"
sleep 3
curl -sf "$PROCESSOR_URL/metrics" > "$OUT/metrics.txt" || true

step "report"
java -cp "$PROCESSOR" dev.genaiwatch.processor.report.DemoReport "$PROCESSOR_URL" "$OUT/processor.log" "$BEFORE_SHIFT" \
  | tee "$OUT/report.txt"

step "HTML report and live page"
# The processor's `report` command and its /ui/ page come with issue 23's page; an older processor jar has neither.
PAGE_URL="$PROCESSOR_URL/ui/"
if java -jar "$PROCESSOR" report --from "$PROCESSOR_URL" --out "$OUT/report.html" > "$OUT/report-html.log" 2>&1; then
  echo "   report: $(pwd)/$OUT/report.html"
elif grep -q 'usage: java -jar genai-watch-processor.jar \[--config' "$OUT/report-html.log"; then
  echo "   note: this processor has no 'report' command yet, so no HTML report was written (the text report is $OUT/report.txt)"
else
  echo "report command failed:" >&2; cat "$OUT/report-html.log" >&2; exit 1
fi
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$PAGE_URL")" = 200 ]; then
  echo "   live page: $PAGE_URL"
else
  echo "   note: this processor serves no page at $PAGE_URL yet; its JSON is at $PROCESSOR_URL/api/drift and /api/calls"
fi
if [ "$KEEP" = 1 ]; then
  # Everything else stops with the demo; the processor (and what it holds in memory) stays for the page.
  others=()
  for pid in "${PIDS[@]}"; do [ "$pid" = "$PROCESSOR_PID" ] || others+=("$pid"); done
  PIDS=("${others[@]}")
  printf '\nDemo finished in %ss. The processor keeps running for %s (pid %s): stop it with  kill %s\n' \
    "$SECONDS" "$PAGE_URL" "$PROCESSOR_PID" "$PROCESSOR_PID"
else
  printf '\nDemo finished in %ss; nothing left running (./demo.sh --keep-running leaves the processor up for the page). Logs, metrics and the reports: %s/\n' "$SECONDS" "$OUT"
fi
