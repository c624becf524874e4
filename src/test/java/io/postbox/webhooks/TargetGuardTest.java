package io.postbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.WebhookTargets.Host;
import io.postbox.contract.WebhookTargets.Refusal;
import io.postbox.contract.WebhookTargets.Target;
import io.postbox.support.TestPostbox;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one private-target guard, with a scripted resolver: what the api and every attempt are told. */
class TargetGuardTest {
  private static final Map<String, String[]> DNS = Map.of(
      "public.example", new String[] {"203.0.113.7", "2001:db8::7"},
      "rebind.example", new String[] {"203.0.113.8", "10.0.0.8"},
      "inside.example", new String[] {"127.0.0.1"},
      "empty.example", new String[] {});
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    TestPostbox.await(vertx.close());
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String[] literals = DNS.get(host);
    if (literals == null) {
      throw new UnknownHostException(host);
    }
    InetAddress[] addresses = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      addresses[i] = InetAddress.getByName(literals[i]);
    }
    return addresses;
  }

  private static Target check(boolean allowPrivate, String host) {
    return TestPostbox.await(new TargetGuard(vertx, allowPrivate, TargetGuardTest::resolve).check(new Host(host)));
  }

  @Test
  void aPublicHostIsAllowedWithTheAddressToConnectTo() {
    assertThat(check(false, "public.example")).isEqualTo(Target.allowed("203.0.113.7"));
  }

  @Test
  void onePrivateAddressAmongPublicOnesRefusesTheHost() {
    assertThat(check(false, "rebind.example")).isEqualTo(Target.refused(Refusal.PRIVATE));
    assertThat(check(false, "inside.example")).isEqualTo(Target.refused(Refusal.PRIVATE));
  }

  @Test
  void aHostWithoutAddressesIsUnresolvedNotPrivate() {
    assertThat(check(false, "nowhere.example")).isEqualTo(Target.refused(Refusal.UNRESOLVED));
    assertThat(check(false, "empty.example")).isEqualTo(Target.refused(Refusal.UNRESOLVED));
    assertThat(check(true, "nowhere.example")).isEqualTo(Target.refused(Refusal.UNRESOLVED));
  }

  @Test
  void allowingPrivateTargetsStillResolvesAndPinsTheAddress() {
    assertThat(check(true, "inside.example")).isEqualTo(Target.allowed("127.0.0.1"));
    assertThat(check(true, "rebind.example")).isEqualTo(Target.allowed("203.0.113.8"));
  }
}
