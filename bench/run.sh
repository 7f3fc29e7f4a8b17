#!/usr/bin/env bash
# Measures pogen's client side by side with `curl --parallel` (and wrk, when installed) in one
# run, against the same loopback servers and the same request body. Needs nginx and curl
# (apt-get install nginx-light curl; wrk is optional) and a built pogen-bench and
# pogen-bench-slow-server. Prints the figures; exits non-zero on failure.
#   bash bench/run.sh [REQUESTS]
#   POGEN_BUILD_DIR=build-bench bash bench/run.sh 20000     (another build directory)
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20000}
slow_requests=6400  # 25 rounds of 256 at 200 ms: 5 s at the ideal 1,280 requests/s
build=${POGEN_BUILD_DIR:-build}
bench=$build/bench/pogen-bench
slow_server=$build/bench/pogen-bench-slow-server
[[ -x $bench && -x $slow_server ]] || {
  echo "build the benchmarks first: ninja -C $build pogen-bench pogen-bench-slow-server" >&2
  exit 1
}
command -v nginx >/dev/null || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 1; }

# Servers on the last CPU, clients on the first: left to the scheduler, the same client
# measured 0.05 or 0.08 s of CPU per 1,000 requests from one run to the next, depending on
# whether it shared a core with nginx (cross-core wake-ups cost more in this VM).
# POGEN_BENCH_PIN=0 leaves placement to the scheduler.
server_cpu=() client_cpu=()
if [[ ${POGEN_BENCH_PIN:-1} != 0 ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
  server_cpu=(taskset -c "$(($(nproc) - 1))") client_cpu=(taskset -c 0)
fi

"${server_cpu[@]}" nginx -c "$PWD/bench/nginx.conf" -p /tmp & nginx_pid=$!
"${server_cpu[@]}" "$slow_server" 18081 200 & slow_pid=$!
tmp=$(mktemp -d)
trap 'kill $nginx_pid $slow_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
sleep 1

body=$tmp/body.json
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

# curl --parallel over N copies of one URL; prints rps (and its share of IDEAL when given), CPU
# per 1,000 requests and peak RSS.   run_curl PORT N [IDEAL_RPS]
run_curl() {
  local port=$1 count=$2 ideal=${3:-0} urls=$tmp/urls
  for ((i = 0; i < count; i++)); do
    printf 'url = "http://127.0.0.1:%s/v1/chat/completions"\noutput = "/dev/null"\n' "$port"
  done > "$urls"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -o "$tmp/time" -f "%U %S %M" "${client_cpu[@]}" curl -s --no-progress-meter --parallel --parallel-max 256 \
    -H 'Content-Type: application/json' --data-binary @"$body" -K "$urls"
  end=$(date +%s.%N)
  python3 - "$count" "$start" "$end" "$ideal" "$(cat "$tmp/time")" <<'PY'
import sys
count, start, end, ideal = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
user, system, rss_kib = sys.argv[5].split()
rps = count / (end - start)
share = f" ({100 * rps / ideal:.1f}% of {ideal})" if ideal else ""
print(f"curl rps={rps:.1f}{share} cpu_s_per_1k={(float(user) + float(system)) * 1000 / count:.4f} "
      f"peak_rss_mib={int(rss_kib) / 1024:.1f}")
PY
}

echo "== curl --parallel, C=256, $requests requests (zero-latency nginx)"
run_curl 18080 "$requests"
echo "== pogen-bench, C=256 (zero-latency nginx)"
"${client_cpu[@]}" $bench --base-url http://127.0.0.1:18080/v1 --requests "$requests" --concurrency 256
echo "== pogen-bench, C=1024 (zero-latency nginx)"
"${client_cpu[@]}" $bench --base-url http://127.0.0.1:18080/v1 --requests "$requests" --concurrency 1024

echo "== C=256 against a server answering after 200 ms (ideal 1280 rps), $slow_requests requests"
run_curl 18081 "$slow_requests" 1280
if command -v wrk >/dev/null; then
  # wrk counts the requests answered within its 5 s, not those still in flight at the end.
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n%s\n' \
    "local f = io.open(\"$body\", \"rb\"); wrk.body = f:read(\"*a\"); f:close()" > "$tmp/post.lua"
  "${client_cpu[@]}" wrk -t1 -c256 -d5s -s "$tmp/post.lua" http://127.0.0.1:18081/v1/chat/completions |
    awk '/Requests\/sec/ { printf "wrk rps=%s (%.1f%% of 1280)\n", $2, $2 / 12.80 }'
fi
"${client_cpu[@]}" $bench --base-url http://127.0.0.1:18081/v1 --requests "$slow_requests" --concurrency 256 |
  awk '{ print } /^rps=/ { split($1, r, "="); printf "pogen %.1f%% of 1280\n", r[2] / 12.80 }'
