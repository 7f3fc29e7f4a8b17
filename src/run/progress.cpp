#include "run/progress.hpp"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/interrupted.hpp"

namespace pogen::cli {
namespace {

std::string short_count(double v) {
  if (v >= 1e6) return fmt::format("{:.1f}M", v / 1e6);
  if (v >= 1e3) return fmt::format("{:.1f}k", v / 1e3);
  return fmt::format("{:.0f}", v);
}

std::string duration(double seconds) {
  auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s / 60) % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

std::string kinds_text(const std::map<std::string, std::int64_t>& kinds) {
  if (kinds.empty()) return {};
  std::vector<std::string> parts;
  for (const auto& [kind, n] : kinds) parts.push_back(fmt::format("{} {}", kind, n));
  return fmt::format(" (requests: {})", fmt::join(parts, ", "));
}

void print(ProgressMode mode, const std::string& line) {
  if (mode == ProgressMode::terminal) {
    fmt::print(stderr, "\r\033[K{}", line);
  } else {
    fmt::print(stderr, "progress: {}\n", line);
  }
  std::fflush(stderr);
}

}  // namespace

ProgressMode progress_mode(bool quiet) {
  if (quiet) return ProgressMode::quiet;
  return ::isatty(STDERR_FILENO) ? ProgressMode::terminal : ProgressMode::log;
}

std::string progress_line(const ProgressSnapshot& s, double elapsed) {
  const double rate = elapsed > 0 ? static_cast<double>(s.requests) / elapsed : 0;
  const double tokens = elapsed > 0 ? static_cast<double>(s.tokens) / elapsed : 0;
  std::string eta = "-";
  if (s.done > 0 && s.total >= s.done) {
    eta = duration(elapsed / static_cast<double>(s.done) * static_cast<double>(s.total - s.done));
  }
  std::string line =
      fmt::format("items {}/{} | in flight {} | {:.1f} req/s | {} tok/s | failures {}{} | ETA {}",
                  s.done, s.total, s.in_flight, rate, short_count(tokens), s.failures,
                  kinds_text(s.request_failures), eta);
  if (!s.waiting.empty()) line += fmt::format(" | waiting: {}", fmt::join(s.waiting, ", "));
  return line;
}

Task<void> report_progress(http::EventLoop& loop, ProgressMode mode,
                           std::function<ProgressSnapshot()> snapshot,
                           std::function<bool()> finished) {
  if (mode == ProgressMode::quiet) co_return;
  const auto start = loop.clock().now();
  const auto every = mode == ProgressMode::terminal ? std::chrono::milliseconds(500)
                                                    : std::chrono::milliseconds(10000);
  auto next = start + every;
  bool printed = false;
  while (!finished() && !loop.stop_requested()) {
    try {
      co_await loop.sleep_for(std::chrono::milliseconds(250));
    } catch (const Interrupted&) {
      break;
    }
    const auto now = loop.clock().now();
    if (now < next || finished()) continue;
    next = now + every;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    print(mode, progress_line(snapshot(), elapsed));
    printed = true;
  }
  if (printed && mode == ProgressMode::terminal) fmt::print(stderr, "\n");
}

}  // namespace pogen::cli
