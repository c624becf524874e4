package io.postbox.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

/** The path and client-address rules of the pixel server. */
class PixelRequestsTest {
  private static final SocketAddress PEER = SocketAddress.inetSocketAddress(51234, "198.51.100.9");

  @Test
  void findsTheTokenOfPixelPaths() {
    assertThat(PixelRequests.tokenIn("/t/abc.gif")).isEqualTo("abc");
    assertThat(PixelRequests.tokenIn("/t/.gif")).isNull();
    assertThat(PixelRequests.tokenIn("/t/a/b.gif")).isNull();
    assertThat(PixelRequests.tokenIn("/t/abc.png")).isNull();
    assertThat(PixelRequests.tokenIn("/T/abc.gif")).isNull();
    assertThat(PixelRequests.tokenIn("/")).isNull();
    assertThat(PixelRequests.tokenIn(null)).isNull();
  }

  @Test
  void usesThePeerUnlessForwardedForIsTrusted() {
    assertThat(PixelRequests.clientIp(PEER, "203.0.113.7", false)).isEqualTo("198.51.100.9");
    assertThat(PixelRequests.clientIp(PEER, "203.0.113.7, 10.0.0.1", true)).isEqualTo("203.0.113.7");
    assertThat(PixelRequests.clientIp(PEER, "2001:db8::1", true)).isEqualTo("2001:db8::1");
    assertThat(PixelRequests.clientIp(PEER, " , 10.0.0.1", true)).isEqualTo("198.51.100.9");
    assertThat(PixelRequests.clientIp(PEER, null, true)).isEqualTo("198.51.100.9");
    assertThat(PixelRequests.clientIp(null, null, true)).isNull();
  }
}
