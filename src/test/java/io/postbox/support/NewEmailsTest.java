package io.postbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewEmailsTest {
  private final NewEmails newEmails = new NewEmails();

  @Test
  void eachEmailIsNewOnceAcrossOverlappingListings() {
    assertThat(ids(newEmails.of(listing(email("ses-1", 100), email("ses-2", 101))))).containsExactly("ses-1", "ses-2");
    assertThat(newEmails.since()).isEqualTo(101);

    // Listing again from second 101 repeats that second's emails.
    assertThat(ids(newEmails.of(listing(email("ses-2", 101), email("ses-3", 101), email("ses-4", 102)))))
        .containsExactly("ses-3", "ses-4");
    assertThat(newEmails.since()).isEqualTo(102);
    assertThat(newEmails.of(listing(email("ses-4", 102)))).isEmpty();
  }

  @Test
  void anEmptyStoreKeepsTheWatermark() {
    newEmails.of(listing(email("ses-1", 100)));
    assertThat(newEmails.of(new JsonArray())).isEmpty();
    assertThat(newEmails.since()).isEqualTo(100);
  }

  private static JsonObject email(String messageId, long at) {
    return new JsonObject().put("messageId", messageId).put("at", at);
  }

  private static JsonArray listing(JsonObject... emails) {
    return new JsonArray(List.of((Object[]) emails));
  }

  private static List<String> ids(List<JsonObject> emails) {
    return emails.stream().map(email -> email.getString("messageId")).toList();
  }
}
