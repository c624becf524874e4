package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md: a module imports only contract, bus and itself (bus imports only contract; app may import
 * all); SQL stays in store.
 */
class ModuleBoundariesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/postbox");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.postbox\\.([a-z]+)\\.", Pattern.MULTILINE);
  private static final Pattern SQL = Pattern.compile("preparedQuery\\(|\"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM) ");

  @Test
  void modulesMeetOnlyThroughContract() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        String module = SOURCES.relativize(file).getName(0).toString();
        if (module.equals("app")) {
          continue;
        }
        Matcher imports = IMPORT.matcher(Files.readString(file));
        while (imports.find()) {
          String imported = imports.group(1);
          boolean allowed = imported.equals("contract") || imported.equals(module)
              || imported.equals("bus") && !module.equals("contract");
          if (!allowed) {
            violations.add(file + " imports " + imported);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void sqlLivesOnlyInTheStore() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        String module = SOURCES.relativize(file).getName(0).toString();
        if (!module.equals("store") && SQL.matcher(Files.readString(file)).find()) {
          violations.add(file.toString());
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
