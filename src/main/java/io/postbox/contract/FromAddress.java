package io.postbox.contract;

import java.util.Locale;

/**
 * A from value (SPEC §4.2, §6): {@code Display Name <address>} or a bare {@code address}.
 * The address is lowercase; the display name is kept as given (trimmed), null when absent.
 */
public record FromAddress(String displayName, String address) {

  /** Reads an already trimmed from value; null when it is not a valid from. */
  public static FromAddress parse(String trimmed) {
    if (trimmed == null || trimmed.isEmpty()) {
      return null;
    }
    if (!trimmed.endsWith(">")) {
      return addressOnly(trimmed);
    }
    int open = trimmed.lastIndexOf('<');
    if (open < 0) {
      return null;
    }
    String address = trimmed.substring(open + 1, trimmed.length() - 1);
    String displayName = trimmed.substring(0, open).trim();
    if (!EmailAddresses.isValid(address) || !isAcceptableDisplayName(displayName)) {
      return null;
    }
    return new FromAddress(displayName.isEmpty() ? null : displayName, address.toLowerCase(Locale.ROOT));
  }

  private static FromAddress addressOnly(String address) {
    return EmailAddresses.isValid(address) ? new FromAddress(null, address.toLowerCase(Locale.ROOT)) : null;
  }

  // Angle brackets would make the header ambiguous; control characters could inject header lines.
  private static boolean isAcceptableDisplayName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7F || c == '<' || c == '>') {
        return false;
      }
    }
    return true;
  }

  public String normalised() {
    return displayName == null ? address : displayName + " <" + address + ">";
  }
}
