# Used by scripts/test: installs the aws-ses-v2-local SES v2 emulator under .local/npm (git-ignored) when it is
# missing or another version, and tells the tests where it is through POSTBOX_TEST_SES_LOCAL.

LOCAL_SES_VERSION=2.10.2

ensure_local_ses() {
  local prefix="$ROOT/.local/npm"
  local binary="$prefix/node_modules/.bin/aws-ses-v2-local"
  local manifest="$prefix/node_modules/aws-ses-v2-local/package.json"
  if [ ! -x "$binary" ] || ! grep -q "\"version\": \"$LOCAL_SES_VERSION\"" "$manifest" 2>/dev/null; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "npm is not installed: install Node.js and npm (Debian: apt-get install nodejs npm) and run this again" >&2
      exit 1
    fi
    echo "Installing aws-ses-v2-local@$LOCAL_SES_VERSION into $prefix" >&2
    npm install --prefix "$prefix" --no-audit --no-fund "aws-ses-v2-local@$LOCAL_SES_VERSION" >&2
  fi
  export POSTBOX_TEST_SES_LOCAL="$binary"
}
