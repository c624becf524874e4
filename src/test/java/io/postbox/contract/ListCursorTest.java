package io.postbox.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ListCursorTest {

  @Test
  void aCursorKeepsItsPositionToTheMicrosecond() {
    OffsetDateTime key = OffsetDateTime.parse("2026-12-02T10:11:12.345678Z");
    ListCursor cursor = ListCursor.after(key, 42, "0123456789abcdef");
    ListCursor read = ListCursor.decode(cursor.encode());
    assertThat(read).isEqualTo(cursor);
    assertThat(read.sortKey()).isEqualTo(key);
    assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void anythingElseIsNoCursor() {
    for (String text : new String[] {"", "x", "!!!", "e30", encoded("[]"), encoded("{\"k\":1,\"i\":2}"),
        encoded("{\"k\":1.5,\"i\":2,\"b\":\"x\"}"), encoded("{\"k\":1,\"i\":\"2\",\"b\":\"x\"}"),
        encoded("{\"k\":1,\"i\":2,\"b\":\"x\",\"z\":0}"), encoded("{\"k\":9223372036854775807,\"i\":2,\"b\":\"x\"}")}) {
      assertThat(ListCursor.decode(text)).as(text).isNull();
    }
  }

  private static String encoded(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
