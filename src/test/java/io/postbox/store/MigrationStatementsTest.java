package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A migration outside a transaction runs statement by statement: how its text is split. */
class MigrationStatementsTest {

  @Test
  void statementsEndWithASemicolonAtTheEndOfALineAndCommentsAloneAreDropped() {
    String sql = Migrations.NO_TRANSACTION + "\n-- why\nALTER TABLE t ADD COLUMN c int;\n\n"
        + "-- the index\nCREATE INDEX CONCURRENTLY i ON t (c);  \r\nDROP INDEX CONCURRENTLY IF EXISTS j;\n-- end\n";
    assertThat(Migrations.statements(sql)).containsExactly(
        Migrations.NO_TRANSACTION + "\n-- why\nALTER TABLE t ADD COLUMN c int",
        "-- the index\nCREATE INDEX CONCURRENTLY i ON t (c)",
        "DROP INDEX CONCURRENTLY IF EXISTS j");
  }

  @Test
  void aDollarQuotedBodyIsOneStatementWhateverItsSemicolons() {
    String sql = Migrations.NO_TRANSACTION + "\nALTER TABLE t ADD COLUMN c int;\n"
        + "DO $$\nBEGIN\n  UPDATE t SET c = 1;\n  COMMIT;\nEND\n$$;\n"
        + "-- a comment's $$ and ; do not count;\nSELECT '$$;\n' AS quoted, $body$ x;\n $body$;\n";
    assertThat(Migrations.statements(sql)).containsExactly(
        Migrations.NO_TRANSACTION + "\nALTER TABLE t ADD COLUMN c int",
        "DO $$\nBEGIN\n  UPDATE t SET c = 1;\n  COMMIT;\nEND\n$$",
        "-- a comment's $$ and ; do not count;\nSELECT '$$;\n' AS quoted, $body$ x;\n $body$");
  }

  @ParameterizedTest
  @ValueSource(strings = {"V010__metadata_and_search.sql", "V012__retention.sql",
      "V014__cc_recipient_search.sql", "V017__event_dedup_per_email.sql",
      "V018__list_indexes_hold_their_filters.sql"})
  void migrationsForALargeTableBuildEveryIndexConcurrentlyAndCanRunAgain(String name) throws IOException {
    String sql;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/" + name)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(sql).startsWith(Migrations.NO_TRANSACTION);
    for (String statement : Migrations.statements(sql)) {
      String code = statement.lines().filter(line -> !line.strip().startsWith("--")).reduce("", String::concat);
      if (code.contains("CREATE INDEX")) {
        assertThat(code).contains("CREATE INDEX CONCURRENTLY");
      }
      if (code.contains("DROP INDEX")) {
        assertThat(code).contains("DROP INDEX CONCURRENTLY IF EXISTS");
      }
      if (code.contains("ADD COLUMN")) {
        assertThat(code).contains("ADD COLUMN IF NOT EXISTS");
      }
    }
  }
}
