package io.postbox.app;

import io.postbox.store.RetentionSettings;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Configuration of SPEC §21.1: {@code conf/config.json} (or {@code POSTBOX_CONFIG}), each setting overridden by
 * its environment variable, checked once at start-up so that a bad value stops the process with a clear message.
 */
public final class Settings {
  private enum Kind { STRING, INT, DOUBLE, BOOLEAN, LIST }

  private record Setting(String path, String env, Kind kind) {
  }

  private static final List<Setting> SETTINGS = List.of(
      new Setting("http.port", "POSTBOX_HTTP_PORT", Kind.INT),
      new Setting("tracking.port", "POSTBOX_TRACKING_PORT", Kind.INT),
      new Setting("management.port", "POSTBOX_MANAGEMENT_PORT", Kind.INT),
      new Setting("http.idleTimeoutSeconds", "POSTBOX_HTTP_IDLE_TIMEOUT_SECONDS", Kind.INT),
      new Setting("http.maxConnections", "POSTBOX_HTTP_MAX_CONNECTIONS", Kind.INT),
      new Setting("pg.url", "POSTBOX_PG_URL", Kind.STRING),
      new Setting("pg.poolSize", "POSTBOX_PG_POOL_SIZE", Kind.INT),
      new Setting("pg.statementTimeoutMs", "POSTBOX_PG_STATEMENT_TIMEOUT_MS", Kind.INT),
      new Setting("auth.apiKeySecret", "POSTBOX_API_KEY_SECRET", Kind.STRING),
      new Setting("aws.region", "POSTBOX_AWS_REGION", Kind.STRING),
      new Setting("aws.sesEndpoint", "POSTBOX_SES_ENDPOINT", Kind.STRING),
      new Setting("aws.sqsEndpoint", "POSTBOX_SQS_ENDPOINT", Kind.STRING),
      new Setting("sqs.queueUrl", "POSTBOX_SQS_QUEUE_URL", Kind.STRING),
      new Setting("sqs.pollers", "POSTBOX_SQS_POLLERS", Kind.INT),
      new Setting("ses.configurationSet", "POSTBOX_SES_CONFIGURATION_SET", Kind.STRING),
      new Setting("ses.configurationSetNoTracking", "POSTBOX_SES_CONFIGURATION_SET_NO_TRACKING", Kind.STRING),
      new Setting("ses.maxSendRate", "POSTBOX_SES_MAX_SEND_RATE", Kind.DOUBLE),
      new Setting("sns.verifySignatures", "POSTBOX_SNS_VERIFY", Kind.BOOLEAN),
      new Setting("sns.topicArns", "POSTBOX_SNS_TOPIC_ARNS", Kind.LIST),
      new Setting("sns.autoConfirm", "POSTBOX_SNS_AUTO_CONFIRM", Kind.BOOLEAN),
      // For tests and local runs only: let a loopback HTTPS server with a self-signed certificate stand in for SNS.
      new Setting("sns.certificateHostPattern", "POSTBOX_SNS_CERTIFICATE_HOST_PATTERN", Kind.STRING),
      new Setting("sns.trustedCertificatesPem", "POSTBOX_SNS_TRUSTED_CERTIFICATES_PEM", Kind.STRING),
      new Setting("callback.enabled", "POSTBOX_CALLBACK_ENABLED", Kind.BOOLEAN),
      new Setting("callback.basicAuth", "POSTBOX_CALLBACK_BASIC_AUTH", Kind.STRING),
      new Setting("from.default", "POSTBOX_FROM_DEFAULT", Kind.STRING),
      new Setting("from.defaultAliases", "POSTBOX_FROM_DEFAULT_ALIASES", Kind.LIST),
      new Setting("tracking.mode", "POSTBOX_TRACKING_MODE", Kind.STRING),
      new Setting("tracking.secret", "POSTBOX_TRACKING_SECRET", Kind.STRING),
      new Setting("tracking.baseUrl", "POSTBOX_TRACKING_BASE_URL", Kind.STRING),
      new Setting("tracking.machineUserAgents", "POSTBOX_TRACKING_MACHINE_UA", Kind.LIST),
      new Setting("tracking.machineOpenSeconds", "POSTBOX_TRACKING_MACHINE_OPEN_SECONDS", Kind.INT),
      new Setting("tracking.trustForwardedFor", "POSTBOX_TRACKING_TRUST_XFF", Kind.BOOLEAN),
      new Setting("webhooks.allowPrivateTargets", "POSTBOX_WEBHOOKS_ALLOW_PRIVATE", Kind.BOOLEAN),
      new Setting("webhooks.timeoutMs", "POSTBOX_WEBHOOKS_TIMEOUT_MS", Kind.INT),
      new Setting("webhooks.maxPerUser", "POSTBOX_WEBHOOKS_MAX_PER_USER", Kind.INT),
      new Setting("webhooks.retryScale", "POSTBOX_WEBHOOKS_RETRY_SCALE", Kind.DOUBLE),
      new Setting("users.defaultRateLimit", "POSTBOX_DEFAULT_RATE_LIMIT", Kind.INT),
      new Setting("roles", "POSTBOX_ROLES", Kind.LIST),
      new Setting("cluster.enabled", "POSTBOX_CLUSTER", Kind.BOOLEAN),
      new Setting("cluster.hazelcastConfig", "POSTBOX_HAZELCAST_CONFIG", Kind.STRING),
      new Setting("cluster.members", "POSTBOX_CLUSTER_MEMBERS", Kind.LIST),
      new Setting("cluster.host", "POSTBOX_CLUSTER_HOST", Kind.STRING),
      new Setting("cluster.name", "POSTBOX_CLUSTER_NAME", Kind.STRING),
      new Setting("cluster.tls", "POSTBOX_CLUSTER_TLS", Kind.BOOLEAN),
      new Setting("cluster.keyStore", "POSTBOX_CLUSTER_KEYSTORE", Kind.STRING),
      new Setting("cluster.trustStore", "POSTBOX_CLUSTER_TRUSTSTORE", Kind.STRING),
      new Setting("schedule.leaseSeconds", "POSTBOX_SCHEDULE_LEASE_SECONDS", Kind.INT),
      new Setting("retention.contentDays", "POSTBOX_RETENTION_CONTENT_DAYS", Kind.INT),
      new Setting("retention.deleteDays", "POSTBOX_RETENTION_DELETE_DAYS", Kind.INT),
      new Setting("retention.batchSize", "POSTBOX_RETENTION_BATCH_SIZE", Kind.INT),
      new Setting("retention.pauseMs", "POSTBOX_RETENTION_PAUSE_MS", Kind.INT),
      new Setting("retention.idleSeconds", "POSTBOX_RETENTION_IDLE_SECONDS", Kind.INT),
      new Setting("sandbox.enabled", "POSTBOX_SANDBOX", Kind.BOOLEAN),
      new Setting("sandbox.timeScale", "POSTBOX_SANDBOX_TIME_SCALE", Kind.DOUBLE));

  /** Secrets read from the environment only, never from the configuration file. */
  private static final List<Setting> ENVIRONMENT_ONLY = List.of(
      new Setting("cluster.keyStorePassword", "POSTBOX_CLUSTER_KEYSTORE_PASSWORD", Kind.STRING),
      new Setting("cluster.trustStorePassword", "POSTBOX_CLUSTER_TRUSTSTORE_PASSWORD", Kind.STRING));

  static final List<String> ROLES = List.of("api", "dispatch", "ingest", "tracking", "store", "webhooks");

  private Settings() {
  }

  /** Thrown for a missing or invalid setting; its message is meant for the operator. */
  public static final class InvalidSettingException extends RuntimeException {
    InvalidSettingException(String message) {
      super(message);
    }
  }

  public static JsonObject load(Map<String, String> env) {
    Path file = Path.of(env.getOrDefault("POSTBOX_CONFIG", "conf/config.json"));
    JsonObject config = new JsonObject();
    if (Files.exists(file)) {
      try {
        config = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException | DecodeException e) {
        throw new InvalidSettingException("Cannot read configuration file " + file + ": " + e.getMessage());
      }
    } else if (env.containsKey("POSTBOX_CONFIG")) {
      throw new InvalidSettingException("Configuration file " + file + " (POSTBOX_CONFIG) does not exist");
    }
    return resolve(config, env);
  }

  /** Applies environment overrides and defaults to a configuration object, and checks it. */
  public static JsonObject resolve(JsonObject fileConfig, Map<String, String> env) {
    JsonObject config = fileConfig.copy();
    for (Setting setting : SETTINGS) {
      String value = env.get(setting.env());
      if (value != null) {
        put(config, setting.path(), convert(setting, value));
      }
    }
    for (Setting secret : ENVIRONMENT_ONLY) {
      remove(config, secret.path());
      String value = env.get(secret.env());
      if (value != null) {
        put(config, secret.path(), value);
      }
    }
    applyDefaults(config);
    check(config);
    return config;
  }

  private static void applyDefaults(JsonObject config) {
    defaultValue(config, "http.port", 8080);
    defaultValue(config, "tracking.port", 8081);
    defaultValue(config, "management.port", 9090);
    defaultValue(config, "http.idleTimeoutSeconds", 60);
    defaultValue(config, "http.maxConnections", 10_000);
    defaultValue(config, "pg.url", "postgresql://postbox:postbox@localhost:5432/postbox");
    defaultValue(config, "pg.poolSize", 10);
    defaultValue(config, "pg.statementTimeoutMs", 5000);
    defaultValue(config, "from.default", "Postbox <no-reply@example.gov>");
    defaultValue(config, "from.defaultAliases", new JsonArray());
    defaultValue(config, "tracking.mode", "ses");
    defaultValue(config, "tracking.baseUrl", "http://localhost:8081");
    defaultValue(config, "ses.configurationSet", "postbox-tracking");
    defaultValue(config, "ses.configurationSetNoTracking", "postbox-no-tracking");
    defaultValue(config, "ses.maxSendRate", 14);
    defaultValue(config, "users.defaultRateLimit", 10);
    defaultValue(config, "roles", new JsonArray(ROLES));
    defaultValue(config, "sandbox.timeScale", 1.0);
    defaultValue(config, "cluster.enabled", false);
    defaultValue(config, "cluster.members", new JsonArray().add("127.0.0.1"));
    defaultValue(config, "cluster.host", "127.0.0.1");
    defaultValue(config, "cluster.name", "postbox");
    defaultValue(config, "cluster.tls", true);
    defaultValue(config, "sns.verifySignatures", true);
    defaultValue(config, "sns.topicArns", new JsonArray());
    defaultValue(config, "sns.autoConfirm", true);
    defaultValue(config, "sqs.pollers", 2);
    defaultValue(config, "retention.contentDays", 0);
    defaultValue(config, "retention.deleteDays", 0);
    defaultValue(config, "retention.batchSize", 500);
    defaultValue(config, "retention.pauseMs", 100);
    defaultValue(config, "retention.idleSeconds", 60);
    if (get(config, "sandbox.enabled") == null) {
      put(config, "sandbox.enabled", get(config, "aws.region") == null);
    }
  }

  private static void check(JsonObject config) {
    Object secret = get(config, "auth.apiKeySecret");
    if (!(secret instanceof String text) || text.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new InvalidSettingException(
          "auth.apiKeySecret (POSTBOX_API_KEY_SECRET) is required and must be at least 32 bytes long");
    }
    String mode = String.valueOf(get(config, "tracking.mode"));
    if (!mode.equals("ses") && !mode.equals("pixel")) {
      throw new InvalidSettingException("tracking.mode (POSTBOX_TRACKING_MODE) must be ses or pixel, not " + mode);
    }
    if (mode.equals("pixel")) {
      Object trackingSecret = get(config, "tracking.secret");
      if (!(trackingSecret instanceof String trackingText) || trackingText.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new InvalidSettingException(
            "tracking.secret (POSTBOX_TRACKING_SECRET) must be at least 32 bytes long in pixel mode");
      }
    }
    for (String port : List.of("http.port", "tracking.port", "management.port")) {
      Object value = get(config, port);
      if (!(value instanceof Integer number) || number < 0 || number > 65535) {
        throw new InvalidSettingException(port + " must be a port number, not " + value);
      }
    }
    for (String positive : List.of("http.idleTimeoutSeconds", "http.maxConnections")) {
      Object value = get(config, positive);
      if (!(value instanceof Integer number) || number < 1) {
        String env = SETTINGS.stream().filter(setting -> setting.path().equals(positive)).findFirst().orElseThrow()
            .env();
        throw new InvalidSettingException(positive + " (" + env + ") must be a positive number, not " + value);
      }
    }
    for (Object role : (JsonArray) get(config, "roles")) {
      if (!ROLES.contains(String.valueOf(role))) {
        throw new InvalidSettingException("roles (POSTBOX_ROLES) holds an unknown role: " + role + "; known: " + ROLES);
      }
    }
    if (get(config, "sqs.queueUrl") != null && get(config, "aws.region") == null) {
      throw new InvalidSettingException("aws.region (POSTBOX_AWS_REGION) is required when sqs.queueUrl is set");
    }
    Object statementTimeout = get(config, "pg.statementTimeoutMs");
    if (!(statementTimeout instanceof Integer millis) || millis < 1) {
      throw new InvalidSettingException(
          "pg.statementTimeoutMs (POSTBOX_PG_STATEMENT_TIMEOUT_MS) must be a positive number, not " + statementTimeout);
    }
    Object pollers = get(config, "sqs.pollers");
    if (!(pollers instanceof Integer count) || count < 1) {
      throw new InvalidSettingException("sqs.pollers (POSTBOX_SQS_POLLERS) must be a positive number, not " + pollers);
    }
    checkClusterTls(config);
    checkRetention(config);
    Object defaultFrom = get(config, "from.default");
    if (!(defaultFrom instanceof String)) {
      throw new InvalidSettingException("from.default (POSTBOX_FROM_DEFAULT) must be a from address");
    }
  }

  /**
   * SPEC §31: days between 0 (keep) and 3650. Deleting before redacting is refused as the likely swap of the two
   * values: with deleteDays below contentDays no content would ever be redacted, only deleted.
   */
  private static void checkRetention(JsonObject config) {
    int contentDays = integerBetween(config, "retention.contentDays", 0, RetentionSettings.MAX_DAYS);
    int deleteDays = integerBetween(config, "retention.deleteDays", 0, RetentionSettings.MAX_DAYS);
    if (contentDays > 0 && deleteDays > 0 && deleteDays < contentDays) {
      throw new InvalidSettingException("retention.deleteDays (POSTBOX_RETENTION_DELETE_DAYS) must be 0 or at least "
          + "retention.contentDays (POSTBOX_RETENTION_CONTENT_DAYS), not " + deleteDays + " < " + contentDays);
    }
    integerBetween(config, "retention.batchSize", 1, 10_000);
    integerBetween(config, "retention.pauseMs", 0, 3_600_000);
    integerBetween(config, "retention.idleSeconds", 1, 86_400);
  }

  private static int integerBetween(JsonObject config, String path, int min, int max) {
    Object value = get(config, path);
    if (!(value instanceof Integer number) || number < min || number > max) {
      String env = SETTINGS.stream().filter(setting -> setting.path().equals(path)).findFirst().orElseThrow().env();
      throw new InvalidSettingException(path + " (" + env + ") must be a whole number from " + min + " to " + max
          + ", not " + value);
    }
    return number;
  }

  /** SPEC §24: a clustered node with {@code cluster.tls} needs both stores and their passwords before it starts. */
  private static void checkClusterTls(JsonObject config) {
    if (!Boolean.TRUE.equals(get(config, "cluster.enabled")) || !Boolean.TRUE.equals(get(config, "cluster.tls"))) {
      return;
    }
    for (String store : List.of("keyStore", "trustStore")) {
      String env = store.equals("keyStore") ? "POSTBOX_CLUSTER_KEYSTORE" : "POSTBOX_CLUSTER_TRUSTSTORE";
      Object path = get(config, "cluster." + store);
      if (!(path instanceof String file) || file.isBlank()) {
        throw new InvalidSettingException("cluster." + store + " (" + env + ") is required when cluster.tls is on "
            + "(the default when clustered); make the stores with scripts/cluster-keys, or set cluster.tls false");
      }
      if (!Files.isReadable(Path.of(file))) {
        throw new InvalidSettingException("cluster." + store + " (" + env + "): no readable file " + file);
      }
      if (!(get(config, "cluster." + store + "Password") instanceof String)) {
        throw new InvalidSettingException(env + "_PASSWORD is required when cluster.tls is on");
      }
    }
  }

  private static Object convert(Setting setting, String value) {
    try {
      return switch (setting.kind()) {
        case STRING -> value;
        case INT -> Integer.parseInt(value.trim());
        case DOUBLE -> Double.parseDouble(value.trim());
        case BOOLEAN -> parseBoolean(value.trim());
        case LIST -> new JsonArray(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(setting.env() + " has an invalid value: " + value);
    }
  }

  private static boolean parseBoolean(String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(value);
  }

  private static void defaultValue(JsonObject config, String path, Object value) {
    if (get(config, path) == null) {
      put(config, path, value);
    }
  }

  static Object get(JsonObject config, String path) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
      if (node == null) {
        return null;
      }
    }
    return node.getValue(parts[parts.length - 1]);
  }

  private static void remove(JsonObject config, String path) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1 && node != null; i++) {
      node = node.getJsonObject(parts[i]);
    }
    if (node != null) {
      node.remove(parts[parts.length - 1]);
    }
  }

  private static void put(JsonObject config, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
