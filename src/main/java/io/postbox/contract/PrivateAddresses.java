package io.postbox.contract;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses a webhook may not target (SPEC §16): loopback, private (RFC 1918, and 100.64/10 shared space),
 * link-local, unique-local (fc00::/7), multicast, unspecified ("this network" 0/8 included), broadcast,
 * and IPv6 addresses that embed such an IPv4 address. No I/O: callers resolve host names themselves.
 */
public final class PrivateAddresses {
  public static final String REFUSED_MESSAGE = "\"url\" must not point to a private or loopback address";
  public static final String ATTEMPT_ERROR = "target address not allowed";

  private PrivateAddresses() {
  }

  /** True when any of a host's addresses is private: one such address is enough to refuse the host. */
  public static boolean anyPrivate(InetAddress[] addresses) {
    for (InetAddress address : addresses) {
      if (isPrivate(address)) {
        return true;
      }
    }
    return false;
  }

  public static boolean isPrivate(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPrivateV4(bytes);
    }
    if (address instanceof Inet6Address) {
      if ((bytes[0] & 0xfe) == 0xfc) {
        return true;
      }
      boolean firstTenZero = true;
      for (int i = 0; i < 10; i++) {
        firstTenZero &= bytes[i] == 0;
      }
      boolean mapped = firstTenZero && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
      boolean compatible = firstTenZero && bytes[10] == 0 && bytes[11] == 0;
      if (mapped || compatible) {
        return isPrivateV4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]})
            || (bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0) || (bytes[12] & 0xff) == 127;
      }
    }
    return false;
  }

  private static boolean isPrivateV4(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || first == 10 || first == 127 || first >= 224
        || (first == 100 && second >= 64 && second <= 127)
        || (first == 169 && second == 254)
        || (first == 172 && second >= 16 && second <= 31)
        || (first == 192 && second == 168);
  }
}
