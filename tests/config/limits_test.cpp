// The bounds on what a config may cost to read: the file's size, and how far YAML aliases may
// expand a free-form value (extra_body). A hostile or mistaken file fails fast with exit 2.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/reader.hpp"
#include "config_test_support.hpp"

using pogen::io::testing::Lines;
using pogen::io::testing::problems_in;

namespace {

// An endpoint whose extra_body (line 5) holds `body`, indented under it.
std::string endpoint_with_body(const std::string& body) {
  return "endpoints:\n"
         "  - name: gen\n"
         "    base_url: fake\n"
         "    model: m\n"
         "    extra_body:\n" +
         body;
}

// "Billion laughs": nine levels of nine aliases each, 9^9 (387 million) strings from 500 bytes.
const std::string kAliasBomb = endpoint_with_body(
    "      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "      f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "      g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "      h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "      i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n");

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/pogen-config-limits-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& content) const {
    const std::string path = path_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

 private:
  std::string path_;
};

// The one problem reading the file gives, formatted.
std::string read_problem(const std::string& path) {
  try {
    pogen::io::read_config_file(path);
  } catch (const pogen::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return pogen::format_diagnostic(e.diagnostics().front());
  }
  return "";
}

}  // namespace

TEST_CASE("an alias bomb under extra_body fails fast at extra_body's line", "[config][limits]") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(problems_in(kAliasBomb) ==
        Lines{"cfg.yaml:5: endpoints[0].extra_body: expands to more than 100000 values (the "
              "limit for a whole config; a YAML alias counts at every use)"});
  CHECK(seconds_since(start) < 1.0);
}

TEST_CASE("the value limit is for the whole config, not for each extra_body", "[config][limits]") {
  // Three aliases of 40000 values each: every endpoint alone is within the limit, the third one
  // passes it.
  std::string list = "[";
  for (int i = 0; i < 40'000; ++i) list += i ? ",0" : "0";
  list += "]";
  const std::string text =
      "endpoints:\n"
      "  - {name: a, base_url: fake, model: m, extra_body: {v: &v " +
      list +
      "}}\n"
      "  - {name: b, base_url: fake, model: m, extra_body: {v: *v}}\n"
      "  - {name: c, base_url: fake, model: m, extra_body: {v: *v}}\n";
  CHECK(problems_in(text) ==
        Lines{"cfg.yaml:4: endpoints[2].extra_body: expands to more than 100000 values (the "
              "limit for a whole config; a YAML alias counts at every use)"});
}

TEST_CASE("an alias inside its own anchor stops at the nesting limit", "[config][limits]") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(problems_in(endpoint_with_body("      a: &a [1, *a]\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].extra_body: nests deeper than 100 levels (an alias used "
              "inside its own anchor nests forever)"});
  CHECK(seconds_since(start) < 1.0);
}

TEST_CASE("ordinary aliases in extra_body still work", "[config][limits]") {
  const auto config = pogen::io::parse_config(
      "endpoints:\n"
      "  - name: a\n"
      "    base_url: fake\n"
      "    model: m\n"
      "    extra_body: &body\n"
      "      stop: &stop [\"###\", \"END\"]\n"
      "      sampling: {stop: *stop, again: *stop}\n"
      "  - {name: b, base_url: fake, model: m, extra_body: *body}\n"
      "  - {name: c, base_url: fake, model: m, extra_body: {k: *stop}}\n",
      "cfg.yaml");
  REQUIRE(config.endpoints.size() == 3);
  CHECK(config.endpoints[0].extra_body.dump() ==
        R"({"sampling":{"again":["###","END"],"stop":["###","END"]},"stop":["###","END"]})");
  CHECK(config.endpoints[1].extra_body == config.endpoints[0].extra_body);
  CHECK(config.endpoints[2].extra_body.dump() == R"({"k":["###","END"]})");
}

TEST_CASE("nesting up to the limit is accepted", "[config][limits]") {
  // extra_body is level 1; 99 nested lists below it make 100 levels.
  const std::string deep = std::string(99, '[') + "1" + std::string(99, ']');
  const auto config =
      pogen::io::parse_config(endpoint_with_body("      v: " + deep + "\n"), "cfg.yaml");
  CHECK(config.endpoints.at(0).extra_body.dump().size() == 2 + 4 + 99 * 2 + 1);
  CHECK(problems_in(endpoint_with_body("      v: [" + deep + "]\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].extra_body: nests deeper than 100 levels (an alias used "
              "inside its own anchor nests forever)"});
}

TEST_CASE("a config file over 1 MiB is refused before it is parsed", "[config][limits]") {
  TempDir dir;
  const std::string comment = "# " + std::string(1024 * 1024 - 3, 'x') + "\n";  // 1 MiB
  const std::string at_limit = dir.write("at.yaml", comment);
  CHECK_NOTHROW(pogen::io::read_config_file(at_limit));
  const std::string over = dir.write("over.yaml", comment + "\n");
  CHECK(read_problem(over) == over +
                                  ": is over 1 MiB, the limit for a config file (is this the "
                                  "right file?)");
  // A device that never ends is refused just the same, instead of being read forever.
  CHECK(read_problem("/dev/zero") ==
        "/dev/zero: is over 1 MiB, the limit for a config file (is this the right file?)");
}

TEST_CASE("a directory, a missing file and an unreadable one are named as such",
          "[config][limits]") {
  TempDir dir;
  CHECK(read_problem(dir.path()) == dir.path() + ": is a directory, not a config file");
  CHECK(read_problem(dir.path() + "/") == dir.path() + "/: is a directory, not a config file");
  CHECK(read_problem(dir.path() + "/none.yaml") ==
        dir.path() + "/none.yaml: cannot read: No such file or directory");
  // Opens, then fails on the first read, even for root (who can read a chmod 000 file).
  CHECK(read_problem("/proc/self/mem") == "/proc/self/mem: cannot read: Input/output error");
}

TEST_CASE("YAML nested past the parser's own depth limit says so", "[config][limits]") {
  const std::string deep = "a: " + std::string(3000, '[') + std::string(3000, ']') + "\n";
  const auto problems = problems_in(deep);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0],
             Catch::StartsWith("cfg.yaml:1: YAML syntax error: nested too deeply (the parser "
                               "stops at about 500 levels) (column "));
}
