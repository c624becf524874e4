package io.postbox.ingest;

import io.vertx.core.json.JsonObject;

/** The ingest module's part of the configuration; no queue URL means no SQS polling. */
record IngestSettings(String queueUrl, int pollers, String awsRegion, String sqsEndpoint) {

  static IngestSettings from(JsonObject config) {
    JsonObject sqs = config.getJsonObject("sqs", new JsonObject());
    JsonObject aws = config.getJsonObject("aws", new JsonObject());
    return new IngestSettings(sqs.getString("queueUrl"), sqs.getInteger("pollers", 2), aws.getString("region"),
        aws.getString("sqsEndpoint"));
  }

  boolean sqsEnabled() {
    return queueUrl != null && !queueUrl.isBlank();
  }
}
