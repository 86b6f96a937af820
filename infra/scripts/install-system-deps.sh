#!/usr/bin/env bash
# Debian packages the integration and browser tests need. Installs them when missing and apt is usable (root);
# otherwise says what is missing, and the tests that need it fail with their own clear message.
set -uo pipefail
need=()
ldconfig -p 2>/dev/null | grep -q 'librdkafka.so.1' || need+=(librdkafka1)
command -v clickhouse-server >/dev/null 2>&1 || need+=(clickhouse-server clickhouse-client)
# The ClickHouse cluster tests (infra/clickhouse/start-cluster.mjs) run Debian's ZooKeeper (it brings a Java runtime).
[ -f /usr/share/java/zookeeper.jar ] || need+=(zookeeper)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "vakt: installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 || {
    echo "vakt: apt-get install ${need[*]} failed; the tests that need them will fail and say so" >&2
  }
else
  echo "vakt: missing Debian packages: ${need[*]} (run: sudo apt-get install ${need[*]})" >&2
fi
exit 0
