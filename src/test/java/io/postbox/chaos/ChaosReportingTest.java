package io.postbox.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counting and the one-line verdicts of scripts/chaos; the scenarios themselves run only there. */
class ChaosReportingTest {
  @Test
  void answersAreCountedByStatusAndCodeAndA503WithoutRetryAfterIsCountedApart() {
    Answers answers = new Answers();
    answers.answered(201, null, null);
    answers.answered(201, null, null);
    answers.answered(503, "service_unavailable", "2");
    answers.answered(503, "service_unavailable", null);
    answers.answered(500, "internal_server", null);
    answers.unanswered();

    assertThat(answers.summary()).isEqualTo("201=2 500 internal_server=1 503 service_unavailable=2 "
        + "503-without-Retry-After=1 no-answer=1");
    assertThat(answers.withStatus(503)).isEqualTo(2);
    assertThat(answers.withStatus(50)).isZero();
    assertThat(answers.withStatus(500)).isEqualTo(1);
    assertThat(answers.count(Answers.MISSING_RETRY_AFTER)).isEqualTo(1);
    assertThat(answers.count(Answers.NO_ANSWER)).isEqualTo(1);
    assertThat(answers.total()).isEqualTo(6);
    assertThat(new Answers().summary()).isEqualTo("none");
  }

  @Test
  void aVerdictIsOneLineThatSaysOkOrFailAndNamesWhatBroke() {
    Verdict passed = new Verdict("db-outage");
    passed.fact("2400 sends: 201=2400");
    assertThat(passed.require(true, "0 x 500")).isTrue();
    assertThat(passed.ok()).isTrue();
    assertThat(passed.line()).isEqualTo("ok   db-outage: 2400 sends: 201=2400");

    Verdict failed = new Verdict("memory");
    failed.fact("list: 503\nafter 30 s");
    assertThat(failed.require(false, "live 200")).isFalse();
    failed.require(false, "no OutOfMemoryError");
    assertThat(failed.ok()).isFalse();
    assertThat(failed.line()).isEqualTo("FAIL memory: list: 503 after 30 s; broken: live 200, no OutOfMemoryError");
  }

  @Test
  void aStatusLineIsReadFromARawAnswer() throws IOException {
    ByteArrayInputStream answer = new ByteArrayInputStream(
        "HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String statusLine = HttpLines.readLine(answer);
    assertThat(statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    assertThat(HttpLines.statusOf(statusLine)).isEqualTo(413);
    assertThat(HttpLines.readLine(answer)).isEqualTo("content-length: 0");
    assertThat(HttpLines.statusOf(null)).isEqualTo(-1);
    assertThat(HttpLines.statusOf("garbage")).isEqualTo(-1);
    assertThat(HttpLines.readLine(new ByteArrayInputStream(new byte[0]))).isNull();
  }

  @Test
  void theLastProblemOfANodeLogIsTheLastExceptionLineNotAStackFrame(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("node.log");
    Files.write(log, List.of(
        "06:47:45.170 WARN  [checker] BlockedThreadChecker - Thread vert.x-eventloop-thread-1 has been blocked",
        "06:47:46.188 ERROR [vert.x-eventloop-thread-1] i.v.c.i.ContextImpl - Unhandled exception",
        "java.lang.IllegalStateException: Promise already completed",
        "\tat io.vertx.core.Promise.fail(Promise.java:104)",
        "06:47:47.000 INFO  [main] io.postbox.app.Main - still starting"));
    assertThat(LogLines.lastProblem(log)).isEqualTo("java.lang.IllegalStateException: Promise already completed");
    assertThat(LogLines.count(log, " ERROR ")).isEqualTo(1);
    assertThat(LogLines.lastProblem(dir.resolve("missing.log"))).isNull();
  }

  @Test
  void aPoisonedDeliveryKeepsItsNulAsWrittenAndTheGenuineOneIsValidJson() {
    String genuine = PoisonBatch.delivery(7, "ses-7", "reader@example.com", "reader@example.com",
        "2026-01-02T03:04:05.678Z");
    JsonObject event = new JsonObject(genuine);
    assertThat(event.getString("eventType")).isEqualTo("Delivery");
    assertThat(event.getJsonObject("mail").getJsonObject("tags").getJsonArray("postbox_email_id").getString(0))
        .isEqualTo("7");
    assertThat(event.getJsonObject("delivery").getJsonArray("recipients").getString(0))
        .isEqualTo("reader@example.com");

    String escaped = PoisonBatch.delivery(7, "ses-7", "reader@example.com", "reader\\u0000@example.com",
        "2026-01-02T03:04:09.000Z");
    assertThat(new JsonObject(escaped).getJsonObject("delivery").getJsonArray("recipients").getString(0))
        .isEqualTo("reader\u0000@example.com");
    String rawNul = PoisonBatch.delivery(7, "ses-7", "reader@example.com", "reader\u0000@example.com",
        "2026-01-02T03:04:09.000Z");
    assertThat(rawNul.getBytes(StandardCharsets.UTF_8)).contains((byte) 0);
  }
}
