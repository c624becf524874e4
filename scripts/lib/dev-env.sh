# Development secrets, made once per checkout into the git-ignored file .postbox-dev.env.
ensure_dev_env() {
  local file="$ROOT/.postbox-dev.env"
  if [ ! -f "$file" ]; then
    umask 077
    {
      echo "# Development secrets for scripts/run and scripts/admin; never commit this file."
      echo "POSTBOX_API_KEY_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
      echo "POSTBOX_TRACKING_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
    } > "$file"
    echo "Wrote development secrets to .postbox-dev.env" >&2
  fi
  set -a
  # shellcheck disable=SC1090
  . "$file"
  set +a
  export POSTBOX_PG_URL="${POSTBOX_PG_URL:-postgresql://postbox:postbox@127.0.0.1:5432/postbox}"
}

ensure_jar() {
  if [ ! -f "$ROOT/target/postbox.jar" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$ROOT/target/postbox.jar" -print -quit)" ]; then
    echo "Building target/postbox.jar" >&2
    (cd "$ROOT" && mvn -B -q package -DskipTests) || { echo "Build failed" >&2; exit 1; }
  fi
}
