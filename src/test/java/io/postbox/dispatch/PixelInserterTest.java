package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.PixelTokens;
import org.junit.jupiter.api.Test;

/** SPEC §14.2: where the pixel goes. */
class PixelInserterTest {
  private final PixelTokens tokens = new PixelTokens("pixel-secret-pixel-secret-0123456789");
  private final PixelInserter inserter = new PixelInserter("https://t.example.com", tokens);
  private final String pixel = "<img src=\"https://t.example.com/t/" + tokens.tokenFor(42) + ".gif\" width=\"1\""
      + " height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">";

  @Test
  void goesJustBeforeTheClosingBodyTag() {
    assertThat(inserter.insert("<html><body><p>Hi</p></body></html>", 42))
        .isEqualTo("<html><body><p>Hi</p>" + pixel + "</body></html>");
  }

  @Test
  void goesBeforeTheLastClosingBodyTag() {
    assertThat(inserter.insert("<p>a</body> text </body>end", 42))
        .isEqualTo("<p>a</body> text " + pixel + "</body>end");
  }

  @Test
  void findsTheClosingBodyTagInAnyCase() {
    assertThat(inserter.insert("<BODY>Hi</BODY>", 42)).isEqualTo("<BODY>Hi" + pixel + "</BODY>");
    assertThat(inserter.insert("<Body>Hi</bOdY>", 42)).isEqualTo("<Body>Hi" + pixel + "</bOdY>");
  }

  @Test
  void isAppendedWithoutAClosingBodyTag() {
    assertThat(inserter.insert("<p>Hi</p>", 42)).isEqualTo("<p>Hi</p>" + pixel);
    assertThat(inserter.insert("<p>Hi</p></bod", 42)).isEqualTo("<p>Hi</p></bod" + pixel);
    assertThat(inserter.insert("", 42)).isEqualTo(pixel);
  }

  @Test
  void keepsPositionsWhenLowercasingWouldChangeLengths() {
    assertThat(inserter.insert("<p>\u0130\u0130\u0130</p></body>", 42))
        .isEqualTo("<p>\u0130\u0130\u0130</p>" + pixel + "</body>");
  }

  @Test
  void aTrailingSlashOnTheBaseUrlIsNotDoubled() {
    PixelInserter slashed = new PixelInserter("https://t.example.com/", tokens);
    assertThat(slashed.insert("<p>Hi</p>", 42)).isEqualTo("<p>Hi</p>" + pixel);
  }
}
