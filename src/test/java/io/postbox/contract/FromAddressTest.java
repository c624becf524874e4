package io.postbox.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FromAddressTest {

  @Test
  void parsesBareAddressAndLowercasesIt() {
    FromAddress from = FromAddress.parse("No-Reply@Example.GOV");
    assertThat(from).isEqualTo(new FromAddress(null, "no-reply@example.gov"));
    assertThat(from.normalised()).isEqualTo("no-reply@example.gov");
  }

  @Test
  void keepsDisplayNameAsGiven() {
    FromAddress from = FromAddress.parse("Ministry Of Things <Info@Example.GOV>");
    assertThat(from).isEqualTo(new FromAddress("Ministry Of Things", "info@example.gov"));
    assertThat(from.normalised()).isEqualTo("Ministry Of Things <info@example.gov>");
  }

  @Test
  void trimsSpaceBetweenDisplayNameAndAddress() {
    assertThat(FromAddress.parse("Name    <a@b.com>").normalised()).isEqualTo("Name <a@b.com>");
  }

  @Test
  void keepsQuotesAndUnicodeInDisplayName() {
    assertThat(FromAddress.parse("\"Société, Inc\" <a@b.com>").normalised()).isEqualTo("\"Société, Inc\" <a@b.com>");
  }

  @Test
  void acceptsAngleAddressWithoutName() {
    assertThat(FromAddress.parse("<A@b.com>")).isEqualTo(new FromAddress(null, "a@b.com"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Name", "Name <>", "Name <a@b>", "Name < a@b.com>", "Name <a@b.com", "a@b.com>",
      "Na<me <a@b.com>", "Name\r\nBcc: x@y.com <a@b.com>", "Name <a@b.com> trailing", "a@b.com, c@d.com"})
  void rejects(String value) {
    assertThat(FromAddress.parse(value)).isNull();
  }

  @Test
  void rejectsNull() {
    assertThat(FromAddress.parse(null)).isNull();
  }
}
