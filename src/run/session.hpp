#pragma once
// A run session: what every pipeline command (generate, judge, eval-judge, winrate,
// build-dataset) needs around its own work, built once and in one order.
//
//   run directory + lock -> (--fresh) -> response cache -> fake endpoints -> event loop
//   -> client -> chat service -> cached chat service -> output files
//
// The run directory belongs to a config (runs/<config name> unless --out). It holds one lock, so
// one command at a time uses it whatever the command. build-dataset writes the dataset at the top
// of the directory; every other command writes into its own folder (<run dir>/<command>/), so no
// command overwrites another's outputs and --fresh forgets only what its own command wrote. Each
// of these output folders has its own responses.sqlite: a rerun after a crash or a kill re-sends
// nothing that had an answer (docs/resume.md).

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cache/cached_chat.hpp"
#include "cache/response_cache.hpp"
#include "config/run_config.hpp"
#include "core/atomic_file.hpp"
#include "llm/client_chat_service.hpp"
#include "run/client_stack.hpp"
#include "run/ordered_runner.hpp"
#include "run/run_guard.hpp"
#include "run/run_lock.hpp"

namespace pogen::cli {

// Where a command's outputs go.
struct SessionPlace {
  std::string command;      // "generate"; names the output folder
  std::string out_flag;     // --out, or empty for runs/<config file stem>
  std::string config_path;  // for the default run directory
  bool fresh = false;       // forget this command's earlier outputs and responses
  // build-dataset: outputs at the top of the run directory rather than in <command>/; --fresh
  // then removes these files (and the cache) rather than the command's folder.
  bool outputs_at_top = false;
  std::vector<std::string> top_level_outputs;
  // The endpoints the command will use, probed before the first item unless --no-probe.
  std::vector<std::string> endpoints;
  bool probe = true;
};

// The counts a command reports for its progress line; the session adds requests and tokens.
struct ItemCounts {
  std::size_t done = 0;
  std::size_t total = 0;  // 0 when unknown
  std::size_t failures = 0;
};

class RunSession {
 public:
  // Creates the run directory, takes its lock (FatalError naming the holder's pid when another
  // run has it), applies --fresh, opens the cache and starts the fake endpoints the config asks
  // for (their addresses are written into `config`, which must outlive the session).
  RunSession(pipeline::RunConfig& config, const SessionPlace& place);
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  const std::string& run_dir() const { return run_dir_; }
  // The folder this command writes into (the run directory itself for build-dataset).
  const std::string& out_dir() const { return out_dir_; }
  std::string path(std::string_view file_name) const;

  // The output file `file_name` in out_dir(), written whole or not at all: it replaces the old
  // one only at commit_outputs(). Opened on first use.
  io::AtomicFile& output(const std::string& file_name);
  // Commits every output opened so far as a unit (io::commit_together): all of them replaced,
  // or on a failure (a full disk, a target that cannot be replaced) the previous set untouched.
  void commit_outputs();

  // The chat service every request of the run goes through (cached).
  llm::ChatService& chat() { return chat_; }
  http::EventLoop& loop() { return stack_.loop(); }
  std::vector<llm::EndpointStats> stats() const { return stack_.client().stats(); }
  const pipeline::CachedChat& cache() const { return chat_; }
  const std::string& cache_path() const { return cache_.path(); }
  const pipeline::RunConfig& config() const { return config_; }

  // What one item may need at most (its plan), reserved before it starts (run/run_guard.hpp).
  template <typename In>
  using PlanOf = std::function<Reservation(const In&)>;

  // Runs items through `work` in input order, max_items_in_flight at a time, until the input
  // ends, the run stops (a cap, an endpoint that cannot work: stopped_by() says which; the items
  // cut short are left out) or a signal comes (StoppedBySignal, after which nothing is
  // committed). Prints the progress line unless quiet.
  template <typename In, typename Out>
  void run_items(pipeline::OrderedRun<In, Out> work, std::function<ItemCounts()> counts, bool quiet,
                 std::type_identity_t<PlanOf<In>> plan = {}) {
    work.stopping = [this, own = std::move(work.stopping)] {
      return own() || stack_.loop().stop_requested() || guard_.stopping();
    };
    work.window = static_cast<std::size_t>(config_.run.max_items_in_flight);
    work.work = [this, inner = std::move(work.work),
                 plan = std::move(plan)](In input) mutable -> Task<Out> {
      const Reservation need = plan ? plan(input) : Reservation{};
      return run_admitted<In, Out>(guard_, need, inner, std::move(input));
    };
    finished_ = false;
    stack_.loop().tasks().spawn(run_then_flag(std::move(work)));
    run_with_progress(std::move(counts), quiet);
  }

  // "max_requests", "max_cost" or "endpoint_failed" when run_items stopped before the end of
  // the input; empty otherwise.
  const std::string& stopped_by() const { return guard_.stopped_by(); }
  const std::string& stop_reason() const { return guard_.stop_reason(); }
  // Attempts that failed, by failure kind, probe excluded.
  const std::map<std::string, std::int64_t>& failures_by_kind() const {
    return guard_.failures_by_kind();
  }
  // Requests the endpoint probe sent before the first item (counted against the caps).
  std::int64_t probe_requests() const { return probe_requests_; }
  // Logs why the run stopped before the end of the input and how to go on; nothing when it
  // did not.
  void report_stop(std::size_t done, std::size_t total) const;
  // kExitFatal when an endpoint stopped the run; `otherwise` when not.
  int exit_code(int otherwise) const;

 private:
  template <typename In, typename Out>
  Task<void> run_then_flag(pipeline::OrderedRun<In, Out> work) {
    co_await pipeline::run_in_order(std::move(work));
    finished_ = true;
  }
  void run_with_progress(std::function<ItemCounts()> counts, bool quiet);
  void probe(const std::vector<std::string>& endpoints);

  const pipeline::RunConfig& config_;
  std::string run_dir_;
  std::string out_dir_;
  io::RunLock lock_;
  io::ResponseCache cache_;
  RunGuard guard_;  // before the client, which reports every attempt to it
  ClientStack stack_;
  llm::ClientChatService direct_;
  pipeline::CachedChat chat_;
  std::vector<std::unique_ptr<io::AtomicFile>> outputs_;
  bool finished_ = false;
  std::int64_t probe_requests_ = 0;
};

// The run directory for --out and a config file: --out when given, else runs/<config stem>.
std::string run_dir_for(const std::string& out_flag, const std::string& config_path);

}  // namespace pogen::cli
