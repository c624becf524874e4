package io.postbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.WebhookUrls;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivateAddressesTest {
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
        "2606:4700:4700::1111", "::ffff:8.8.8.8", "2600::1", "2001:db9::1", "2003::1", "64:ff9a::1"}) {
      assertThat(isPrivate(literal)).as(literal).isFalse();
    }
  }

  @Test
  void transitionRangesAreRefusedWholeWhateverIPv4TheyCarry() throws UnknownHostException {
    for (String literal : new String[] {"64:ff9b::808:808", "64:ff9b::7f00:1", "64:ff9b::a00:1",
        "64:ff9b:1::808:808", "64:ff9b:1:7f00:1::", "2002:808:808::1", "2002:7f00:0001::", "2002:c0a8:101::",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:0:808:808::f7f7:f7f7", "::ffff:0:808:808",
        "::ffff:0:7f00:1", "::ffff:0:0:0"}) {
      assertThat(isPrivate(literal)).as(literal).isTrue();
    }
  }

  @Test
  void benchmarkingAndIetfProtocolRangesAreRefused() throws UnknownHostException {
    for (String literal : new String[] {"198.18.0.1", "198.19.255.255", "192.0.0.1", "192.0.0.255",
        "::ffff:198.18.0.1", "::ffff:192.0.0.8"}) {
      assertThat(isPrivate(literal)).as(literal).isTrue();
    }
    for (String literal : new String[] {"198.17.255.255", "198.20.0.1", "192.0.1.1", "191.255.255.255"}) {
      assertThat(isPrivate(literal)).as(literal).isFalse();
    }
  }

  @Test
  void theIPv4AddressEmbeddedInATransitionAddressIsFound() throws UnknownHostException {
    assertThat(embedded("2002:7f00:0001::")).containsExactly("127.0.0.1");
    assertThat(embedded("64:ff9b::c0a8:101")).containsExactly("192.168.1.1");
    assertThat(embedded("64:ff9b:1:a00:1:100::")).containsExactly("10.0.1.1");
    assertThat(embedded("::ffff:0:a00:1")).containsExactly("10.0.0.1");
    assertThat(embedded("2001:0:808:808::80ff:fffe")).containsExactly("8.8.8.8", "127.0.0.1");
    assertThat(embedded("2606:4700:4700::1111")).isEmpty();
  }

  private static List<String> embedded(String literal) throws UnknownHostException {
    List<String> addresses = new ArrayList<>();
    for (byte[] v4 : PrivateAddresses.embeddedIpv4(InetAddress.getByName(literal).getAddress())) {
      addresses.add(InetAddress.getByAddress(v4).getHostAddress());
    }
    return addresses;
  }

  @Test
  void onlyAbsoluteHttpUrlsHaveAHost() {
    assertThat(WebhookUrls.host("https://Example.com:8443/x?y=1")).isEqualTo("Example.com");
    assertThat(WebhookUrls.host("http://[::1]:80/")).isEqualTo("::1");
    assertThat(WebhookUrls.host("HTTPS://example.com")).isEqualTo("example.com");
    assertThat(WebhookUrls.host("ftp://example.com/")).isNull();
    assertThat(WebhookUrls.host("example.com/path")).isNull();
    assertThat(WebhookUrls.host("http://exa mple.com/")).isNull();
    assertThat(WebhookUrls.host("mailto:a@example.com")).isNull();
  }
}
