package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** How a list request's status filter reaches the SQL. */
class EmailListQueryTest {

  @Test
  void aKnownStatusIsALiteralSoThatTheGenericPlanCanUseThePartialStatusIndex() {
    EmailListQuery query = EmailListQuery.from(7, false, new JsonObject().put("status", "BOUNCED"));
    assertThat(query.sql()).contains("e.status = 'BOUNCED'");
    assertThat(query.args().size()).isEqualTo(2);
  }

  @Test
  void anythingElseIsAParameterNeverSqlText() {
    EmailListQuery query = EmailListQuery.from(7, false, new JsonObject().put("status", "BOUNCED' OR true --"));
    assertThat(query.sql()).doesNotContain("OR true").contains("e.status = $3");
    assertThat(query.args().getString(2)).isEqualTo("BOUNCED' OR true --");
  }
}
