package io.postbox.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for SNS in tests: an RSA key and self-signed certificate for 127.0.0.1/localhost made by the JDK's
 * keytool, an HTTPS server on loopback that serves the certificate at any path ending {@code .pem} (except under
 * {@code /missing}) and answers 200 to anything under {@code /confirm/}, and signing of SNS envelopes (SignatureVersion 1 and 2) with the key.
 */
public final class SnsTestSigner implements AutoCloseable {
  public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:postbox-test-events";
  public static final String CERTIFICATE_PATH = "/SimpleNotificationService-test.pem";

  private static final String PASSWORD = "changeit";
  private static KeyMaterial keyMaterial;

  private final HttpServer server;
  private final KeyMaterial key;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private record KeyMaterial(Path keyStore, Path certificatePem, String pemText, PrivateKey privateKey) {
  }

  private SnsTestSigner(Vertx vertx, KeyMaterial key) {
    this.key = key;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setSsl(true)
        .setKeyCertOptions(new PfxOptions().setPath(key.keyStore().toString()).setPassword(PASSWORD)));
    server.requestHandler(request -> {
      requests.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
      if (request.path().endsWith(".pem") && !request.path().startsWith("/missing")) {
        request.response().putHeader("content-type", "application/x-pem-file").end(key.pemText());
      } else if (request.path().startsWith("/confirm/")) {
        request.response().end("<ConfirmSubscriptionResponse/>");
      } else {
        request.response().setStatusCode(404).end();
      }
    });
  }

  public static SnsTestSigner start(Vertx vertx) {
    SnsTestSigner signer = new SnsTestSigner(vertx, keyMaterial());
    TestPostbox.await(signer.server.listen(0));
    return signer;
  }

  /** The PEM file of the server's certificate, for {@code sns.trustedCertificatesPem}. */
  public Path certificatePem() {
    return key.certificatePem();
  }

  public String url(String path) {
    return "https://127.0.0.1:" + server.actualPort() + path;
  }

  public String certificateUrl() {
    return url(CERTIFICATE_PATH);
  }

  /** How many requests the server has seen for {@code path}. */
  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  /** A signed Notification carrying {@code message} on {@link #TOPIC_ARN}. */
  public JsonObject notification(String message, String signatureVersion) {
    return sign(new JsonObject()
        .put("Type", "Notification")
        .put("MessageId", UUID.randomUUID().toString())
        .put("TopicArn", TOPIC_ARN)
        .put("Subject", "Amazon SES Email Event Notification")
        .put("Message", message)
        .put("Timestamp", Instant.now().toString())
        .put("SignatureVersion", signatureVersion)
        .put("SigningCertURL", certificateUrl())
        .put("UnsubscribeURL", url("/unsubscribe")));
  }

  /** A signed SubscriptionConfirmation on {@link #TOPIC_ARN}. */
  public JsonObject subscriptionConfirmation(String subscribeUrl) {
    return sign(new JsonObject()
        .put("Type", "SubscriptionConfirmation")
        .put("MessageId", UUID.randomUUID().toString())
        .put("Token", "token-" + UUID.randomUUID())
        .put("TopicArn", TOPIC_ARN)
        .put("Message", "You have chosen to subscribe to the topic " + TOPIC_ARN + ".")
        .put("SubscribeURL", subscribeUrl)
        .put("Timestamp", Instant.now().toString())
        .put("SignatureVersion", "2")
        .put("SigningCertURL", certificateUrl()));
  }

  /** Replaces {@code Signature} with one over the envelope as it is now, by its SignatureVersion. */
  public JsonObject sign(JsonObject envelope) {
    List<String> keys = envelope.getString("Type").equals("Notification")
        ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
        : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
    StringBuilder stringToSign = new StringBuilder();
    for (String name : keys) {
      if (envelope.containsKey(name)) {
        stringToSign.append(name).append('\n').append(envelope.getString(name)).append('\n');
      }
    }
    String algorithm = envelope.getString("SignatureVersion").equals("1") ? "SHA1withRSA" : "SHA256withRSA";
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(key.privateKey());
      signature.update(stringToSign.toString().getBytes(StandardCharsets.UTF_8));
      return envelope.put("Signature", Base64.getEncoder().encodeToString(signature.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    TestPostbox.await(server.close());
  }

  private static synchronized KeyMaterial keyMaterial() {
    if (keyMaterial == null) {
      keyMaterial = generate();
    }
    return keyMaterial;
  }

  private static KeyMaterial generate() {
    try {
      Path directory = Files.createTempDirectory("postbox-sns-test");
      Path keyStore = directory.resolve("sns.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "sns", "-keyalg", "RSA",
          "-keysize", "2048", "-validity", "7", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
          "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, PASSWORD.toCharArray());
      }
      X509Certificate certificate = (X509Certificate) store.getCertificate("sns");
      Path pem = directory.resolve("sns.pem");
      String pemText = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      Files.writeString(pem, pemText);
      return new KeyMaterial(keyStore, pem, pemText, (PrivateKey) store.getKey("sns", PASSWORD.toCharArray()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
