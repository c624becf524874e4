package io.postbox.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "a@b.com", "A@B.COM", "first.last@example.gov", "x+tag@mail.example.co.uk",
      "!#$%&'*+-/=?^_`{|}~@example.org", "a@xn--p1ai.xn--p1ai", "a@b-c.io", "a@1.com"})
  void accepts(String address) {
    assertThat(EmailAddresses.isValid(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "plain", "@b.com", "a@", "a@b", "a@b.notarealtld", "a@b.c0m", " a@b.com", "a@b.com ",
      "a b@c.com", "a@@b.com", "a@b@c.com", ".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com", "a@b-.com",
      "a@b..com", "a@.b.com", "a@b.com.", "a,b@c.com", "\"a\"@b.com", "a@b.com, c@d.com", "é@b.com", "a@bé.com",
      "\u212A@b.com", "a@[127.0.0.1]"})
  void rejects(String address) {
    assertThat(EmailAddresses.isValid(address)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void rejectsNull() {
    assertThat(EmailAddresses.isValid(null)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void limitsLocalPartTo64() {
    assertThat(EmailAddresses.isValid("a".repeat(64) + "@b.com")).isTrue();
    assertThat(EmailAddresses.isValid("a".repeat(65) + "@b.com")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void limitsDomainLabelsTo63() {
    assertThat(EmailAddresses.isValid("a@" + "b".repeat(63) + ".com")).isTrue();
    assertThat(EmailAddresses.isValid("a@" + "b".repeat(64) + ".com")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void limitsTotalTo254() {
    String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61) + ".com";
    String at254 = "a".repeat(254 - 1 - domain.length()) + "@" + domain;
    assertThat(at254).hasSize(254);
    assertThat(EmailAddresses.isValid(at254)).isTrue();
    assertThat(EmailAddresses.isValid("a" + at254)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void checksTldCaseInsensitively() {
    assertThat(EmailAddresses.isValid("a@b.GoV")).isTrue();
  }
}
