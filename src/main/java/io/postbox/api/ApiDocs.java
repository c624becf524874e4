package io.postbox.api;

import io.postbox.contract.Schemas;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * SPEC §21.3 without auth: {@code GET /openapi.yaml}, the JSON Schema files it references by relative
 * {@code $ref} ({@code GET /schemas/<file>}, the very files {@link Schemas} validates with), and
 * {@code GET /docs}, a page rendering the document with the Swagger UI webjar served from the classpath.
 */
final class ApiDocs {
  static final String DOCUMENT_PATH = "/openapi.yaml";
  static final String DOCS_PATH = "/docs";
  static final String ASSETS_PATH = "/docs/assets/";

  private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final String WEBJAR_FOLDER = "META-INF/resources/webjars/swagger-ui/";
  private static final Map<String, String> ASSETS = Map.of(
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
      "swagger-ui.css", "text/css; charset=utf-8",
      "favicon-32x32.png", "image/png",
      "favicon-16x16.png", "image/png");

  private final Buffer document;
  private final Buffer page;
  private final Map<String, Buffer> schemas;
  private final Map<String, Buffer> assets;

  private ApiDocs(Buffer document, Buffer page, Map<String, Buffer> schemas, Map<String, Buffer> assets) {
    this.document = document;
    this.page = page;
    this.schemas = schemas;
    this.assets = assets;
  }

  /** Reads the document, the schema files, the page and the Swagger UI assets once, from the classpath. */
  static ApiDocs load() {
    Map<String, Buffer> schemas = new LinkedHashMap<>();
    for (String file : Schemas.FILES) {
      schemas.put(file, resource("schemas/" + file));
    }
    String webjar = WEBJAR_FOLDER + swaggerUiVersion() + "/";
    Map<String, Buffer> assets = new LinkedHashMap<>();
    ASSETS.keySet().forEach(name -> assets.put(name, resource(webjar + name)));
    return new ApiDocs(resource("openapi.yaml"), resource("docs/index.html"), schemas, assets);
  }

  void mount(Router router) {
    router.get(DOCUMENT_PATH).handler(ctx -> send(ctx, "application/yaml; charset=utf-8", document));
    router.get("/schemas/:file").handler(ctx -> sendIfKnown(ctx, schemas.get(ctx.pathParam("file")),
        "application/schema+json"));
    router.get(DOCS_PATH).handler(ctx -> send(ctx, "text/html; charset=utf-8", page));
    router.get(ASSETS_PATH + ":file").handler(ctx -> {
      String file = ctx.pathParam("file");
      sendIfKnown(ctx, assets.get(file), ASSETS.get(file));
    });
  }

  private static void sendIfKnown(RoutingContext ctx, Buffer body, String contentType) {
    if (body == null) {
      ctx.next();
      return;
    }
    send(ctx, contentType, body);
  }

  private static void send(RoutingContext ctx, String contentType, Buffer body) {
    ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-cache").end(body);
  }

  private static String swaggerUiVersion() {
    Properties pom = new Properties();
    try {
      pom.load(new StringReader(resource(WEBJAR_POM).toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static Buffer resource(String path) {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource missing from the classpath: " + path);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
