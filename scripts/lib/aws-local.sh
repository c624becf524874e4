# Used by scripts/run --aws-local: runs io.postbox.support.AwsLocal (test sources, since ElasticMQ is a test
# dependency), which starts ElasticMQ as SQS, aws-ses-v2-local as SES and postbox against both, in one JVM.

aws_local_classpath() {
  local file="$ROOT/target/aws-local.classpath"
  (cd "$ROOT" && mvn -B -q test-compile >&2) || { echo "Build failed" >&2; exit 1; }
  if [ ! -f "$file" ] || [ "$ROOT/pom.xml" -nt "$file" ]; then
    (cd "$ROOT" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile="$file" >&2) || { echo "Resolving the test classpath failed" >&2; exit 1; }
  fi
  echo "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$file")"
}

# run_aws_local ARGS…: replaces this shell with the launcher; the SDK's default credential chain needs some keys.
run_aws_local() {
  ensure_local_ses
  local cp
  cp=$(aws_local_classpath)
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"
  echo "Starting ElasticMQ (SQS), aws-ses-v2-local (SES) and postbox; events follow SES's mailbox simulator." >&2
  cd "$ROOT"
  exec java ${JAVA_OPTS:-} -cp "$cp" io.postbox.support.AwsLocal "$@"
}
