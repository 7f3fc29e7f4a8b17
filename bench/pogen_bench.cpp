// pogen-bench: drives N chat-completion requests at concurrency C through pogen's shared client
// (event loop, limits, retries, strict parsing of every reply, as the pipeline uses it) and
// reports throughput, client CPU and peak memory on its last line:
//   rps=<float> cpu_s_per_1k=<float> peak_rss_mib=<float> ok=<int> failed=<int>
//
//   pogen-bench --base-url http://127.0.0.1:8000/v1 --requests 20000 --concurrency 256
//   pogen-bench --fake --requests 2000 --concurrency 64      (the built-in fake endpoint)

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "chat/answer.hpp"
#include "core/async_semaphore.hpp"
#include "core/task.hpp"
#include "http/event_loop.hpp"
#include "llm/client.hpp"
#include "run/client_stack.hpp"

namespace {

struct Options {
  std::string base_url;
  bool fake = false;
  std::string model = "bench-model";
  long requests = 10000;
  int concurrency = 256;
  int prompt_chars = 1500;
};

struct Counts {
  long ok = 0;
  long failed = 0;
};

// About `chars` characters of messages, like a judge prompt with two answers.
pogen::llm::ChatRequest make_request(int chars) {
  pogen::llm::ChatRequest request;
  request.messages.push_back({pogen::llm::Role::system, "You are a helpful assistant."});
  std::string text = "Please compare the two answers below and score each out of 10. ";
  while (static_cast<int>(text.size()) < chars - 30)
    text += "The quick brown fox jumps over the lazy dog. ";
  request.messages.push_back({pogen::llm::Role::user, text});
  request.sampling.max_tokens = 128;
  request.sampling.temperature = 0;
  return request;
}

pogen::Task<void> one_request(pogen::llm::Client& client, pogen::AsyncSemaphore& slots,
                              const pogen::llm::ChatRequest& request, Counts& counts) {
  auto result = co_await client.chat("bench", request);
  bool ok = result.ok() && pogen::llm::answer_text(result.value().choices.front()).ok();
  ++(ok ? counts.ok : counts.failed);
  slots.release();
}

pogen::Task<void> drive(pogen::http::EventLoop& loop, pogen::llm::Client& client, const Options& o,
                        Counts& counts) {
  pogen::AsyncSemaphore slots(static_cast<std::size_t>(o.concurrency));
  const auto request = make_request(o.prompt_chars);
  for (long i = 0; i < o.requests; ++i) {
    co_await slots.acquire();
    loop.tasks().spawn(one_request(client, slots, request, counts));
  }
  for (int i = 0; i < o.concurrency; ++i) co_await slots.acquire();
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app("pogen-bench: throughput, CPU and memory of pogen's LLM client");
  app.add_option("--base-url", o.base_url, "OpenAI-style base URL, e.g. http://127.0.0.1:8000/v1");
  app.add_flag("--fake", o.fake,
               "Use the built-in fake endpoint (in this process: its CPU counts)");
  app.add_option("--model", o.model, "Model name to send");
  app.add_option("--requests", o.requests, "Requests to send")->check(CLI::PositiveNumber);
  app.add_option("--concurrency", o.concurrency, "Requests in flight")->check(CLI::PositiveNumber);
  app.add_option("--prompt-chars", o.prompt_chars, "Characters of messages per request");
  CLI11_PARSE(app, argc, argv);
  if (o.base_url.empty() == !o.fake) {
    std::fprintf(stderr, "pogen-bench: give exactly one of --base-url and --fake\n");
    return 2;
  }

  pogen::llm::EndpointConfig endpoint;
  endpoint.name = "bench";
  endpoint.model = o.model;
  endpoint.base_urls = {o.fake ? std::string("fake") : o.base_url};
  endpoint.limits.max_in_flight = o.concurrency;
  std::vector<pogen::llm::EndpointConfig> endpoints{endpoint};
  pogen::llm::ClientOptions client_options;
  client_options.global_max_in_flight = o.concurrency;
  pogen::cli::ClientStack stack(endpoints, client_options);
  auto& loop = stack.loop();
  auto& client = stack.client();

  Counts counts;
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  loop.tasks().spawn(drive(loop, client, o, counts));
  loop.run();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const double cpu = cpu_seconds() - cpu_before;

  std::printf("requests=%ld concurrency=%d wall_s=%.3f\n", o.requests, o.concurrency, wall.count());
  std::printf("rps=%.1f cpu_s_per_1k=%.4f peak_rss_mib=%.1f ok=%ld failed=%ld\n",
              static_cast<double>(o.requests) / wall.count(),
              cpu * 1000.0 / static_cast<double>(o.requests), peak_rss_mib(), counts.ok,
              counts.failed);
  return counts.failed == 0 ? 0 : 1;
}
