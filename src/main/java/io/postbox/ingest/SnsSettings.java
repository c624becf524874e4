package io.postbox.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code sns.*} settings (SPEC §11.6, §21.1). {@code certificateHostPattern} and {@code trustedCertificatesPem}
 * exist for tests and local runs only: they let a loopback HTTPS server with a self-signed certificate stand in
 * for SNS. In production both stay unset.
 */
record SnsSettings(boolean verifySignatures, Set<String> topicArns, boolean autoConfirm,
    Pattern certificateHostPattern, String trustedCertificatesPem) {
  static final String DEFAULT_HOST_PATTERN = "^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$";

  /** Fails with a message for the operator when verification is on outside sandbox mode with no topic allowed. */
  static SnsSettings from(JsonObject config) {
    JsonObject sns = config.getJsonObject("sns", new JsonObject());
    boolean sandbox = config.getJsonObject("sandbox", new JsonObject()).getBoolean("enabled", false);
    SnsSettings settings = new SnsSettings(
        sns.getBoolean("verifySignatures", true),
        topicArns(sns.getValue("topicArns")),
        sns.getBoolean("autoConfirm", true),
        hostPattern(sns.getString("certificateHostPattern", DEFAULT_HOST_PATTERN)),
        sns.getString("trustedCertificatesPem"));
    if (settings.verifySignatures() && settings.topicArns().isEmpty() && !sandbox) {
      throw new IllegalArgumentException("sns.topicArns (POSTBOX_SNS_TOPIC_ARNS) must list the SNS topics of the SES "
          + "events while sns.verifySignatures (POSTBOX_SNS_VERIFY) is on outside sandbox mode");
    }
    return settings;
  }

  private static Set<String> topicArns(Object configured) {
    if (configured == null) {
      return Set.of();
    }
    if (configured instanceof JsonArray list) {
      return Set.copyOf(list.stream().map(String::valueOf).map(String::trim).filter(arn -> !arn.isEmpty()).toList());
    }
    if (configured instanceof String commaList) {
      return Set.copyOf(Arrays.stream(commaList.split(",")).map(String::trim).filter(arn -> !arn.isEmpty()).toList());
    }
    throw new IllegalArgumentException("sns.topicArns (POSTBOX_SNS_TOPIC_ARNS) must be a list of topic ARNs");
  }

  private static Pattern hostPattern(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "sns.certificateHostPattern (POSTBOX_SNS_CERTIFICATE_HOST_PATTERN) is not a regular expression: " + regex);
    }
  }
}
