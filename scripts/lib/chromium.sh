# Used by scripts/test: the console's browser tests drive Debian's headless Chromium through its chromedriver.
# Installs both packages when missing and tells the tests where they are.

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1 || [ ! -x /usr/bin/chromedriver ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing chromium and chromium-driver with apt-get (for the console's browser tests)" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      echo "Chromium is not installed: install it (Debian: apt-get install chromium chromium-driver) and run this again" >&2
      exit 1
    fi
  fi
  export POSTBOX_TEST_CHROMIUM="$(command -v chromium)"
  export POSTBOX_TEST_CHROMEDRIVER=/usr/bin/chromedriver
}
