package io.postbox.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemasTest {
  static List<String> files() {
    return Schemas.FILES;
  }

  private final Schemas schemas = Schemas.instance();

  @Test
  void listsEveryFileOfTheSchemasFolder() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/schemas"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(Schemas.FILES);
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void eachSchemaCompilesAndDeclaresItsId(String file) {
    assertThat(schemas.validator(file)).isNotNull();
    JsonObject document = schemas.document(file);
    assertThat(document.getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(document.getString("$id")).isEqualTo(Schemas.BASE_URI + file);
    assertThat(schemas.validator(file).validate(new JsonObject().put("x", 1))).isNotNull();
  }

  @Test
  void isOneSharedInstanceHandingOutTheSameValidators() {
    assertThat(Schemas.instance()).isSameAs(schemas);
    assertThat(schemas.validator(Schemas.SEND_REQUEST)).isSameAs(schemas.validator(Schemas.SEND_REQUEST));
    assertThatThrownBy(() -> schemas.validator("nope.json")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void documentIsACopy() {
    schemas.document(Schemas.SEND_REQUEST).put("title", "changed");
    assertThat(schemas.document(Schemas.SEND_REQUEST).getString("title")).isEqualTo("Send request");
  }

  @Test
  void sendRequestPropertiesFollowTheSpecTable() {
    assertThat(schemas.propertyNames(Schemas.SEND_REQUEST)).containsExactly("recipient", "subject", "body", "from",
        "reply_to", "classification", "tag", "cc", "bcc", "disable_tracking", "send_at", "attachments",
        "metadata");
    assertThat(schemas.document(Schemas.SEND_REQUEST).getJsonArray("required"))
        .isEqualTo(new JsonArray().add("recipient").add("subject").add("body"));
  }

  @Test
  void sendRequestSchemaAcceptsJsonAndFormShapes() {
    JsonObject json = new JsonObject().put("recipient", "a@b.com").put("subject", "s").put("body", "b")
        .put("classification", "urgent").put("cc", new JsonArray().add("c@d.com")).put("disable_tracking", true);
    JsonObject form = new JsonObject().put("recipient", "a@b.com").put("subject", "s").put("body", "b")
        .put("cc", "[\"c@d.com\"]").put("disable_tracking", "false");
    assertThat(schemas.validator(Schemas.SEND_REQUEST).validate(json).getValid()).isTrue();
    assertThat(schemas.validator(Schemas.SEND_REQUEST).validate(form).getValid()).isTrue();
    assertThat(schemas.validator(Schemas.SEND_REQUEST).validate(new JsonObject().put("subject", 1)).getValid()).isFalse();
  }

  @Test
  void listQuerySchemaDescribesTheBusQuery() {
    JsonObject query = new JsonObject().put("limit", 5).put("offset", 0).put("status", "sent").put("tag", "x")
        .put("created_at", new JsonObject().put("gte", "2024-01-01")).put("sort_by", "-updated_at")
        .put("exclude_params", true);
    assertThat(schemas.validator(Schemas.LIST_QUERY).validate(query).getValid()).isTrue();
    assertThat(schemas.validator(Schemas.LIST_QUERY).validate(new JsonObject().put("page", 1)).getValid()).isFalse();
    assertThat(schemas.validator(Schemas.LIST_QUERY)
        .validate(new JsonObject().put("created_at", new JsonObject().put("gte", "20200101"))).getValid()).isFalse();
  }

  @Test
  void sendEnvelope() {
    JsonObject request = new JsonObject().put("recipient", "a@b.com").put("subject", "s").put("body", "b");
    assertThat(schemas.checkEnvelope(Schemas.EMAIL_SEND_MESSAGE, new JsonObject().put("user_id", 7).put("request", request)))
        .isNull();
    assertThat(schemas.validator(Schemas.EMAIL_SEND_MESSAGE)
        .validate(new JsonObject().put("user_id", 7).put("request", request)).getValid()).isTrue();
    assertThat(envelopeError(Schemas.EMAIL_SEND_MESSAGE, new JsonObject().put("request", request)))
        .isEqualTo("\"user_id\" is required");
    assertThat(envelopeError(Schemas.EMAIL_SEND_MESSAGE, new JsonObject().put("user_id", "7").put("request", request)))
        .isEqualTo("\"user_id\" must be a positive integer");
    assertThat(envelopeError(Schemas.EMAIL_SEND_MESSAGE, new JsonObject().put("user_id", 0).put("request", request)))
        .isEqualTo("\"user_id\" must be a positive integer");
    assertThat(envelopeError(Schemas.EMAIL_SEND_MESSAGE, new JsonObject().put("user_id", 7)))
        .isEqualTo("\"request\" is required");
    assertThat(envelopeError(Schemas.EMAIL_SEND_MESSAGE, new JsonObject().put("user_id", 7).put("request", "x")))
        .isEqualTo("\"request\" must be of type object");
    assertThat(envelopeError(Schemas.EMAIL_SEND_MESSAGE,
        new JsonObject().put("user_id", 7).put("request", request).put("idempotency_key", "k")))
        .isEqualTo("\"idempotency_key\" is not allowed");
    assertThat(envelopeError(Schemas.EMAIL_SEND_MESSAGE, null)).isEqualTo("\"value\" must be of type object");
  }

  @Test
  void sendEnvelopeLeavesTheRequestToTheRequestValidator() {
    JsonObject badRequest = new JsonObject().put("subject", 5).put("zzz", 1);
    assertThat(schemas.checkEnvelope(Schemas.EMAIL_SEND_MESSAGE, new JsonObject().put("user_id", 7).put("request", badRequest)))
        .isNull();
    assertThat(schemas.validator(Schemas.EMAIL_SEND_MESSAGE)
        .validate(new JsonObject().put("user_id", 7).put("request", badRequest)).getValid()).isFalse();
  }

  @Test
  void getEnvelope() {
    assertThat(schemas.checkEnvelope(Schemas.EMAIL_GET_MESSAGE, new JsonObject().put("user_id", 7).put("email_id", "42")))
        .isNull();
    assertThat(envelopeError(Schemas.EMAIL_GET_MESSAGE, new JsonObject().put("user_id", 7)))
        .isEqualTo("\"email_id\" is required");
    assertThat(envelopeError(Schemas.EMAIL_GET_MESSAGE, new JsonObject().put("user_id", 7).put("email_id", 42)))
        .isEqualTo("\"email_id\" must be a string matching ^[0-9]+$");
    assertThat(envelopeError(Schemas.EMAIL_GET_MESSAGE, new JsonObject().put("user_id", 7).put("email_id", "abc")))
        .isEqualTo("\"email_id\" must be a string matching ^[0-9]+$");
  }

  @Test
  void listEnvelope() {
    assertThat(schemas.checkEnvelope(Schemas.EMAIL_LIST_MESSAGE, new JsonObject().put("user_id", 7))).isNull();
    assertThat(schemas.checkEnvelope(Schemas.EMAIL_LIST_MESSAGE,
        new JsonObject().put("user_id", 7).put("query", new JsonObject().put("limit", 0)))).isNull();
    assertThat(envelopeError(Schemas.EMAIL_LIST_MESSAGE, new JsonObject().put("user_id", 7).put("query", List.of())))
        .isEqualTo("\"query\" must be of type object");
    assertThat(envelopeError(Schemas.EMAIL_LIST_MESSAGE, new JsonObject().put("query", new JsonObject())))
        .isEqualTo("\"user_id\" is required");
  }

  private String envelopeError(String file, JsonObject message) {
    ApiError error = schemas.checkEnvelope(file, message);
    assertThat(error).isNotNull();
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("api_validation");
    return error.message();
  }
}
