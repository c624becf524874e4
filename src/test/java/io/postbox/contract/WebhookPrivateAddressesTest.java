package io.postbox.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class WebhookPrivateAddressesTest {
  private static boolean isPrivate(String literal) throws UnknownHostException {
    return PrivateAddresses.isPrivate(InetAddress.getByName(literal));
  }

  @Test
  void privateLoopbackLinkLocalUniqueLocalMulticastAndUnspecifiedAreRefused() throws UnknownHostException {
    for (String literal : new String[] {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
        "192.168.0.1", "169.254.169.254", "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.1.1.1", "255.255.255.255",
        "100.64.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1",
        "::ffff:127.0.0.1", "::127.0.0.1"}) {
      assertThat(isPrivate(literal)).as(literal).isTrue();
    }
  }

  @Test
  void publicAddressesAreAllowed() throws UnknownHostException {
    for (String literal : new String[] {"8.8.8.8", "203.0.113.10", "172.32.0.1", "100.128.0.1", "1.1.1.1",
        "2606:4700:4700::1111", "::ffff:8.8.8.8"}) {
      assertThat(isPrivate(literal)).as(literal).isFalse();
    }
  }

  @Test
  void onlyAbsoluteHttpUrlsHaveAHost() {
    assertThat(WebhookRequestValidator.host("https://Example.com:8443/x?y=1")).isEqualTo("Example.com");
    assertThat(WebhookRequestValidator.host("http://[::1]:80/")).isEqualTo("::1");
    assertThat(WebhookRequestValidator.host("HTTPS://example.com")).isEqualTo("example.com");
    assertThat(WebhookRequestValidator.host("ftp://example.com/")).isNull();
    assertThat(WebhookRequestValidator.host("example.com/path")).isNull();
    assertThat(WebhookRequestValidator.host("http://exa mple.com/")).isNull();
    assertThat(WebhookRequestValidator.host("mailto:a@example.com")).isNull();
  }
}
