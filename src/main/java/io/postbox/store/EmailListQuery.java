package io.postbox.store;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/** The SQL of one list request (SPEC §5), built from the normalised query; values go as parameters. */
record EmailListQuery(String sql, Tuple args, int limit, boolean withParams) {
  private static final Map<String, String> OPERATORS = Map.of("gt", ">", "gte", ">=", "lt", "<", "lte", "<=");

  static EmailListQuery from(long userId, JsonObject query) {
    Tuple args = Tuple.tuple().addLong(userId);
    StringBuilder where = new StringBuilder("e.user_id = $1");
    if (query.getString("status") != null) {
      args.addString(query.getString("status"));
      where.append(" AND e.status = $").append(args.size());
    }
    if (query.getString("tag") != null) {
      args.addString(query.getString("tag"));
      where.append(" AND e.tag = $").append(args.size());
    }
    JsonObject createdAt = query.getJsonObject("created_at", new JsonObject());
    for (String operator : new String[] {"gt", "gte", "lt", "lte"}) {
      String bound = createdAt.getString(operator);
      if (bound != null) {
        args.addOffsetDateTime(Emails.utc(bound));
        where.append(" AND e.created_at ").append(OPERATORS.get(operator)).append(" $").append(args.size());
      }
    }
    String column = "updated_at".equals(query.getString("sort_by")) ? "updated_at" : "created_at";
    String direction = query.getBoolean("sort_descending", true) ? "DESC" : "ASC";
    int limit = query.getInteger("limit", 10);
    long offset = query.getLong("offset", 0L);
    // limit and offset are validated numbers, written into the SQL so that the prepared plan knows how few rows it
    // needs and walks the (user_id, created_at|updated_at, id) index instead of sorting the user's whole history
    String sql = "SELECT " + EmailRows.COLUMNS + " FROM emails e WHERE " + where
        + " ORDER BY e." + column + " " + direction + ", e.id " + direction
        + " LIMIT " + (limit + 1) + " OFFSET " + offset;
    return new EmailListQuery(sql, args, limit, !query.getBoolean("exclude_params", false));
  }
}
