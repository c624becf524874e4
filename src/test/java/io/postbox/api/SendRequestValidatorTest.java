package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SendRequestValidatorTest {
  private static final String BODY_MESSAGE =
      "body is a required string whose size must be less than or equal to 1MB in UTF-8 encoding";

  private final SendRequestValidator validator = new SendRequestValidator();

  private static JsonObject minimal() {
    return new JsonObject().put("recipient", "a@b.com").put("subject", "Hello").put("body", "<p>Hi</p>");
  }

  private static JsonObject without(String key) {
    JsonObject raw = minimal();
    raw.remove(key);
    return raw;
  }

  private String error(JsonObject raw) {
    ValidatedSend result = validator.validate(raw);
    assertThat(result.failed()).as("expected a failure for %s", raw).isTrue();
    assertThat(result.error().status()).isEqualTo(400);
    assertThat(result.error().code()).isEqualTo("api_validation");
    return result.error().message();
  }

  private JsonObject valid(JsonObject raw) {
    ValidatedSend result = validator.validate(raw);
    assertThat(result.error()).as("unexpected failure for %s", raw).isNull();
    return result.request();
  }

  // --- normalised output

  @Test
  void minimalRequestGetsAllKeysWithDefaults() {
    assertThat(valid(minimal())).isEqualTo(new JsonObject()
        .put("recipient", "a@b.com").put("subject", "Hello").put("body", "<p>Hi</p>")
        .putNull("from").putNull("reply_to").putNull("classification").putNull("tag")
        .put("cc", new JsonArray()).put("bcc", new JsonArray()).put("disable_tracking", false)
        .put("metadata", new JsonObject()));
    assertThat(validator.validate(minimal()).attachmentsNotAsFiles()).isFalse();
  }

  @Test
  void fullRequestIsNormalised() {
    JsonObject raw = minimal()
        .put("recipient", "Someone@Example.GOV")
        .put("from", "  Ministry Of Things <Info@Example.GOV>  ")
        .put("reply_to", "  Help@Example.GOV ")
        .put("classification", "for_action")
        .put("tag", "welcome")
        .put("cc", new JsonArray().add(" C1@Example.com").add("c2@example.com "))
        .put("bcc", "[\"B@Example.com\"]")
        .put("disable_tracking", true)
        .put("metadata", new JsonObject().put("order_id", "7"));
    assertThat(valid(raw)).isEqualTo(new JsonObject()
        .put("recipient", "someone@example.gov").put("subject", "Hello").put("body", "<p>Hi</p>")
        .put("from", "Ministry Of Things <info@example.gov>").put("reply_to", "help@example.gov")
        .put("classification", "FOR_ACTION").put("tag", "welcome")
        .put("cc", new JsonArray().add("c1@example.com").add("c2@example.com"))
        .put("bcc", new JsonArray().add("b@example.com")).put("disable_tracking", true)
        .put("metadata", new JsonObject().put("order_id", "7")));
  }

  @Test
  void jsonNullOptionalFieldsCountAsAbsent() {
    JsonObject raw = minimal().putNull("from").putNull("reply_to").putNull("classification").putNull("tag")
        .putNull("cc").putNull("bcc").putNull("disable_tracking");
    assertThat(valid(raw)).isEqualTo(valid(minimal()));
  }

  @Test
  void bareFromIsLowercased() {
    assertThat(valid(minimal().put("from", " No-Reply@Example.GOV ")).getString("from")).isEqualTo("no-reply@example.gov");
  }

  @Test
  void whitespaceOnlySubjectPassesThisStep() {
    assertThat(valid(minimal().put("subject", "   ")).getString("subject")).isEqualTo("   ");
  }

  @Test
  void bodyOfExactly1MiBInUtf8IsAccepted() {
    String body = "é".repeat(524_288);
    assertThat(valid(minimal().put("body", body)).getString("body")).hasSize(524_288);
  }

  @Test
  void tagOf255CharactersIsAccepted() {
    assertThat(valid(minimal().put("tag", "t".repeat(255))).getString("tag")).hasSize(255);
    assertThat(valid(minimal().put("tag", "😀".repeat(255))).getString("tag")).hasSize(510);
  }

  // --- form bodies: strings, repeated keys as arrays

  @Test
  void formStringsAreAccepted() {
    JsonObject form = minimal()
        .put("disable_tracking", "true")
        .put("cc", new JsonArray().add("x@example.com").add("Y@example.com"))
        .put("bcc", "[\"z@example.com\"]")
        .put("classification", "Urgent");
    JsonObject request = valid(form);
    assertThat(request.getBoolean("disable_tracking")).isTrue();
    assertThat(request.getJsonArray("cc")).isEqualTo(new JsonArray().add("x@example.com").add("y@example.com"));
    assertThat(request.getJsonArray("bcc")).isEqualTo(new JsonArray().add("z@example.com"));
    assertThat(request.getString("classification")).isEqualTo("URGENT");
    assertThat(valid(minimal().put("disable_tracking", "false")).getBoolean("disable_tracking")).isFalse();
  }

  @Test
  void jsonAndFormVersionsNormaliseAlike() {
    JsonObject json = minimal().put("cc", new JsonArray().add("x@example.com")).put("disable_tracking", true);
    JsonObject form = minimal().put("cc", "[\"x@example.com\"]").put("disable_tracking", "true");
    assertThat(valid(form)).isEqualTo(valid(json));
  }

  @Test
  void repeatedSubjectInFormIsNotAString() {
    assertThat(error(minimal().put("subject", new JsonArray().add("a").add("b")))).isEqualTo("\"subject\" must be a string");
  }

  @Test
  void repeatedRecipientInFormIsInvalid() {
    assertThat(error(minimal().put("recipient", new JsonArray().add("a@b.com").add("c@d.com"))))
        .isEqualTo("\"recipient\" must be a valid email");
  }

  // --- attachments

  @Test
  void attachmentsFieldIsFlaggedNotRefused() {
    ValidatedSend result = validator.validate(minimal().put("attachments", new JsonArray().add("x")));
    assertThat(result.failed()).isFalse();
    assertThat(result.attachmentsNotAsFiles()).isTrue();
    assertThat(result.request().containsKey("attachments")).isFalse();
    assertThat(validator.validate(minimal().putNull("attachments")).attachmentsNotAsFiles()).isTrue();
    assertThat(validator.validate(minimal().put("attachments", "text")).attachmentsNotAsFiles()).isTrue();
  }

  // --- recipient

  @Test
  void recipientMessages() {
    assertThat(error(new JsonObject())).isEqualTo("\"recipient\" is required");
    assertThat(error(minimal().putNull("recipient"))).isEqualTo("\"recipient\" is required");
    assertThat(error(minimal().put("recipient", 5))).isEqualTo("\"recipient\" must be a valid email");
    assertThat(error(minimal().put("recipient", " a@b.com"))).isEqualTo("\"recipient\" must be a valid email");
    assertThat(error(minimal().put("recipient", "a@b.com "))).isEqualTo("\"recipient\" must be a valid email");
    assertThat(error(minimal().put("recipient", ""))).isEqualTo("\"recipient\" must be a valid email");
    assertThat(error(minimal().put("recipient", "a@b.invalidtld"))).isEqualTo("\"recipient\" must be a valid email");
    assertThat(error(minimal().put("recipient", "a@b.com,c@d.com"))).isEqualTo("\"recipient\" must be a valid email");
    assertThat(error(minimal().put("recipient", "\u212A@b.com"))).isEqualTo("\"recipient\" must be a valid email");
    assertThat(error(minimal().put("recipient", "a".repeat(65) + "@b.com"))).isEqualTo("\"recipient\" must be a valid email");
  }

  // --- subject

  @Test
  void subjectMessages() {
    assertThat(error(without("subject"))).isEqualTo("\"subject\" is required");
    assertThat(error(minimal().putNull("subject"))).isEqualTo("\"subject\" is required");
    assertThat(error(minimal().put("subject", ""))).isEqualTo("\"subject\" is not allowed to be empty");
    assertThat(error(minimal().put("subject", 12))).isEqualTo("\"subject\" must be a string");
    assertThat(error(minimal().put("subject", true))).isEqualTo("\"subject\" must be a string");
  }

  // --- body

  @Test
  void everyBodyFailureHasTheCompatMessage() {
    assertThat(error(without("body"))).isEqualTo(BODY_MESSAGE);
    assertThat(error(minimal().putNull("body"))).isEqualTo(BODY_MESSAGE);
    assertThat(error(minimal().put("body", ""))).isEqualTo(BODY_MESSAGE);
    assertThat(error(minimal().put("body", 42))).isEqualTo(BODY_MESSAGE);
    assertThat(error(minimal().put("body", new JsonObject()))).isEqualTo(BODY_MESSAGE);
    assertThat(error(minimal().put("body", "é".repeat(524_288) + "a"))).isEqualTo(BODY_MESSAGE);
    assertThat(error(minimal().put("body", "a".repeat(1_048_577)))).isEqualTo(BODY_MESSAGE);
    assertThat(error(minimal().put("body", "😀".repeat(262_144) + "a"))).isEqualTo(BODY_MESSAGE);
  }

  // --- from, reply_to

  @Test
  void fromMessages() {
    assertThat(error(minimal().put("from", "not an address"))).isEqualTo("\"from\" must be a valid email");
    assertThat(error(minimal().put("from", "Name <nope>"))).isEqualTo("\"from\" must be a valid email");
    assertThat(error(minimal().put("from", ""))).isEqualTo("\"from\" must be a valid email");
    assertThat(error(minimal().put("from", 3))).isEqualTo("\"from\" must be a valid email");
  }

  @Test
  void replyToMessages() {
    assertThat(error(minimal().put("reply_to", "nope"))).isEqualTo("\"reply_to\" must be a valid email");
    assertThat(error(minimal().put("reply_to", "Name <a@b.com>"))).isEqualTo("\"reply_to\" must be a valid email");
    assertThat(error(minimal().put("reply_to", false))).isEqualTo("\"reply_to\" must be a valid email");
  }

  // --- classification, tag

  @Test
  void classificationMessages() {
    String message = "\"classification\" must be one of [URGENT, FOR_ACTION, FOR_INFO]";
    assertThat(error(minimal().put("classification", "LOW"))).isEqualTo(message);
    assertThat(error(minimal().put("classification", ""))).isEqualTo(message);
    assertThat(error(minimal().put("classification", 1))).isEqualTo(message);
    assertThat(error(minimal().put("classification", "for_\u0131nfo"))).isEqualTo(message);
    assertThat(valid(minimal().put("classification", "For_Info")).getString("classification")).isEqualTo("FOR_INFO");
  }

  @Test
  void tagMessages() {
    assertThat(error(minimal().put("tag", "t".repeat(256))))
        .isEqualTo("\"tag\" length must be less than or equal to 255 characters long");
    assertThat(error(minimal().put("tag", 7))).isEqualTo("\"tag\" must be a string");
    assertThat(error(minimal().put("tag", new JsonArray().add("a").add("b")))).isEqualTo("\"tag\" must be a string");
  }

  // --- cc, bcc

  @Test
  void ccThatIsNotJsonIsRefusedWithCompatMessage() {
    String message = "\"cc\" failed custom validation because cc must be a valid array or stringified array.";
    assertThat(error(minimal().put("cc", "a@b.com"))).isEqualTo(message);
    assertThat(error(minimal().put("cc", ""))).isEqualTo(message);
    assertThat(error(minimal().put("cc", "[\"a@b.com\""))).isEqualTo(message);
    assertThat(error(minimal().put("cc", 5))).isEqualTo(message);
    assertThat(error(minimal().put("cc", new JsonObject()))).isEqualTo(message);
  }

  @Test
  void ccThatIsJsonButNotAnArrayIsRefusedWithCompatMessage() {
    String message = "\"cc\" failed custom validation because cc must be a valid stringified array";
    assertThat(error(minimal().put("cc", "\"a@b.com\""))).isEqualTo(message);
    assertThat(error(minimal().put("cc", "{}"))).isEqualTo(message);
    assertThat(error(minimal().put("cc", "5"))).isEqualTo(message);
    assertThat(error(minimal().put("cc", "null"))).isEqualTo(message);
  }

  @Test
  void ccItemsMustBeValidEmails() {
    assertThat(error(minimal().put("cc", new JsonArray().add("a@b.com").add("nope"))))
        .isEqualTo("\"cc[1]\" must be a valid email");
    assertThat(error(minimal().put("cc", "[\"a@b.com\", 5]"))).isEqualTo("\"cc[1]\" must be a valid email");
    assertThat(error(minimal().put("cc", new JsonArray().add(new JsonArray())))).isEqualTo("\"cc[0]\" must be a valid email");
  }

  @Test
  void ccDuplicatesAreFoundAfterNormalisation() {
    assertThat(error(minimal().put("cc", new JsonArray().add("a@b.com").add("c@d.com").add(" A@B.com "))))
        .isEqualTo("\"cc[2]\" contains a duplicate value");
    assertThat(error(minimal().put("cc", "[\"x@y.com\",\"x@y.com\"]"))).isEqualTo("\"cc[1]\" contains a duplicate value");
  }

  @Test
  void invalidCcItemIsReportedBeforeAnEarlierDuplicate() {
    assertThat(error(minimal().put("cc", new JsonArray().add("a@b.com").add("a@b.com").add("bad"))))
        .isEqualTo("\"cc[2]\" must be a valid email");
  }

  @Test
  void emptyCcArrayIsFine() {
    assertThat(valid(minimal().put("cc", "[]")).getJsonArray("cc")).isEmpty();
    assertThat(valid(minimal().put("cc", new JsonArray())).getJsonArray("cc")).isEmpty();
  }

  @Test
  void bccMessagesNameBcc() {
    assertThat(error(minimal().put("bcc", "a@b.com")))
        .isEqualTo("\"bcc\" failed custom validation because bcc must be a valid array or stringified array.");
    assertThat(error(minimal().put("bcc", "{}")))
        .isEqualTo("\"bcc\" failed custom validation because bcc must be a valid stringified array");
    assertThat(error(minimal().put("bcc", new JsonArray().add("nope")))).isEqualTo("\"bcc[0]\" must be a valid email");
    assertThat(error(minimal().put("bcc", new JsonArray().add("a@b.com").add("A@b.com"))))
        .isEqualTo("\"bcc[1]\" contains a duplicate value");
  }

  @Test
  void sameAddressInCcAndBccIsNotThisStepsConcern() {
    assertThat(valid(minimal().put("cc", new JsonArray().add("a@b.com")).put("bcc", new JsonArray().add("a@b.com"))))
        .isNotNull();
  }

  // --- disable_tracking

  @Test
  void disableTrackingMessages() {
    String message = "\"disable_tracking\" must be a boolean";
    assertThat(error(minimal().put("disable_tracking", "yes"))).isEqualTo(message);
    assertThat(error(minimal().put("disable_tracking", "TRUE"))).isEqualTo(message);
    assertThat(error(minimal().put("disable_tracking", 1))).isEqualTo(message);
    assertThat(error(minimal().put("disable_tracking", new JsonArray().add("true").add("false")))).isEqualTo(message);
  }

  // --- order

  @Test
  void fieldsAreCheckedInTableOrder() {
    JsonObject allBad = new JsonObject()
        .put("recipient", "bad").put("subject", "").put("body", "").put("from", "bad").put("reply_to", "bad")
        .put("classification", "bad").put("tag", "t".repeat(300)).put("cc", "bad").put("bcc", "bad")
        .put("disable_tracking", "bad").put("extra", 1);
    String[] expected = {
        "\"recipient\" must be a valid email",
        "\"subject\" is not allowed to be empty",
        BODY_MESSAGE,
        "\"from\" must be a valid email",
        "\"reply_to\" must be a valid email",
        "\"classification\" must be one of [URGENT, FOR_ACTION, FOR_INFO]",
        "\"tag\" length must be less than or equal to 255 characters long",
        "\"cc\" failed custom validation because cc must be a valid array or stringified array.",
        "\"bcc\" failed custom validation because bcc must be a valid array or stringified array.",
        "\"disable_tracking\" must be a boolean",
        "\"extra\" is not allowed"};
    JsonObject fixes = minimal().put("from", "a@b.com").put("reply_to", "a@b.com").put("classification", "URGENT")
        .put("tag", "t").put("cc", "[]").put("bcc", "[]").put("disable_tracking", false);
    String[] order = {"recipient", "subject", "body", "from", "reply_to", "classification", "tag", "cc", "bcc",
        "disable_tracking"};
    for (int i = 0; i < expected.length; i++) {
      assertThat(error(allBad.copy())).as("step %d", i).isEqualTo(expected[i]);
      if (i < order.length) {
        allBad.put(order[i], fixes.getValue(order[i]));
      }
    }
    assertThat(allBad.remove("extra")).isEqualTo(1);
    assertThat(validator.validate(allBad).failed()).isFalse();
  }

  @Test
  void unknownKeysAreReportedAfterKnownFields() {
    JsonObject raw = new JsonObject().put("zzz", 1).put("recipient", "a@b.com").put("subject", "");
    assertThat(error(raw)).isEqualTo("\"subject\" is not allowed to be empty");
  }

  @Test
  void firstUnknownKeyInIterationOrderIsReported() {
    JsonObject raw = new JsonObject().put("second", 1).put("recipient", "a@b.com").put("first", 2)
        .put("subject", "s").put("body", "b");
    assertThat(error(raw)).isEqualTo("\"second\" is not allowed");
    assertThat(error(minimal().put("template_id", "x"))).isEqualTo("\"template_id\" is not allowed");
  }

  @Test
  void missingRequiredFieldWinsOverLaterInvalidOnes() {
    assertThat(error(new JsonObject().put("recipient", "a@b.com").put("body", "").put("cc", "bad")))
        .isEqualTo("\"subject\" is required");
  }

  @Test
  void nullRawIsAnEmptyRequest() {
    assertThat(error(null)).isEqualTo("\"recipient\" is required");
  }

  @Test
  void rawIsNotModified() {
    JsonObject raw = minimal().put("recipient", "A@B.com").put("cc", "[\"X@y.com\"]");
    JsonObject before = raw.copy();
    valid(raw);
    assertThat(raw).isEqualTo(before);
  }

  @Test
  void givesTheSameAnswersAcrossThreads() {
    long failures = java.util.stream.IntStream.range(0, 2_000).parallel()
        .mapToObj(i -> validator.validate(new JsonObject().put("recipient", "u" + i + "@b.com")
            .put("subject", i % 2 == 0 ? "s" : "").put("body", "b")))
        .filter(result -> result.failed()
            && result.error().message().equals("\"subject\" is not allowed to be empty"))
        .count();
    assertThat(failures).isEqualTo(1_000);
  }
}
