// The validating reader on its own, and the YAML to JSON conversion behind extra_body.

#include <string>

#include <catch2/catch.hpp>

#include "config/reader.hpp"
#include "core/suggest.hpp"

using pogen::io::MapReader;
using pogen::io::Presence;
using pogen::io::Range;
using pogen::io::ReadContext;

namespace {

std::vector<std::string> lines(const ReadContext& context) {
  std::vector<std::string> out;
  for (const auto& d : context.diagnostics.items()) out.push_back(pogen::format_diagnostic(d));
  return out;
}

nlohmann::json to_json(const std::string& yaml) {
  ReadContext context{"x.yaml", {}};
  auto json = pogen::io::read_json(context, {YAML::Load(yaml), "v", 1});
  REQUIRE(context.diagnostics.empty());
  REQUIRE(json.has_value());
  return *json;
}

}  // namespace

TEST_CASE("extra_body values convert to JSON as written", "[config][json]") {
  const auto body = to_json(
      "int: 42\nneg: -7\nfloat: 0.5\nexp: 1e3\nyes: true\nno: False\nnothing: null\ntilde: ~\n"
      "empty:\nquoted_int: \"42\"\nquoted_bool: 'true'\nquoted_null: \"null\"\nword: hello\n"
      "version: 1.2.3\nlist: [1, \"1\", 1.0]\nnested: {a: {b: [x]}}\n");
  CHECK(body["int"].is_number_integer());
  CHECK(body["int"] == 42);
  CHECK(body["neg"] == -7);
  CHECK(body["float"].is_number_float());
  CHECK(body["float"] == 0.5);
  CHECK(body["exp"] == 1000.0);
  CHECK(body["yes"] == true);
  CHECK(body["no"] == false);
  CHECK(body["nothing"].is_null());
  CHECK(body["tilde"].is_null());
  CHECK(body["empty"].is_null());
  CHECK(body["quoted_int"] == "42");
  CHECK(body["quoted_bool"] == "true");
  CHECK(body["quoted_null"] == "null");
  CHECK(body["word"] == "hello");
  CHECK(body["version"] == "1.2.3");
  CHECK(body["list"].dump() == "[1,\"1\",1.0]");
  CHECK(body["nested"].dump() == R"({"a":{"b":["x"]}})");
}

TEST_CASE("extra_body problems are reported with their path", "[config][json]") {
  ReadContext context{"x.yaml", {}};
  auto json = pogen::io::read_json(
      context, {YAML::Load("a: 1\nbig: 99999999999999999999\nnested:\n  k: 1\n  k: 2\n"), "v", 1});
  CHECK_FALSE(json.has_value());
  CHECK(lines(context) == std::vector<std::string>{"x.yaml:2: v.big: integer out of range: "
                                                   "99999999999999999999",
                                                   "x.yaml:5: v.nested: duplicate key \"k\""});
}

TEST_CASE("a section is one function over a MapReader", "[config][reader]") {
  ReadContext context{"s.yaml", {}};
  int workers = 0;
  std::string mode;
  pogen::io::read_document(
      context, YAML::Load("pool:\n  workers: 4\n  mod: fast\n"), [&](MapReader& root) {
        root.with_map("pool", [&](MapReader& pool) {
          workers = static_cast<int>(pool.integer("workers", Range::at_least(1)).value_or(0));
          mode = pool.string("mode", Presence::required).value_or("");
        });
      });
  CHECK(workers == 4);
  CHECK(mode.empty());
  CHECK(lines(context) ==
        std::vector<std::string>{"s.yaml:1: pool: missing required key \"mode\"",
                                 "s.yaml:3: pool: unknown key \"mod\" (did you mean \"mode\"?)"});
}

TEST_CASE("keys that are present but never asked for are unknown", "[config][reader]") {
  ReadContext context{"s.yaml", {}};
  pogen::io::read_document(context, YAML::Load("a: 1\nb: 2\n"), [](MapReader& root) {
    CHECK(root.has("a"));
    root.get("a");
  });
  CHECK(lines(context) == std::vector<std::string>{"s.yaml:2: unknown key \"b\""});
}

TEST_CASE("line_of_field finds where a field is written, or its closest written parent",
          "[config][reader]") {
  ReadContext context{"s.yaml", {}};
  const auto root = YAML::Load(
      "pool:\n"             // 1
      "  workers: 4\n"      // 2
      "  jobs:\n"           // 3
      "    - name: a\n"     // 4
      "    - name: b\n"     // 5
      "      cmd: [x]\n"    // 6
      "  opts: {k: 1}\n");  // 7
  std::vector<std::size_t> lines_found;
  pogen::io::read_document(context, root, [&](MapReader& top) {
    top.with_map("pool", [&](MapReader& pool) {
      for (const char* field :
           {"pool.workers", "pool.jobs[1].cmd", "pool.jobs[1].cmd[0]", "pool.jobs[0].missing",
            "pool.jobs[9].name", "pool.opts.k", "pool", "pool.absent", "poolx.workers", "other"}) {
        lines_found.push_back(pool.line_of_field(field));
      }
      pool.take_all();
    });
  });
  CHECK(lines_found == std::vector<std::size_t>{2, 6, 6, 4, 3, 7, 1, 1, 1, 1});
}

TEST_CASE("did you mean: edit distance with transpositions", "[config][suggest]") {
  CHECK(pogen::io::edit_distance("modle", "model") == 1);
  CHECK(pogen::io::edit_distance("chekc", "check") == 1);
  CHECK(pogen::io::edit_distance("", "abc") == 3);
  CHECK(pogen::io::edit_distance("kitten", "sitting") == 3);
  const std::vector<std::string> names = {"version", "chat", "check"};
  CHECK(pogen::io::did_you_mean("chekc", names) == " (did you mean \"check\"?)");
  CHECK(pogen::io::did_you_mean("chta", names) == " (did you mean \"chat\"?)");
  CHECK(pogen::io::did_you_mean("deploy", names).empty());
  // Short words get a budget of one edit, so "x" does not become "chat".
  CHECK(pogen::io::did_you_mean("x", names).empty());
  const std::vector<std::string> one_letter = {"a"};
  CHECK(pogen::io::did_you_mean("b", one_letter).empty());
}
