# Sourced by scripts/test, scripts/e2e and scripts/demo: ClamAV's daemon (Debian's
# clamav-daemon), which scans every attached document. The tests start their own clamd with a
# one-signature database (tests/clamd.py); this only makes sure the program is installed.
if ! command -v clamd >/dev/null 2>&1 && [ ! -x /usr/sbin/clamd ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== Installing clamav-daemon (Debian's package) for the document virus scan"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clamav-daemon >/dev/null
  else
    echo "The document tests need ClamAV's daemon. Install it with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y clamav-daemon" >&2
    exit 1
  fi
fi

# The demo's scanner: a clamd of its own under .demo-clamd/, on a unix socket. With the
# signatures freshclam keeps in /var/lib/clamav it uses those; on a machine without them
# (no network) it knows only the EICAR test file's signature, which is enough to show a
# refusal, and says so.
start_demo_clamd() {
  local dir="$PWD/.demo-clamd"
  mkdir -p "$dir/db"
  local database="$dir/db"
  if ls /var/lib/clamav/*.c[vl]d >/dev/null 2>&1; then
    database=/var/lib/clamav
  else
    echo "Demo scanner: no ClamAV signatures on this machine; it detects only the EICAR test file."
    python - "$database" <<'PY'
import sys
eicar = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
open(f"{sys.argv[1]}/demo-eicar.ndb", "w").write(f"Demo-EICAR:0:*:{eicar.hex()}\n")
PY
  fi
  cat >"$dir/clamd.conf" <<CONF
LocalSocket $dir/clamd.sock
DatabaseDirectory $database
LogFile $dir/clamd.log
Foreground yes
StreamMaxLength 40M
CONF
  if [ -f "$dir/clamd.pid" ] && kill -0 "$(cat "$dir/clamd.pid")" 2>/dev/null; then
    :
  else
    "$(command -v clamd || echo /usr/sbin/clamd)" -c "$dir/clamd.conf" &
    echo $! >"$dir/clamd.pid"
  fi
  export CLAMD_ADDRESS="unix://$dir/clamd.sock"
}
