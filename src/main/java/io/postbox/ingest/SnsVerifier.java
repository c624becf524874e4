package io.postbox.ingest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Checks an SNS envelope before anything in it is acted on (SPEC §11.6): signature version, certificate URL,
 * topic allowlist, then the RSA signature over the string to sign. Fails with {@link SnsVerificationException}
 * for an envelope that is not to be trusted, with anything else when the certificate could not be fetched.
 */
final class SnsVerifier {
  private static final List<String> NOTIFICATION_KEYS =
      List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
  private static final List<String> CONFIRMATION_KEYS =
      List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

  private final SnsSettings settings;
  private final SnsUrls urls;
  private final SnsCertificates certificates;

  SnsVerifier(SnsSettings settings, SnsCertificates certificates) {
    this.settings = settings;
    this.urls = new SnsUrls(settings.certificateHostPattern());
    this.certificates = certificates;
  }

  Future<Void> verify(JsonObject envelope) {
    if (!settings.verifySignatures()) {
      return Future.succeededFuture();
    }
    String algorithm;
    String certificateUrl;
    byte[] stringToSign;
    byte[] signature;
    try {
      algorithm = algorithm(envelope.getValue("SignatureVersion"));
      certificateUrl = urls.certificateUrl(envelope.getValue("SigningCertURL")).toString();
      checkTopic(envelope.getValue("TopicArn"));
      stringToSign = stringToSign(envelope).getBytes(StandardCharsets.UTF_8);
      signature = signature(envelope.getValue("Signature"));
    } catch (SnsVerificationException refused) {
      return Future.failedFuture(refused);
    }
    return certificates.get(certificateUrl)
        .compose(certificate -> checkSignature(certificate, algorithm, stringToSign, signature));
  }

  static String stringToSign(JsonObject envelope) {
    Object type = envelope.getValue("Type");
    List<String> keys = switch (type instanceof String text ? text : "") {
      case "Notification" -> NOTIFICATION_KEYS;
      case "SubscriptionConfirmation", "UnsubscribeConfirmation" -> CONFIRMATION_KEYS;
      default -> throw new SnsVerificationException("SNS Type cannot be verified: " + type);
    };
    StringBuilder text = new StringBuilder();
    for (String key : keys) {
      Object value = envelope.getValue(key);
      if (value == null && key.equals("Subject")) {
        continue;
      }
      if (!(value instanceof String string)) {
        throw new SnsVerificationException("SNS " + key + " is missing or not a string");
      }
      text.append(key).append('\n').append(string).append('\n');
    }
    return text.toString();
  }

  private static String algorithm(Object signatureVersion) {
    if ("1".equals(signatureVersion)) {
      return "SHA1withRSA";
    }
    if ("2".equals(signatureVersion)) {
      return "SHA256withRSA";
    }
    throw new SnsVerificationException("SNS SignatureVersion is not 1 or 2: " + signatureVersion);
  }

  private void checkTopic(Object topicArn) {
    if (!(topicArn instanceof String arn) || !settings.topicArns().contains(arn)) {
      throw new SnsVerificationException("SNS TopicArn is not in sns.topicArns: " + topicArn);
    }
  }

  private static byte[] signature(Object value) {
    if (!(value instanceof String text)) {
      throw new SnsVerificationException("SNS Signature is missing");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new SnsVerificationException("SNS Signature is not base64");
    }
  }

  private static Future<Void> checkSignature(X509Certificate certificate, String algorithm, byte[] stringToSign,
      byte[] signature) {
    try {
      certificate.checkValidity();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(stringToSign);
      if (verifier.verify(signature)) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new SnsVerificationException("SNS Signature does not match"));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      return Future.failedFuture(new SnsVerificationException("SNS certificate is not valid now"));
    } catch (InvalidKeyException | SignatureException e) {
      return Future.failedFuture(new SnsVerificationException("SNS Signature cannot be checked: " + e.getMessage()));
    } catch (NoSuchAlgorithmException e) {
      return Future.failedFuture(new IllegalStateException(algorithm + " is not available", e));
    }
  }
}
