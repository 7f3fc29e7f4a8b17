// The command line itself: version, subcommand lookup, help, and how errors become exit codes.

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "core/version.hpp"

using pogen::cli::testing::run_pogen;
using pogen::cli::testing::TempDir;

TEST_CASE("--version and the version subcommand print the version", "[cli]") {
  const std::string expected = std::string("pogen ") + pogen::kVersion + "\n";
  for (const char* form : {"--version", "version"}) {
    INFO(form);
    auto result = run_pogen({form});
    CHECK(result.exit_code == 0);
    CHECK(result.out == expected);
    CHECK(result.err.empty());
  }
}

TEST_CASE("an unknown subcommand is named, with a suggestion when one is close", "[cli]") {
  auto result = run_pogen({"chekc", "--config", "x.yaml"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "unknown command \"chekc\" (did you mean \"check\"?)\n");

  result = run_pogen({"-v", "deploy"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "unknown command \"deploy\" (see \"pogen --help\" for the commands)\n");
}

TEST_CASE("--help lists every subcommand from the table", "[cli]") {
  auto result = run_pogen({"--help"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK_THAT(result.out, Catch::Contains("chat") &&
                             Catch::Contains("Send one message to an endpoint, print the answer"));
  CHECK_THAT(result.out,
             Catch::Contains("check") && Catch::Contains("Probe every endpoint of a config"));
  CHECK_THAT(result.out, Catch::Contains("version") && Catch::Contains("Print the version"));
}

TEST_CASE("command-line parse errors exit 2 with CLI11's message", "[cli]") {
  auto result = run_pogen({});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("A subcommand is required"));

  result = run_pogen({"check"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("--config is required"));

  result = run_pogen({"-v", "-q", "version"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("--verbose excludes --quiet"));
}

TEST_CASE("a bad config exits 2 with every problem, one line each", "[cli]") {
  TempDir dir;
  const std::string path = dir.write("bad.yaml",
                                     "endpoints:\n"
                                     "  - name: llama\n"
                                     "    base_url: http://127.0.0.1:8000/v1\n"
                                     "    modle: m\n"
                                     "    limits: {max_in_flight: 0}\n");
  auto result = run_pogen({"check", "--config", path});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == path + ":2: endpoints[0]: missing required key \"model\"\n" + path +
                          ":4: endpoints[0]: unknown key \"modle\" (did you mean \"model\"?)\n" +
                          path +
                          ":5: endpoints[0].limits.max_in_flight: must be between 1 and 100000, "
                          "got 0\n");
}

TEST_CASE("a config that cannot be read exits 2", "[cli]") {
  auto result = run_pogen({"check", "--config", "/nonexistent/pogen.yaml"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "/nonexistent/pogen.yaml: cannot read: No such file or directory\n");
}

TEST_CASE("a directory given as the config exits 2 saying so", "[cli]") {
  TempDir dir;
  const std::string folder = std::filesystem::path(dir.write("x", "")).parent_path().string();
  auto result = run_pogen({"check", "--config", folder});
  CHECK(result.exit_code == 2);
  CHECK(result.err == folder + ": is a directory, not a config file\n");
}

TEST_CASE("a YAML alias bomb in a config exits 2 at once, not after the memory runs out", "[cli]") {
  TempDir dir;
  const std::string path = dir.write("bomb.yaml",
                                     "endpoints:\n"
                                     "  - name: gen\n"
                                     "    base_url: fake\n"
                                     "    model: m\n"
                                     "    extra_body:\n"
                                     "      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                                     "      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                     "      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                     "      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                     "      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                                     "      f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                                     "      g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                                     "      h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                                     "      i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n");
  pogen::testing::ProcessOptions options;
  options.timeout = std::chrono::seconds(5);  // before the limit: 20-28 s, then bad_alloc
  auto result = run_pogen({"check", "--fake", "--config", path}, options);
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 2);
  CHECK(result.err == path +
                          ":5: endpoints[0].extra_body: expands to more than 100000 values (the "
                          "limit for a whole config; a YAML alias counts at every use)\n");
}
