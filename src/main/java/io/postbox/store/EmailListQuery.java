package io.postbox.store;

import io.postbox.contract.ListCursor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/**
 * The SQL of one list request (SPEC §5), built from the normalised query; values go as parameters. A page stays
 * within {@link #PAGE_BYTE_LIMIT} (SPEC §24): the query stops adding rows once their estimated size passes it.
 */
record EmailListQuery(String sql, Tuple args, int limit, boolean withParams, String sortColumn,
    String cursorBinding) {
  private static final Map<String, String> OPERATORS = Map.of("gt", ">", "gte", ">=", "lt", "<", "lte", "<=");
  /** SPEC §24: a list page's response body is at most 8 MiB. */
  static final int PAGE_BYTE_LIMIT = 8 * 1024 * 1024;
  /** What the rows of a page may take: the limit less room for the envelope ({@code has_more}, a cursor). */
  static final int ROWS_BYTE_BUDGET = PAGE_BYTE_LIMIT - 4096;
  /** An email object's keys, timestamps, addresses and statuses besides params and attachment metadata. */
  private static final int ROW_BYTES_BESIDES_CONTENT = 1024;

  static EmailListQuery from(long userId, JsonObject query) {
    return from(userId, false, query);
  }

  /** {@code test}: a test key lists only test emails, a live key only live ones (SPEC §28). */
  static EmailListQuery from(long userId, boolean test, JsonObject query) {
    Tuple args = Tuple.tuple().addLong(userId).addBoolean(test);
    StringBuilder where = new StringBuilder("e.user_id = $1 AND e.test = $2");
    String status = query.getString("status");
    if (status != null && EmailStats.STATUSES.contains(status)) {
      // a known status name goes into the SQL as a literal, so that the generic plan can prove that a rare status is
      // in the partial index emails_user_status_created (V018)
      where.append(" AND e.status = '").append(status).append('\'');
    } else if (status != null) {
      args.addString(status);
      where.append(" AND e.status = $").append(args.size());
    }
    if (query.getString("tag") != null) {
      args.addString(query.getString("tag"));
      where.append(" AND e.tag = $").append(args.size());
    }
    // the same bounds on email_cc's copy of created_at, for the cc branch of a recipient search
    StringBuilder ccRange = new StringBuilder();
    JsonObject createdAt = query.getJsonObject("created_at", new JsonObject());
    for (String operator : new String[] {"gt", "gte", "lt", "lte"}) {
      String bound = createdAt.getString(operator);
      if (bound != null) {
        args.addOffsetDateTime(Emails.utc(bound));
        where.append(" AND e.created_at ").append(OPERATORS.get(operator)).append(" $").append(args.size());
        ccRange.append(" AND c.created_at ").append(OPERATORS.get(operator)).append(" $").append(args.size());
      }
    }
    String column = "updated_at".equals(query.getString("sort_by")) ? "updated_at" : "created_at";
    String recipient = query.getString("recipient");
    int recipientArg = 0;
    if (recipient != null) {
      // stored addresses are lowercase (SPEC §4.2), like the validated search value: plain equality uses the indexes
      // emails_user_recipient and email_cc_recipient
      args.addString(recipient);
      recipientArg = args.size();
      if (column.equals("updated_at")) {
        // email_cc holds no updated_at: the user's emails of the address are found whole, then sorted
        where.append(" AND e.id IN (SELECT r.id FROM emails r WHERE r.user_id = $1 AND r.recipient = $")
            .append(recipientArg).append(" UNION SELECT c.email_id FROM email_cc c WHERE c.address = $")
            .append(recipientArg).append(" AND c.user_id = $1)");
      }
    }
    JsonObject metadata = query.getJsonObject("metadata", new JsonObject());
    if (!metadata.isEmpty()) {
      // several exact matches are one containment test, which the GIN index emails_metadata answers
      args.addJsonObject(metadata);
      where.append(" AND e.metadata @> $").append(args.size()).append("::jsonb");
    }
    boolean descending = query.getBoolean("sort_descending", true);
    String direction = descending ? "DESC" : "ASC";
    JsonObject after = query.getJsonObject("after");
    if (after != null) {
      // keyset: the rows past the previous page's last one in the sort order, so a page costs the same at any depth
      ListCursor position = new ListCursor(after.getLong("sort_key_micros"), after.getLong("id"), null);
      args.addOffsetDateTime(position.sortKey()).addLong(position.id());
      String past = " " + (descending ? "<" : ">") + " ($" + (args.size() - 1) + ", $" + args.size() + ")";
      where.append(" AND (e.").append(column).append(", e.id)").append(past);
      ccRange.append(" AND (c.created_at, c.email_id)").append(past);
    }
    int limit = query.getInteger("limit", 10);
    long offset = query.getLong("offset", 0L);
    String source = "emails e WHERE " + where;
    if (recipientArg > 0 && column.equals("created_at")) {
      // a recipient search newest (or oldest) first: the main recipient's emails in the order of
      // emails_user_recipient, the cc'd and bcc'd ones in the order of email_cc_recipient (which holds the user and
      // created_at for that), each branch stopping at the page's end; a few rows are merged, whatever the address
      String order = "%1$s.created_at " + direction + ", %1$s.%2$s " + direction + " LIMIT " + (limit + 1 + offset);
      source = """
          (
            (SELECT e.id, e.created_at FROM emails e WHERE %1$s AND e.recipient = $%2$d ORDER BY %3$s)
            UNION
            (SELECT DISTINCT c.email_id, c.created_at FROM email_cc c JOIN emails e ON e.id = c.email_id
             WHERE c.address = $%2$d AND c.user_id = $1%4$s AND %1$s ORDER BY %5$s)
          ) e""".formatted(where, recipientArg, order.formatted("e", "id"), ccRange, order.formatted("c", "email_id"));
    }
    boolean withParams = !query.getBoolean("exclude_params", false);
    String paramsBytes = withParams ? "coalesce(e.params_bytes, octet_length(e.params::text))" : "0";
    // limit and offset are validated numbers, written into the SQL so that the prepared plan knows how few rows it
    // needs and walks the (user_id, created_at|updated_at, id) index instead of sorting the user's whole history.
    // The page's ids come first and alone, so that an index holding the filter and the sort key (user, tag,
    // created_at, id) skips an offset without reading one heap row. The page's estimated size is summed over the
    // rows in order: rows past the byte budget are not read at all, and the first one past it comes without
    // params, only to tell that there is more.
    String sql = """
        WITH page AS (
          SELECT e.id, e.%1$s AS sort_key
          FROM %4$s
          ORDER BY e.%1$s %5$s, e.id %5$s LIMIT %6$d OFFSET %7$d
        ), measured AS (
          SELECT p.id, p.sort_key,
                 %2$s + coalesce(octet_length(e.attachments_metadata::text), 0) + %3$d AS row_bytes
          FROM page p JOIN emails e ON e.id = p.id
        ), sized AS (
          SELECT id, sort_key, row_bytes, row_number() OVER w AS position,
                 coalesce(sum(row_bytes) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS bytes_before
          FROM measured WINDOW w AS (ORDER BY sort_key %5$s, id %5$s)
        )
        SELECT %8$s, s.row_bytes, s.bytes_before
        FROM sized s JOIN emails e ON e.id = s.id
        WHERE s.bytes_before <= %9$d
        ORDER BY s.sort_key %5$s, s.id %5$s""".formatted(column, paramsBytes, ROW_BYTES_BESIDES_CONTENT, source,
        direction, limit + 1, offset,
        EmailRows.columns(withParams ? "CASE WHEN s.position <= " + limit + " AND s.bytes_before + s.row_bytes <= "
            + ROWS_BYTE_BUDGET + " THEN e.params END" : "NULL::json"),
        ROWS_BYTE_BUDGET);
    return new EmailListQuery(sql, args, limit, withParams, column, query.getString("cursor_binding"));
  }
}
