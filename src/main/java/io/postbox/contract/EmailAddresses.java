package io.postbox.contract;

import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.DomainValidator;

/** The email address rule of SPEC §4.2, shared by recipient, reply_to, from, cc and bcc. */
public final class EmailAddresses {
  public static final int MAX_LENGTH = 254;
  public static final int MAX_LOCAL_PART_LENGTH = 64;

  private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  private static final Pattern LOCAL_PART = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*");
  private static final Pattern DOMAIN_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final DomainValidator DOMAINS = DomainValidator.getInstance();

  private EmailAddresses() {
  }

  /** Case-insensitive; a valid address is still valid after lowercasing. */
  public static boolean isValid(String address) {
    if (address == null || address.isEmpty() || address.length() > MAX_LENGTH || !isVisibleAscii(address)) {
      return false;
    }
    int at = address.indexOf('@');
    if (at < 0 || at != address.lastIndexOf('@')) {
      return false;
    }
    String localPart = address.substring(0, at);
    return localPart.length() <= MAX_LOCAL_PART_LENGTH
        && LOCAL_PART.matcher(localPart).matches()
        && isValidDomain(address.substring(at + 1));
  }

  private static boolean isValidDomain(String domain) {
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!DOMAIN_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return DOMAINS.isValidTld(labels[labels.length - 1].toLowerCase(Locale.ROOT));
  }

  private static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }
}
