package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthProbeTest {
  @Test
  void defaultsToLivenessOnTheConfiguredHttpPort() {
    assertThat(HealthProbe.defaultUrl(Map.of())).isEqualTo("http://127.0.0.1:8080/health/live");
    assertThat(HealthProbe.defaultUrl(Map.of("POSTBOX_HTTP_PORT", "9000"))).isEqualTo("http://127.0.0.1:9000/health/live");
  }

  @Test
  void isUpOnlyWhenTheUrlAnswers200() {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = TestPostbox.await(vertx.createHttpServer()
          .requestHandler(request -> request.response()
              .setStatusCode(request.path().equals("/health/live") ? 200 : 503).end())
          .listen(0));
      String base = "http://127.0.0.1:" + server.actualPort();
      assertThat(HealthProbe.isUp(base + "/health/live")).isTrue();
      assertThat(HealthProbe.isUp(base + "/health/ready")).isFalse();
      assertThat(HealthProbe.isUp("http://127.0.0.1:" + TestPostbox.freePort() + "/health/live")).isFalse();
      assertThat(HealthProbe.isUp("not a url")).isFalse();
    } finally {
      TestPostbox.await(vertx.close());
    }
  }
}
