package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The export's CSV cells: well-formed whatever they hold, and never a formula when opened in a spreadsheet. */
class SuppressionCsvTest {

  @Test
  void anOrdinaryAddressIsWrittenAsItIs() {
    assertThat(SuppressionRequests.csv("reader+news@example.com")).isEqualTo("reader+news@example.com");
  }

  @Test
  void aValueThatASpreadsheetWouldRunIsQuotedAsText() {
    assertThat(SuppressionRequests.csv("=HYPERLINK(\"x\")@example.com"))
        .isEqualTo("\"'=HYPERLINK(\"\"x\"\")@example.com\"");
    assertThat(SuppressionRequests.csv("+1@example.com")).isEqualTo("\"'+1@example.com\"");
    assertThat(SuppressionRequests.csv("-2@example.com")).isEqualTo("\"'-2@example.com\"");
    assertThat(SuppressionRequests.csv("@x")).isEqualTo("\"'@x\"");
  }

  @Test
  void separatorsQuotesAndLineBreaksAreQuoted() {
    assertThat(SuppressionRequests.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(SuppressionRequests.csv("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(SuppressionRequests.csv("a\nb")).isEqualTo("\"a\nb\"");
  }
}
