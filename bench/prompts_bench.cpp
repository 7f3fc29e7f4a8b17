// pogen-bench-prompts: reads a prompt file the way `pogen generate` does (a validating first
// pass, then the reading pass) and reports time and peak memory, to show that memory does not
// grow with the file. With --make N it first writes an N-line JSONL file to read.
//   pogen-bench-prompts --make 100000 /tmp/prompts.jsonl
// Last line: records=<int> items=<int> seconds=<float> peak_rss_mib=<float>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>

#include "prompt_files/validate.hpp"

namespace {

void make_file(const std::string& path, long lines) {
  std::ofstream out(path);
  for (long i = 0; i < lines; ++i) {
    out << R"({"id":"q)" << i << R"(","prompt":"Explain, in a few sentences, why item )" << i
        << R"( of this synthetic prompt set matters, and give one example of its use."})" << '\n';
  }
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  long make = 0;
  CLI::App app("pogen-bench-prompts: prompt reading time and memory");
  app.add_option("file", path, "Prompt file")->required();
  app.add_option("--make", make, "First write a JSONL file of this many prompts to FILE");
  CLI11_PARSE(app, argc, argv);
  if (make > 0) make_file(path, make);

  const auto start = std::chrono::steady_clock::now();
  auto prompts = pogen::io::open_prompts(path, {}, /*skip_invalid=*/false);
  std::size_t items = 0;
  while (auto entry = prompts.reader.next()) {
    if (std::holds_alternative<pogen::io::PromptItem>(*entry)) ++items;
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf("records=%zu items=%zu seconds=%.3f peak_rss_mib=%.1f\n", prompts.reader.records(),
              items, took.count(), peak_rss_mib());
  return 0;
}
