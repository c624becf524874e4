package io.postbox.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §24: values from requests and SNS envelopes never reach a log line raw. */
class LogEscapingTest {
  private static final String FORGED = "arn:aws:sns:x\r\n12:00:00.000 INFO  [main] forged - all clear\u0000\u001b[31m";

  @ParameterizedTest
  @ValueSource(strings = {"logback.xml", "logback-test.xml"})
  void aValueWithControlsComesOutAsOneEscapedLine(String configuration) throws Exception {
    String output = encode(configuration, Level.WARN, "Refused an SNS callback from {}", null, FORGED);

    List<String> lines = output.lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).endsWith(
        "Refused an SNS callback from arn:aws:sns:x\\r\\n12:00:00.000 INFO  [main] forged - all clear\\u0000\\u001b[31m");
    assertThat(output).doesNotContain("\u0000").doesNotContain("\u001b").doesNotContain("\r");
  }

  @ParameterizedTest
  @ValueSource(strings = {"logback.xml", "logback-test.xml"})
  void exceptionMessagesAreEscapedAndTheStackTraceKept(String configuration) throws Exception {
    IllegalStateException failure = new IllegalStateException("outer\r\nforged line",
        new IllegalArgumentException("inner\nforged\u0000line"));

    String output = encode(configuration, Level.ERROR, "SNS callback failed", failure);

    assertThat(output).contains("java.lang.IllegalStateException: outer\\r\\nforged line")
        .contains("Caused by: java.lang.IllegalArgumentException: inner\\nforged\\u0000line")
        .contains("\tat io.postbox.app.logging.LogEscapingTest")
        .doesNotContain("\u0000").doesNotContain("\r");
    assertThat(output.lines().filter(line -> line.contains("forged"))).hasSize(2);
  }

  @Test
  void plainTextIsLeftAloneAndEveryControlIsEscaped() {
    assertThat(LogText.escape("Grüße, 東京 \\n")).isEqualTo("Grüße, 東京 \\n");
    assertThat(LogText.escape("a\tb\u007fc\u0085d\u2028e\u0001")).isEqualTo("a\\tb\\u007fc\\u0085d\\u2028e\\u0001");
    assertThat(LogText.escape(null)).isNull();
  }

  /** Formats one event with the encoder that the given Logback file configures for the console. */
  private static String encode(String configuration, Level level, String message, Throwable failure,
      Object... arguments) throws Exception {
    URL file = LogEscapingTest.class.getClassLoader().getResource(configuration);
    assertThat(file).as(configuration).isNotNull();
    LoggerContext context = new LoggerContext();
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(file);
      Logger logger = context.getLogger("io.postbox.ingest.CallbackRequests");
      OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>)
          context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
      LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, failure, arguments);
      return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }
}
