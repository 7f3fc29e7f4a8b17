#include "run/session.hpp"

#include <filesystem>
#include <system_error>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/diagnostics.hpp"
#include "run/dataset_report.hpp"
#include "run/progress.hpp"
#include "run/run_loop.hpp"

namespace pogen::cli {
namespace {

namespace fs = std::filesystem;

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
      stack_(config.base.endpoints, config.base.client),
      direct_(stack_.client()),
      chat_(direct_, cache_, config.base.endpoints) {}

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
    }
    return s;
  };
  auto& loop = stack_.loop();
  loop.tasks().spawn(report_progress(loop, progress_mode(quiet), std::move(snapshot),
                                     [this] { return finished_; }));
  run_until_done(loop);
}

bool RunSession::cap_reached() {
  const auto& limits = config_.run;
  if (limits.max_requests) {
    if (requests_sent(stack_.client().stats()) >= *limits.max_requests) {
      stopped_by_ = "max_requests";
      return true;
    }
  }
  if (limits.max_cost) {
    auto cost = spend(stack_.client().stats(), config_.prices);
    if (cost && *cost >= *limits.max_cost) {
      stopped_by_ = "max_cost";
      return true;
    }
  }
  return false;
}

void RunSession::warn_if_capped(std::size_t done, std::size_t total) const {
  if (stopped_by_.empty()) return;
  spdlog::warn(
      "stopped at {} after {} of {} items; the rest is not in the outputs. Run the same command "
      "with a higher cap to go on: nothing answered is sent again",
      stopped_by_, done, total);
}

}  // namespace pogen::cli
