#include "run/session.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/diagnostics.hpp"
#include "core/exit_code.hpp"
#include "run/dataset_report.hpp"
#include "run/endpoint_probe.hpp"
#include "run/progress.hpp"
#include "run/run_loop.hpp"

namespace pogen::cli {
namespace {

namespace fs = std::filesystem;

llm::ClientOptions observed_by(llm::ClientOptions options, llm::AttemptObserver& observer) {
  options.observer = &observer;
  return options;
}

std::string output_folder(const std::string& run_dir, const SessionPlace& place) {
  return place.outputs_at_top ? run_dir : (fs::path(run_dir) / place.command).string();
}

void create_folder(const std::string& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw FatalError("cannot create the directory " + dir + ": " + error.message());
}

void remove_cache_files(const std::string& dir) {
  const std::string cache = (fs::path(dir) / io::kResponseCacheFile).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(cache + suffix);
}

// --fresh, with the lock held: what this command wrote before, and nothing else.
void forget_earlier_outputs(const std::string& out_dir, const SessionPlace& place) {
  if (!place.outputs_at_top) {
    fs::remove_all(out_dir);
    return;
  }
  remove_cache_files(out_dir);
  for (const auto& name : place.top_level_outputs) fs::remove(fs::path(out_dir) / name);
}

// Runs in the member-initialiser list after the lock is taken, so that --fresh and the cache
// see a directory no other run is using.
std::string prepared_cache_path(const std::string& out_dir, const SessionPlace& place) {
  if (place.fresh) forget_earlier_outputs(out_dir, place);
  create_folder(out_dir);
  return (fs::path(out_dir) / io::kResponseCacheFile).string();
}

}  // namespace

std::string run_dir_for(const std::string& out_flag, const std::string& config_path) {
  fs::path dir =
      out_flag.empty() ? fs::path("runs") / fs::path(config_path).stem() : fs::path(out_flag);
  return dir.string();
}

RunSession::RunSession(pipeline::RunConfig& config, const SessionPlace& place)
    : config_(config),
      run_dir_(run_dir_for(place.out_flag, place.config_path)),
      out_dir_(output_folder(run_dir_, place)),
      lock_(run_dir_),
      cache_(prepared_cache_path(out_dir_, place)),
      guard_(config),
      stack_(config.base.endpoints, observed_by(config.base.client, guard_)),
      direct_(stack_.client()),
      chat_(direct_, cache_, config.base.endpoints) {
  guard_.read_spending_from(
      [this] { return spend(stack_.client().stats(), config_.prices).value_or(0); });
  if (place.probe) probe(place.endpoints);
}

// The endpoints' addresses are final here (the fake ones started), so the probe reaches the
// servers the run will use.
void RunSession::probe(const std::vector<std::string>& names) {
  std::vector<llm::EndpointConfig> endpoints;
  for (const auto& endpoint : config_.base.endpoints) {
    if (std::find(names.begin(), names.end(), endpoint.name) != names.end()) {
      endpoints.push_back(endpoint);
    }
  }
  if (endpoints.empty()) return;
  const ProbeReport report = probe_endpoints(endpoints, config_.run.probe_timeout);
  probe_requests_ = requests_sent(report.stats);
  guard_.count_spent_elsewhere(probe_requests_, spend(report.stats, config_.prices).value_or(0));
  std::vector<std::string> fatal;
  for (const auto& result : report.results) {
    if (result.fatal) {
      fatal.push_back(fmt::format("  {}: {}", result.endpoint, result.detail));
    } else if (!result.ok) {
      spdlog::warn("endpoint \"{}\": {} (going on: a retry may fix it)", result.endpoint,
                   result.detail);
    }
  }
  if (fatal.empty()) return;
  throw FatalError(fmt::format(
      "{} of {} endpoints cannot work as configured (nothing was run; --no-probe skips this "
      "check):\n{}",
      fatal.size(), endpoints.size(), fmt::join(fatal, "\n")));
}

std::string RunSession::path(std::string_view file_name) const {
  return (fs::path(out_dir_) / file_name).string();
}

io::AtomicFile& RunSession::output(const std::string& file_name) {
  const std::string wanted = path(file_name);
  for (auto& file : outputs_) {
    if (file->path() == wanted) return *file;
  }
  outputs_.push_back(std::make_unique<io::AtomicFile>(wanted));
  return *outputs_.back();
}

void RunSession::commit_outputs() {
  std::vector<io::AtomicFile*> files;
  for (auto& file : outputs_) files.push_back(file.get());
  io::commit_together(files);
}

void RunSession::run_with_progress(std::function<ItemCounts()> counts, bool quiet) {
  auto snapshot = [this, counts = std::move(counts)] {
    const ItemCounts items = counts();
    ProgressSnapshot s;
    s.done = items.done;
    s.total = items.total;
    s.failures = items.failures;
    const auto stats = stack_.client().stats();
    s.requests = requests_sent(stats);
    for (const auto& e : stats) {
      s.in_flight += e.in_flight;
      s.tokens += e.prompt_tokens + e.completion_tokens;
      if (!e.waiting_on.empty()) s.waiting.push_back(e.name + " " + e.waiting_on);
      if (e.backing_off > 0) {
        s.waiting.push_back(fmt::format("{} {} {} before a retry", e.name, e.backing_off,
                                        e.backing_off == 1 ? "request" : "requests"));
      }
    }
    s.request_failures = guard_.failures_by_kind();
    return s;
  };
  auto& loop = stack_.loop();
  loop.tasks().spawn(report_progress(loop, progress_mode(quiet), std::move(snapshot),
                                     [this] { return finished_; }));
  run_until_done(loop);
}

void RunSession::report_stop(std::size_t done, std::size_t total) const {
  if (guard_.stopped_by_endpoint()) {
    spdlog::error(
        "stopped after {} of {} items: {}. The items finished are in the outputs; fix the "
        "endpoint and run the same command again to go on (nothing answered is sent again)",
        done, total, guard_.stop_reason());
    return;
  }
  if (guard_.stopped_by().empty()) return;
  spdlog::warn(
      "stopped at {} after {} of {} items ({}); the rest is not in the outputs. Run the same "
      "command with a higher cap to go on: nothing answered is sent again",
      guard_.stopped_by(), done, total, guard_.stop_reason());
}

int RunSession::exit_code(int otherwise) const {
  return guard_.stopped_by_endpoint() ? kExitFatal : otherwise;
}

}  // namespace pogen::cli
