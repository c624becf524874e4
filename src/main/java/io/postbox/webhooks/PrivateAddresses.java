package io.postbox.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Addresses a webhook may not target (SPEC §16 and §24): loopback, private (RFC 1918, and 100.64/10 shared space),
 * link-local, unique-local (fc00::/7), multicast, unspecified ("this network" 0/8 included), broadcast and reserved,
 * benchmarking 198.18/15, IETF protocol assignments 192.0.0/24; the IPv6 transition ranges NAT64, 6to4, Teredo and
 * IPv4-translated are refused whole, and the IPv4 address embedded in any IPv6 address (those ranges, IPv4-mapped
 * and IPv4-compatible) is checked too. No I/O: {@link TargetGuard} resolves host names.
 */
final class PrivateAddresses {
  private static final List<Range> REFUSED_V4 = List.of(
      Range.of("0.0.0.0/8"), Range.of("10.0.0.0/8"), Range.of("100.64.0.0/10"), Range.of("127.0.0.0/8"),
      Range.of("169.254.0.0/16"), Range.of("172.16.0.0/12"), Range.of("192.0.0.0/24"), Range.of("192.168.0.0/16"),
      Range.of("198.18.0.0/15"), Range.of("224.0.0.0/3"));

  private static final List<Range> REFUSED_V6 = List.of(
      Range.of("::/128"), Range.of("::1/128"), Range.of("fc00::/7"), Range.of("fe80::/10"), Range.of("fec0::/10"),
      Range.of("ff00::/8"), Range.of("64:ff9b::/96"), Range.of("64:ff9b:1::/48"), Range.of("2002::/16"),
      Range.of("2001::/32"), Range.of("::ffff:0:0:0/96"));

  private PrivateAddresses() {
  }

  /** True when any of a host's addresses is private: one such address is enough to refuse the host. */
  static boolean anyPrivate(InetAddress[] addresses) {
    for (InetAddress address : addresses) {
      if (isPrivate(address)) {
        return true;
      }
    }
    return false;
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return inAny(REFUSED_V4, bytes);
    }
    if (address instanceof Inet6Address) {
      if (inAny(REFUSED_V6, bytes)) {
        return true;
      }
      for (byte[] embedded : embeddedIpv4(bytes)) {
        if (inAny(REFUSED_V4, embedded)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The IPv4 addresses an IPv6 address carries: in the last 32 bits for IPv4-mapped, IPv4-compatible,
   * IPv4-translated and NAT64 /96; bits 16–47 for 6to4; the server (bits 32–63) and the client (last 32 bits, inverted)
   * for Teredo; bits 48–63 and 72–87 for the RFC 6052 /48 form of the local-use NAT64 prefix.
   */
  static List<byte[]> embeddedIpv4(byte[] v6) {
    List<byte[]> embedded = new ArrayList<>();
    boolean firstEightZero = allZero(v6, 0, 8);
    boolean mappedOrCompatible = firstEightZero
        && ((v6[8] == 0 && v6[9] == 0 && ((v6[10] == 0 && v6[11] == 0) || (v6[10] & v6[11] & 0xff) == 0xff)));
    boolean translated = firstEightZero && (v6[8] & v6[9] & 0xff) == 0xff && v6[10] == 0 && v6[11] == 0;
    boolean nat64 = v6[0] == 0 && v6[1] == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b;
    if (mappedOrCompatible || translated || (nat64 && allZero(v6, 4, 12))) {
      embedded.add(slice(v6, 12));
    }
    if (nat64 && v6[4] == 0 && v6[5] == 1) {
      embedded.add(new byte[] {v6[6], v6[7], v6[9], v6[10]});
    }
    if (v6[0] == 0x20 && v6[1] == 0x02) {
      embedded.add(slice(v6, 2));
    }
    if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0) {
      embedded.add(slice(v6, 4));
      byte[] client = slice(v6, 12);
      for (int i = 0; i < client.length; i++) {
        client[i] = (byte) ~client[i];
      }
      embedded.add(client);
    }
    return embedded;
  }

  private static boolean inAny(List<Range> ranges, byte[] address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] bytes, int from) {
    return new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]};
  }

  private record Range(byte[] prefix, int bits) {
    static Range of(String cidr) {
      String[] parts = cidr.split("/");
      try {
        return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(cidr, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (prefix[whole] & mask);
    }
  }
}
