package dev.genaiwatch.processor;

import com.google.protobuf.ByteString;
import dev.genaiwatch.testing.OtlpReceiver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resident memory of a forked processor (-Xmx512m, defaults otherwise) with a black-holed
 * downstream (not a test: it reports, it does not judge): a burst of 20,000 GenAI spans, then 300
 * requests of 15 MiB each from 4 senders that retry 503s a few times. Prints peak RSS per scenario
 * and whether the processor survived. Run with the test classpath: {@code java -cp ...
 * dev.genaiwatch.processor.MemoryBurstHarness}.
 */
public final class MemoryBurstHarness {
  private MemoryBurstHarness() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("genai-watch-memory");
    String blackHole;
    try (OtlpReceiver gone = OtlpReceiver.start()) {
      blackHole = gone.grpcEndpoint();
    }
    Map<String, String> settings =
        Map.of(
            "data.dir",
            work.resolve("data").toString(),
            "downstream.endpoint",
            blackHole,
            "downstream.max.backoff.ms",
            "1000");
    try (ForkedProcessor p = ForkedProcessor.start(work, settings)) {
      long pid = p.process.pid();
      System.out.printf("idle: RSS %d MiB%n", rssMiB(pid));
      RssSampler sampler = new RssSampler(pid);
      sampler.start();
      List<ExportTraceServiceRequest> burst = new ArrayList<>();
      for (int r = 0; r < 400; r++) {
        Span[] spans = new Span[50];
        for (int s = 0; s < spans.length; s++) {
          spans[s] = GenAiCalls.chat("model-" + (r % 7), 100, 50, "burst question " + r + "-" + s);
        }
        burst.add(GenAiCalls.request("burst", spans));
      }
      Answers a = send(p.httpPort, burst, 4, 5);
      sampler.stop();
      System.out.printf(
          "20,000-span burst: %s; peak RSS %d MiB; alive %b%n",
          a, sampler.peakMiB(), p.process.isAlive());

      sampler = new RssSampler(pid);
      sampler.start();
      byte[] big = new byte[15 * 1024 * 1024 - 4096];
      List<ExportTraceServiceRequest> huge = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        big[r] = (byte) r;
        huge.add(
            GenAiCalls.request(
                "huge",
                GenAiCalls.plain("big " + r).toBuilder()
                    .addAttributes(
                        KeyValue.newBuilder()
                            .setKey("payload")
                            .setValue(
                                AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(big))))
                    .build()));
      }
      List<ExportTraceServiceRequest> threeHundred = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        threeHundred.add(huge.get(i % huge.size()));
      }
      Answers b = send(p.httpPort, threeHundred, 4, 3);
      sampler.stop();
      System.out.printf(
          "300 x 15 MiB: %s; peak RSS %d MiB; alive %b; /healthz %d%n",
          b, sampler.peakMiB(), p.process.isAlive(), p.client.get("/healthz").statusCode());
    }
  }

  record Answers(int ok, int retryable, int other, int gaveUp) {
    @Override
    public String toString() {
      return ok
          + " accepted, "
          + retryable
          + " answered 503 (retried), "
          + other
          + " other, "
          + gaveUp
          + " given up after retries";
    }
  }

  private static Answers send(
      int port, List<ExportTraceServiceRequest> requests, int senders, int attempts)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger retryable = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger gaveUp = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      Thread thread =
          new Thread(
              () -> {
                HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i; (i = next.getAndIncrement()) < requests.size(); ) {
                  byte[] body = requests.get(i).toByteArray();
                  boolean done = false;
                  for (int attempt = 0; attempt < attempts && !done; attempt++) {
                    try {
                      HttpResponse<Void> response =
                          client.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                                  .header("Content-Type", "application/x-protobuf")
                                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                  .build(),
                              HttpResponse.BodyHandlers.discarding());
                      if (response.statusCode() == 200) {
                        ok.incrementAndGet();
                        done = true;
                      } else if (response.statusCode() == 503 || response.statusCode() == 429) {
                        retryable.incrementAndGet();
                        Thread.sleep(200);
                      } else {
                        other.incrementAndGet();
                        done = true;
                      }
                    } catch (Exception e) {
                      other.incrementAndGet();
                      done = true;
                    }
                  }
                  if (!done) {
                    gaveUp.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return new Answers(ok.get(), retryable.get(), other.get(), gaveUp.get());
  }

  static long rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  private static final class RssSampler {
    private final long pid;
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    RssSampler(long pid) {
      this.pid = pid;
      this.thread =
          new Thread(
              () -> {
                while (running) {
                  peak.accumulateAndGet(rssMiB(pid), Math::max);
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      peak.accumulateAndGet(rssMiB(pid), Math::max);
    }

    long peakMiB() {
      return peak.get();
    }
  }
}
