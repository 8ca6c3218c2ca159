package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {
  @TempDir Path dataDir;
  TestProcessor p;

  @BeforeEach
  void start() {
    p = TestProcessor.start(dataDir, Map.of("auth.token", "s3cret"));
  }

  @AfterEach
  void stop() {
    p.close();
  }

  @Test
  void otlpHttpWithoutTheTokenIs401() {
    byte[] body = GenAiCalls.request("shop", GenAiCalls.plain("a")).toByteArray();
    assertThat(p.client.post("/v1/traces", "application/x-protobuf", body, null).statusCode())
        .isEqualTo(401);
    assertThat(p.client.post("/v1/traces", "application/x-protobuf", body, "wrong").statusCode())
        .isEqualTo(401);
    assertThat(p.client.post("/v1/traces", "application/x-protobuf", body, "s3cret").statusCode())
        .isEqualTo(200);
  }

  @Test
  void otlpGrpcWithoutTheTokenIsUnauthenticated() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> p.client.grpcTraces().export(GenAiCalls.request("shop", GenAiCalls.plain("a"))));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void theApiNeedsTheTokenButHealthAndMetricsDoNot() {
    assertThat(p.client.get("/api/drift").statusCode()).isEqualTo(401);
    assertThat(p.client.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(p.client.get("/metrics").statusCode()).isEqualTo(200);
  }
}
