package io.postbox.ingest;

import static io.postbox.support.TestPostbox.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postbox.support.SnsTestSigner;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnsVerifierTest {
  private static Vertx vertx;
  private static SnsTestSigner signer;
  private static SnsSettings settings;
  private static WebClient client;
  private static SnsVerifier verifier;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    signer = SnsTestSigner.start(vertx);
    settings = SnsSettings.from(new JsonObject()
        .put("sandbox", new JsonObject().put("enabled", false))
        .put("sns", new JsonObject()
            .put("topicArns", new JsonArray().add(SnsTestSigner.TOPIC_ARN))
            .put("certificateHostPattern", "^127\\.0\\.0\\.1$")
            .put("trustedCertificatesPem", signer.certificatePem().toString())));
    client = await(SnsWebClient.create(vertx, settings));
    verifier = new SnsVerifier(settings, new SnsCertificates(client, Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  private static JsonObject notification(String signatureVersion) {
    return signer.notification("{\"eventType\":\"Delivery\"}", signatureVersion);
  }

  private static void assertRefused(JsonObject envelope, String reason) {
    assertThatThrownBy(() -> await(verifier.verify(envelope)))
        .isInstanceOf(SnsVerificationException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void signedNotificationsOfBothSignatureVersionsVerify() {
    assertThatCode(() -> await(verifier.verify(notification("1")))).doesNotThrowAnyException();
    assertThatCode(() -> await(verifier.verify(notification("2")))).doesNotThrowAnyException();
  }

  @Test
  void aNotificationWithoutSubjectVerifies() {
    JsonObject envelope = notification("2");
    envelope.remove("Subject");
    assertThatCode(() -> await(verifier.verify(signer.sign(envelope)))).doesNotThrowAnyException();
  }

  @Test
  void aSubscriptionConfirmationVerifies() {
    assertThatCode(() -> await(verifier.verify(signer.subscriptionConfirmation(signer.url("/confirm/x")))))
        .doesNotThrowAnyException();
  }

  @Test
  void aTamperedMessageIsRefused() {
    assertRefused(notification("1").put("Message", "{\"eventType\":\"Bounce\"}"), "does not match");
    assertRefused(notification("2").put("Subject", "changed"), "does not match");
  }

  @Test
  void aBadSignatureIsRefused() {
    JsonObject other = notification("2");
    assertRefused(notification("2").put("Signature", other.getString("Signature")), "does not match");
    assertRefused(notification("2").put("Signature", "not base64 !"), "base64");
    assertRefused(notification("2").put("Signature", "AAAA"), "Signature");
  }

  @Test
  void aSignatureSignedForTheOtherVersionIsRefused() {
    assertRefused(notification("1").put("SignatureVersion", "2"), "does not match");
  }

  @Test
  void signatureVersionThreeIsRefused() {
    assertRefused(signer.sign(notification("2").put("SignatureVersion", "3")), "SignatureVersion");
  }

  @Test
  void aForeignTopicIsRefused() {
    assertRefused(signer.sign(notification("2").put("TopicArn", "arn:aws:sns:us-east-1:999999999999:other")),
        "TopicArn");
  }

  @Test
  void certificateUrlsOffTheRuleAreRefused() {
    String https = signer.certificateUrl();
    assertRefused(signer.sign(notification("2").put("SigningCertURL", https.replace("https:", "http:"))), "https");
    assertRefused(signer.sign(notification("2").put("SigningCertURL", https.replace("127.0.0.1", "localhost"))),
        "host");
    assertRefused(signer.sign(notification("2").put("SigningCertURL", https.replace(".pem", ".txt"))), ".pem");
    assertRefused(signer.sign(notification("2").put("SigningCertURL",
        https.replace("https://", "https://127.0.0.1@"))), "host");
  }

  @Test
  void theDefaultHostRuleAcceptsOnlySnsHosts() {
    SnsUrls urls = new SnsUrls(Pattern.compile(SnsSettings.DEFAULT_HOST_PATTERN));
    assertThat(urls.certificateUrl("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem"))
        .hasHost("sns.us-east-1.amazonaws.com");
    assertThat(urls.certificateUrl("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem"))
        .hasHost("sns.cn-north-1.amazonaws.com.cn");
    for (String url : List.of("https://sns.us-east-1.amazonaws.com.evil.com/a.pem",
        "https://evil.com/sns.us-east-1.amazonaws.com/a.pem", "https://sqs.us-east-1.amazonaws.com/a.pem",
        "https://sns.us-east-1.amazonaws.com/a.pem.txt")) {
      assertThatThrownBy(() -> urls.certificateUrl(url)).isInstanceOf(SnsVerificationException.class);
    }
  }

  @Test
  void theCertificateIsFetchedOnceForManyVerifications() {
    String path = "/cached-" + System.nanoTime() + ".pem";
    List<Future<Void>> verifications = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      verifications.add(verifier.verify(signer.sign(notification(i % 2 == 0 ? "1" : "2")
          .put("SigningCertURL", signer.url(path)))));
    }
    await(Future.all(verifications));
    for (int i = 0; i < 5; i++) {
      await(verifier.verify(signer.sign(notification("2").put("SigningCertURL", signer.url(path)))));
    }
    assertThat(signer.requests(path)).isEqualTo(1);
  }

  @Test
  void theCertificateIsFetchedAgainAfterADay() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    SnsVerifier daily = new SnsVerifier(settings, new SnsCertificates(client, clock));
    String path = "/daily-" + System.nanoTime() + ".pem";
    JsonObject envelope = signer.sign(notification("2").put("SigningCertURL", signer.url(path)));
    await(daily.verify(envelope));
    now.set(now.get().plus(Duration.ofHours(23)));
    await(daily.verify(envelope));
    assertThat(signer.requests(path)).isEqualTo(1);
    now.set(now.get().plus(Duration.ofHours(2)));
    await(daily.verify(envelope));
    assertThat(signer.requests(path)).isEqualTo(2);
  }

  @Test
  void aMissingCertificateIsRefusedAndNotCached() {
    String path = "/missing-" + System.nanoTime() + ".pem";
    JsonObject envelope = signer.sign(notification("2").put("SigningCertURL", signer.url(path)));
    assertRefused(envelope, "answered 404");
    assertRefused(envelope, "answered 404");
    assertThat(signer.requests(path)).isEqualTo(2);
  }

  @Test
  void turnedOffNothingIsChecked() {
    SnsVerifier off = new SnsVerifier(new SnsSettings(false, Set.of(), true, Pattern.compile(SnsSettings.DEFAULT_HOST_PATTERN), null),
        new SnsCertificates(client, Clock.systemUTC()));
    assertThatCode(() -> await(off.verify(new JsonObject().put("Type", "Notification")))).doesNotThrowAnyException();
  }

  @Test
  void outsideTheSandboxVerificationNeedsTopics() {
    JsonObject production = new JsonObject().put("sandbox", new JsonObject().put("enabled", false));
    assertThatThrownBy(() -> SnsSettings.from(production)).hasMessageContaining("sns.topicArns");
    assertThat(SnsSettings.from(production.copy().put("sns", new JsonObject().put("verifySignatures", false)))
        .verifySignatures()).isFalse();
    assertThat(SnsSettings.from(new JsonObject().put("sandbox", new JsonObject().put("enabled", true))).topicArns())
        .isEmpty();
    assertThatThrownBy(() -> await(vertx.deployVerticle(new IngestVerticle(),
        new DeploymentOptions().setConfig(production)))).hasMessageContaining("sns.topicArns");
  }
}
