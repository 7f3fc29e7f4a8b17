#!/usr/bin/env bash
# Measures pogen's client side by side with `curl --parallel` in one run, against the same
# loopback servers and the same request body. Needs nginx and curl (apt-get install nginx-light
# curl) and a built build/bench/pogen-bench. Prints the figures; exits non-zero on failure.
#   bash bench/run.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20000}
bench=build/bench/pogen-bench
[[ -x $bench ]] || { echo "build pogen-bench first: ninja -C build pogen-bench" >&2; exit 1; }
command -v nginx >/dev/null || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 1; }

nginx -c "$PWD/bench/nginx.conf" -p /tmp & nginx_pid=$!
python3 bench/slow_server.py 18081 200 & slow_pid=$!
trap 'kill $nginx_pid $slow_pid 2>/dev/null || true' EXIT
sleep 1

body=$(mktemp)
python3 - "$body" <<'PY'
import json, sys
text = "Please compare the two answers below and score each out of 10. "
while len(text) < 1470:
    text += "The quick brown fox jumps over the lazy dog. "
json.dump({"model": "bench-model", "messages": [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": text}], "max_tokens": 128, "temperature": 0},
    open(sys.argv[1], "w"))
PY

echo "== curl --parallel, C=256, $requests requests (zero-latency nginx)"
urls=$(mktemp)
for ((i = 0; i < requests; i++)); do
  printf 'url = "http://127.0.0.1:18080/v1/chat/completions"\noutput = "/dev/null"\n'
done > "$urls"
start=$(date +%s.%N)
/usr/bin/time -f "curl_cpu_s=%U+%S curl_peak_rss_kib=%M" curl -s --parallel --parallel-max 256 \
  -H 'Content-Type: application/json' --data-binary @"$body" -K "$urls"
end=$(date +%s.%N)
python3 -c "print(f'curl rps={$requests/($end-$start):.1f}')"

echo "== pogen-bench, C=256 (zero-latency nginx)"
$bench --base-url http://127.0.0.1:18080/v1 --requests "$requests" --concurrency 256
echo "== pogen-bench, C=1024 (zero-latency nginx)"
$bench --base-url http://127.0.0.1:18080/v1 --requests "$requests" --concurrency 1024
echo "== pogen-bench, C=256 against a server answering after 200 ms (ideal 1280 rps)"
$bench --base-url http://127.0.0.1:18081/v1 --requests 6400 --concurrency 256
rm -f "$body" "$urls"
