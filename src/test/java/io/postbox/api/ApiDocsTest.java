package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Schemas;
import io.postbox.support.TestPostbox;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** SPEC §21.3: the OpenAPI document, the validation schemas it references, and the docs page. */
class ApiDocsTest {
  private static final URI DOCUMENT_URI = URI.create("http://postbox" + ApiDocs.DOCUMENT_PATH);
  private static final String SEND_REQUEST_REF = "./schemas/send-request.json";
  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

  private static TestPostbox postbox;
  private static JsonObject document;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
    HttpResponse<Buffer> response = get(ApiDocs.DOCUMENT_PATH);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/yaml");
    Map<String, Object> parsed = new Yaml().load(response.bodyAsString());
    document = new JsonObject(new JsonObject(parsed).encode());
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static HttpResponse<Buffer> get(String path) {
    return TestPostbox.await(postbox.http.get(path).send());
  }

  @Test
  void isAnOpenApi31DocumentWithBearerAuth() {
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document.getJsonObject("info").getString("title")).isEqualTo("postbox");
    assertThat(pointer("/components/securitySchemes/apiKey/type")).isEqualTo("http");
    assertThat(pointer("/components/securitySchemes/apiKey/scheme")).isEqualTo("bearer");
    assertThat(pointer("/security/0/apiKey")).isEqualTo(List.of());
  }

  @Test
  void documentsEveryEndpointOfTheSpec() {
    Map<String, List<String>> endpoints = Map.ofEntries(
        Map.entry("/v1/transactional/email/send", List.of("post")),
        Map.entry("/v1/transactional/email/batch", List.of("post")),
        Map.entry("/v1/transactional/email/{emailId}/cancel", List.of("post")),
        Map.entry("/v1/transactional/email", List.of("get")),
        Map.entry("/v1/transactional/email/stats", List.of("get")),
        Map.entry("/v1/transactional/email/{emailId}", List.of("get")),
        Map.entry("/v1/transactional/email/{emailId}/events", List.of("get")),
        Map.entry("/v1/webhooks", List.of("post", "get")),
        Map.entry("/v1/webhooks/{webhookId}", List.of("get", "patch", "delete")),
        Map.entry("/v1/webhooks/{webhookId}/test", List.of("post")),
        Map.entry("/v1/webhooks/{webhookId}/deliveries", List.of("get")),
        Map.entry("/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay", List.of("post")),
        Map.entry("/v1/suppressions", List.of("post", "get")),
        Map.entry("/v1/suppressions/export", List.of("get")),
        Map.entry("/v1/suppressions/check", List.of("get")),
        Map.entry("/v1/suppressions/{address}", List.of("get", "delete")),
        Map.entry("/v1/callback/email", List.of("post")),
        Map.entry("/health/live", List.of("get")),
        Map.entry("/health/ready", List.of("get")),
        Map.entry("/metrics", List.of("get")),
        Map.entry("/openapi.yaml", List.of("get")),
        Map.entry("/schemas/{file}", List.of("get")),
        Map.entry("/docs", List.of("get")));
    JsonObject paths = document.getJsonObject("paths");
    assertThat(paths.fieldNames()).containsExactlyInAnyOrderElementsOf(endpoints.keySet());
    endpoints.forEach((path, methods) -> assertThat(paths.getJsonObject(path).fieldNames())
        .as(path).containsAll(methods));
  }

  @Test
  void everyOperationDocumentsItsErrorsWithTheEnvelope() {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : List.of("get", "post", "patch", "delete")) {
        JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
        if (operation == null) {
          continue;
        }
        JsonObject responses = operation.getJsonObject("responses");
        boolean open = operation.getJsonArray("security") != null && operation.getJsonArray("security").isEmpty();
        if (path.startsWith("/v1/") && !path.startsWith("/v1/callback")) {
          assertThat(responses.fieldNames()).as(method + " " + path).contains("401", "500");
          assertThat(responses.getJsonObject("401").getString("$ref"))
              .isEqualTo("#/components/responses/Unauthenticated");
        } else if (path.startsWith("/v1/callback")) {
          assertThat(responses.fieldNames()).contains("200", "401", "403", "500");
        } else {
          assertThat(open).as(method + " " + path + " needs no API key").isTrue();
        }
      }
    }
    assertThat(paths.getJsonObject("/v1/transactional/email/send").getJsonObject("post")
        .getJsonObject("responses").fieldNames())
        .containsExactlyInAnyOrder("201", "400", "401", "403", "409", "413", "422", "429", "500", "502", "503");
    assertThat(pointer("/components/schemas/Error/required")).isEqualTo(List.of("code", "message"));
  }

  @Test
  void sendBodiesAreTheFileTheServiceValidatesWith() throws IOException {
    JsonObject content = (JsonObject) pointer("/paths/~1v1~1transactional~1email~1send/post/requestBody/content");
    assertThat(content.fieldNames())
        .containsExactlyInAnyOrder("application/json", "application/x-www-form-urlencoded", "multipart/form-data");
    for (String type : content.fieldNames()) {
      assertThat(content.getJsonObject(type).getJsonObject("schema").getString("$ref")).as(type)
          .isEqualTo(SEND_REQUEST_REF);
    }

    HttpResponse<Buffer> served = get(DOCUMENT_URI.resolve(SEND_REQUEST_REF).getPath());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.bodyAsString()).isEqualTo(classpathText("schemas/" + Schemas.SEND_REQUEST));
    assertThat(served.bodyAsJsonObject()).isEqualTo(Schemas.instance().document(Schemas.SEND_REQUEST));
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(document.getMap(), refs);
    assertThat(refs).contains(SEND_REQUEST_REF, "./schemas/list-query.json#/properties/created_at");
    for (String ref : refs) {
      int hash = ref.indexOf('#');
      String file = hash < 0 ? ref : ref.substring(0, hash);
      String fragment = hash < 0 ? "" : ref.substring(hash + 1);
      JsonObject target = document;
      if (!file.isEmpty()) {
        HttpResponse<Buffer> served = get(DOCUMENT_URI.resolve(file).getPath());
        assertThat(served.statusCode()).as(ref).isEqualTo(200);
        target = served.bodyAsJsonObject();
        String name = file.substring(file.lastIndexOf('/') + 1);
        assertThat(target).as(ref).isEqualTo(Schemas.instance().document(name));
      }
      assertThat(JsonPointer.from(fragment).queryJson(target)).as(ref).isNotNull();
    }
  }

  @Test
  void servesEveryValidationSchemaAndNothingElse() {
    for (String file : Schemas.FILES) {
      HttpResponse<Buffer> served = get("/schemas/" + file);
      assertThat(served.statusCode()).as(file).isEqualTo(200);
      assertThat(served.bodyAsJsonObject()).as(file).isEqualTo(Schemas.instance().document(file));
    }
    HttpResponse<Buffer> unknown = get("/schemas/..%2Fopenapi.yaml");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
  }

  @Test
  void docsPageLoadsOnlyAssetsPostboxServes() {
    HttpResponse<Buffer> page = get(ApiDocs.DOCS_PATH);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    String html = page.bodyAsString();
    assertThat(html).contains("SwaggerUIBundle(", "url: \"/openapi.yaml\"").doesNotContain("http://", "https://");

    List<String> assets = new ArrayList<>();
    Matcher matcher = ASSET.matcher(html);
    while (matcher.find()) {
      assets.add(matcher.group(1));
    }
    assertThat(assets).contains("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css");
    for (String asset : assets) {
      assertThat(asset).startsWith("/").doesNotStartWith("//");
      HttpResponse<Buffer> served = get(asset);
      assertThat(served.statusCode()).as(asset).isEqualTo(200);
      assertThat(served.body().length()).as(asset).isPositive();
    }
    assertThat(get("/docs/assets/swagger-ui-bundle.js").getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(get("/docs/assets/swagger-ui.css").getHeader("Content-Type")).startsWith("text/css");
    assertThat(get("/docs/assets/index.html").statusCode()).isEqualTo(404);
  }

  private static Object pointer(String pointer) {
    Object value = JsonPointer.from(pointer).queryJson(document);
    return value instanceof io.vertx.core.json.JsonArray array ? array.getList() : value;
  }

  private static void collectRefs(Object node, List<String> refs) {
    if (node instanceof JsonObject json) {
      collectRefs(json.getMap(), refs);
    } else if (node instanceof io.vertx.core.json.JsonArray json) {
      collectRefs(json.getList(), refs);
    } else if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> {
        if ("$ref".equals(key)) {
          refs.add((String) value);
        } else {
          collectRefs(value, refs);
        }
      });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectRefs(item, refs));
    }
  }

  private static String classpathText(String resource) throws IOException {
    try (InputStream in = ApiDocsTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
