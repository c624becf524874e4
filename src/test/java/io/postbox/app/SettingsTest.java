package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void environmentOverridesTheFileAndDefaultsFillTheRest() {
    JsonObject file = new JsonObject().put("http", new JsonObject().put("port", 1234))
        .put("from", new JsonObject().put("default", "A <a@example.gov>"));
    JsonObject config = Settings.resolve(file, Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_HTTP_PORT", "9999",
        "POSTBOX_ROLES", "api, store", "POSTBOX_SANDBOX_TIME_SCALE", "0.5"));
    assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(9999);
    assertThat(config.getJsonObject("from").getString("default")).isEqualTo("A <a@example.gov>");
    assertThat(config.getJsonArray("roles")).isEqualTo(new JsonArray().add("api").add("store"));
    assertThat(config.getJsonObject("sandbox").getDouble("timeScale")).isEqualTo(0.5);
    assertThat(config.getJsonObject("sandbox").getBoolean("enabled")).isTrue();
    assertThat(config.getJsonObject("pg").getInteger("poolSize")).isEqualTo(10);
  }

  @Test
  void retentionKeepsEverythingByDefaultAndTakesDaysFromTheEnvironment() {
    JsonObject defaults = Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET))
        .getJsonObject("retention");
    assertThat(defaults.getInteger("contentDays")).isZero();
    assertThat(defaults.getInteger("deleteDays")).isZero();
    assertThat(defaults.getInteger("batchSize")).isEqualTo(500);
    JsonObject set = Settings.resolve(new JsonObject().put("retention", new JsonObject().put("contentDays", 90)),
        Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_RETENTION_DELETE_DAYS", "365")).getJsonObject("retention");
    assertThat(set.getInteger("contentDays")).isEqualTo(90);
    assertThat(set.getInteger("deleteDays")).isEqualTo(365);
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_RETENTION_DELETE_DAYS", "30")).getJsonObject("retention").getInteger("deleteDays")).isEqualTo(30);
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_RETENTION_CONTENT_DAYS", "30", "POSTBOX_RETENTION_DELETE_DAYS", "30"))
        .getJsonObject("retention").getInteger("deleteDays")).isEqualTo(30);
  }

  @Test
  void nonsensicalRetentionStopsStartUp() {
    for (String days : new String[] {"-1", "3651", "ninety"}) {
      assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
          "POSTBOX_RETENTION_CONTENT_DAYS", days))).as(days).hasMessageContaining("POSTBOX_RETENTION_CONTENT_DAYS");
    }
    assertThatThrownBy(() -> Settings.resolve(new JsonObject().put("retention", new JsonObject().put("deleteDays", 1.5)),
        Map.of("POSTBOX_API_KEY_SECRET", SECRET)))
        .hasMessage("retention.deleteDays (POSTBOX_RETENTION_DELETE_DAYS) must be a whole number from 0 to 3650, not 1.5");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_RETENTION_CONTENT_DAYS", "90", "POSTBOX_RETENTION_DELETE_DAYS", "30")))
        .hasMessage("retention.deleteDays (POSTBOX_RETENTION_DELETE_DAYS) must be 0 or at least "
            + "retention.contentDays (POSTBOX_RETENTION_CONTENT_DAYS), not 30 < 90");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_RETENTION_BATCH_SIZE", "0"))).hasMessageContaining("POSTBOX_RETENTION_BATCH_SIZE");
  }

  @Test
  void anAwsRegionTurnsTheSandboxOffUnlessForced() {
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_AWS_REGION", "eu-west-1"))
        .getJsonObject("sandbox").getBoolean("enabled")).isFalse();
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_AWS_REGION", "eu-west-1",
        "POSTBOX_SANDBOX", "true")).getJsonObject("sandbox").getBoolean("enabled")).isTrue();
  }

  @Test
  void missingOrInvalidRequiredSettingsStopStartUpWithAClearMessage() {
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of()))
        .hasMessageContaining("POSTBOX_API_KEY_SECRET");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", "short")))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_HTTP_PORT", "http")))
        .hasMessageContaining("POSTBOX_HTTP_PORT");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_ROLES", "api,cook")))
        .hasMessageContaining("cook");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_TRACKING_MODE", "pixel")))
        .hasMessageContaining("tracking.secret");
  }

  @Test
  void aClusteredNodeNeedsItsEventBusStoresUnlessClusterTlsIsOff(@TempDir Path dir) throws IOException {
    Path keyStore = Files.writeString(dir.resolve("k.p12"), "k");
    Path trustStore = Files.writeString(dir.resolve("t.p12"), "t");
    Map<String, String> clustered = Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_CLUSTER", "true");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), clustered))
        .hasMessageContaining("cluster.keyStore (POSTBOX_CLUSTER_KEYSTORE) is required when cluster.tls is on");
    Map<String, String> missingFile = new HashMap<>(clustered);
    missingFile.put("POSTBOX_CLUSTER_KEYSTORE", dir.resolve("absent.p12").toString());
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), missingFile))
        .hasMessageContaining("no readable file").hasMessageContaining("absent.p12");
    Map<String, String> noPasswords = new HashMap<>(clustered);
    noPasswords.put("POSTBOX_CLUSTER_KEYSTORE", keyStore.toString());
    noPasswords.put("POSTBOX_CLUSTER_TRUSTSTORE", trustStore.toString());
    JsonObject passwordsInTheFile = new JsonObject().put("cluster", new JsonObject()
        .put("keyStorePassword", "from-file").put("trustStorePassword", "from-file"));
    assertThatThrownBy(() -> Settings.resolve(passwordsInTheFile, noPasswords))
        .hasMessageContaining("POSTBOX_CLUSTER_KEYSTORE_PASSWORD is required");

    Map<String, String> complete = new HashMap<>(noPasswords);
    complete.put("POSTBOX_CLUSTER_KEYSTORE_PASSWORD", "key-secret");
    complete.put("POSTBOX_CLUSTER_TRUSTSTORE_PASSWORD", "trust-secret");
    JsonObject cluster = Settings.resolve(new JsonObject(), complete).getJsonObject("cluster");
    assertThat(cluster.getBoolean("tls")).isTrue();
    assertThat(cluster.getString("keyStorePassword")).isEqualTo("key-secret");
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_CLUSTER", "true",
        "POSTBOX_CLUSTER_TLS", "false")).getJsonObject("cluster").getBoolean("tls")).isFalse();
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET))
        .getJsonObject("cluster").getBoolean("enabled")).isFalse();
  }

  @Test
  void sqsPollersDefaultToTwoAndAQueueNeedsARegion() {
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET))
        .getJsonObject("sqs").getInteger("pollers")).isEqualTo(2);
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_SQS_POLLERS", "4"))
        .getJsonObject("sqs").getInteger("pollers")).isEqualTo(4);
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET, "POSTBOX_SQS_POLLERS", "0")))
        .hasMessageContaining("POSTBOX_SQS_POLLERS");
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_SQS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/ses-events")))
        .hasMessageContaining("POSTBOX_AWS_REGION");
  }

  @Test
  void theStatementTimeoutDefaultsToFiveSecondsAndMustBePositive() {
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET))
        .getJsonObject("pg").getInteger("statementTimeoutMs")).isEqualTo(5000);
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_PG_STATEMENT_TIMEOUT_MS", "750")).getJsonObject("pg").getInteger("statementTimeoutMs")).isEqualTo(750);
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_PG_STATEMENT_TIMEOUT_MS", "0"))).hasMessageContaining("POSTBOX_PG_STATEMENT_TIMEOUT_MS");
  }

  @Test
  void idleTimeoutAndConnectionCapDefaultAndMustBePositive() {
    JsonObject http = Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET))
        .getJsonObject("http");
    assertThat(http.getInteger("idleTimeoutSeconds")).isEqualTo(60);
    assertThat(http.getInteger("maxConnections")).isEqualTo(10_000);
    assertThat(Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_HTTP_MAX_CONNECTIONS", "50")).getJsonObject("http").getInteger("maxConnections")).isEqualTo(50);
    assertThatThrownBy(() -> Settings.resolve(new JsonObject(), Map.of("POSTBOX_API_KEY_SECRET", SECRET,
        "POSTBOX_HTTP_IDLE_TIMEOUT_SECONDS", "0"))).hasMessageContaining("POSTBOX_HTTP_IDLE_TIMEOUT_SECONDS");
  }
}
