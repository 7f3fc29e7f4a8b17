// Every kind of config problem, asserted word for word with its line.

#include <string>

#include <catch2/catch.hpp>

#include "config_test_support.hpp"

using pogen::io::testing::Lines;
using pogen::io::testing::problems_in;

namespace {

// One endpoint whose extra lines (indented under it) are the subject of the test; they start at
// line 5 of the file.
std::string endpoint_with(const std::string& extra_lines) {
  return "endpoints:\n"
         "  - name: llama\n"
         "    base_url: http://127.0.0.1:8000/v1\n"
         "    model: m\n" +
         extra_lines;
}

}  // namespace

TEST_CASE("unknown keys are reported with a suggestion when one is close", "[config]") {
  CHECK(problems_in(endpoint_with("    modle: x\n")) ==
        Lines{"cfg.yaml:5: endpoints[0]: unknown key \"modle\" (did you mean \"model\"?)"});
  CHECK(problems_in(endpoint_with("    limits: {max_inflight: 3}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].limits: unknown key \"max_inflight\" (did you mean "
              "\"max_in_flight\"?)"});
  CHECK(problems_in(endpoint_with("color: blue\n")) == Lines{"cfg.yaml:5: unknown key \"color\""});
  CHECK(problems_in("endpoint: []\n") ==
        Lines{"cfg.yaml:1: missing required key \"endpoints\"",
              "cfg.yaml:1: unknown key \"endpoint\" (did you mean \"endpoints\"?)"});
}

TEST_CASE("values of the wrong type are reported with what was found", "[config]") {
  CHECK(problems_in(endpoint_with("    api_key_env: [A, B]\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].api_key_env: expected a string, got a list"});
  CHECK(problems_in(endpoint_with("    limits: {max_in_flight: lots}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].limits.max_in_flight: expected an integer, got \"lots\""});
  CHECK(problems_in(endpoint_with("    limits: {max_in_flight: 2.5}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].limits.max_in_flight: expected an integer, got \"2.5\""});
  CHECK(problems_in(endpoint_with("    limits: {max_in_flight: \"32\"}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].limits.max_in_flight: expected an integer, got a quoted "
              "string \"32\""});
  CHECK(problems_in(endpoint_with("    supports_n: yes\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].supports_n: expected true or false, got \"yes\""});
  CHECK(problems_in(endpoint_with("    timeouts:\n      total:\n")) ==
        Lines{"cfg.yaml:6: endpoints[0].timeouts.total: expected a number, got null"});
  CHECK(problems_in(endpoint_with("    limits: 5\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].limits: expected a mapping, got \"5\""});
  CHECK(problems_in(endpoint_with("    extra_body: [1]\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].extra_body: expected a mapping, got a list"});
  CHECK(problems_in("endpoints: llama\n") ==
        Lines{"cfg.yaml:1: endpoints: expected a list, got \"llama\""});
  CHECK(problems_in("endpoints: [llama]\n") ==
        Lines{"cfg.yaml:1: endpoints[0]: expected a mapping, got \"llama\""});
}

TEST_CASE("numbers out of range say what is allowed", "[config]") {
  CHECK(
      problems_in(endpoint_with("    limits: {max_in_flight: 0}\n")) ==
      Lines{"cfg.yaml:5: endpoints[0].limits.max_in_flight: must be between 1 and 100000, got 0"});
  CHECK(
      problems_in(endpoint_with("    limits: {requests_per_minute: 0}\n")) ==
      Lines{"cfg.yaml:5: endpoints[0].limits.requests_per_minute: must be greater than 0, got 0"});
  CHECK(problems_in(endpoint_with("    timeouts: {total: -1.5}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].timeouts.total: must be greater than 0 and at most 86400, "
              "got -1.5"});
  CHECK(problems_in(endpoint_with("    retry: {max_retries: 101}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].retry.max_retries: must be between 0 and 100, got 101"});
  CHECK(problems_in(endpoint_with("    retry: {base: 10, cap: 2}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].retry: cap (2 s) must not be less than base (10 s)"});
  // A rule over several keys is reported at the last of them in the file, not at the section.
  CHECK(problems_in(
            endpoint_with("    retry:\n      cap: 2\n      max_retries: 3\n      base: 10\n")) ==
        Lines{"cfg.yaml:8: endpoints[0].retry: cap (2 s) must not be less than base (10 s)"});
  CHECK(problems_in(endpoint_with("    retry:\n      cap: 0.1\n")) ==
        Lines{"cfg.yaml:6: endpoints[0].retry: cap (0.1 s) must not be less than base (1 s)"});
  CHECK(problems_in(
            "endpoints: [{name: a, base_url: fake, model: m}]\nclient: {max_in_flight: 0}\n") ==
        Lines{"cfg.yaml:2: client.max_in_flight: must be between 1 and 1000000, got 0"});
}

TEST_CASE("required keys and the endpoint list", "[config]") {
  CHECK(problems_in("endpoints: []\n") ==
        Lines{"cfg.yaml:1: endpoints: must list at least one endpoint"});
  CHECK(problems_in("endpoints:\n  - base_url: fake\n    model: m\n") ==
        Lines{"cfg.yaml:2: endpoints[0]: missing required key \"name\""});
  CHECK(problems_in("endpoints:\n  - name: a\n    base_url: fake\n") ==
        Lines{"cfg.yaml:2: endpoints[0]: missing required key \"model\""});
  CHECK(problems_in("endpoints:\n  - name: a\n    base_url: fake\n    model: ''\n") ==
        Lines{"cfg.yaml:4: endpoints[0].model: must not be empty"});
  CHECK(problems_in("endpoints:\n  - name: llama 3\n    base_url: fake\n    model: m\n") ==
        Lines{"cfg.yaml:2: endpoints[0].name: \"llama 3\" is not a valid endpoint name (use "
              "letters, digits, '_', '.' and '-')"});
}

TEST_CASE("duplicate endpoint names and duplicate keys", "[config]") {
  CHECK(problems_in("endpoints:\n"
                    "  - {name: a, base_url: fake, model: m}\n"
                    "  - {name: b, base_url: fake, model: m}\n"
                    "  - {name: a, base_url: fake, model: m}\n") ==
        Lines{"cfg.yaml:4: endpoints[2].name: duplicate endpoint name \"a\" (first defined at line "
              "2)"});
  CHECK(problems_in(endpoint_with("    model: n\n")) ==
        Lines{"cfg.yaml:5: endpoints[0]: duplicate key \"model\" (first at line 4)"});
}

TEST_CASE("base URLs", "[config]") {
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m\n") ==
        Lines{"cfg.yaml:2: endpoints[0]: missing required key \"base_url\" (or \"base_urls\")"});
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m\n    base_url: http://x/v1\n"
                    "    base_urls: [http://y/v1]\n") ==
        Lines{"cfg.yaml:5: endpoints[0]: base_url and base_urls are both set (keep one)"});
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m\n    base_url: localhost:8000/v1\n") ==
        Lines{"cfg.yaml:4: endpoints[0].base_url: \"localhost:8000/v1\" must start with http:// "
              "or https:// (or be \"fake\")"});
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m\n    base_urls:\n"
                    "      - http://x/v1\n      - ftp://y\n      - fake\n") ==
        Lines{"cfg.yaml:6: endpoints[0].base_urls[1]: \"ftp://y\" must start with http:// or "
              "https:// (or be \"fake\")",
              "cfg.yaml:7: endpoints[0].base_urls[2]: \"fake\" is only allowed as base_url"});
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m\n    base_urls: []\n") ==
        Lines{"cfg.yaml:4: endpoints[0].base_urls: must list at least one URL"});
}

TEST_CASE("api_key_env names a variable, never holds the key", "[config]") {
  CHECK(problems_in(endpoint_with("    api_key_env: sk-proj-abc123\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].api_key_env: \"sk-proj-abc123\" is not a valid environment "
              "variable name (give the name of the variable that holds the key, not the key)"});
  CHECK(problems_in(endpoint_with("    api_key_env: 1KEY\n")).size() == 1);
  CHECK(problems_in(endpoint_with("    api_key_env: _MY_KEY2\n")).empty());
}

TEST_CASE("protocol switches, headers and extra_body", "[config]") {
  CHECK(problems_in(endpoint_with("    max_tokens_field: max_new_tokens\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].max_tokens_field: expected \"max_tokens\" or "
              "\"max_completion_tokens\", got \"max_new_tokens\""});
  CHECK(problems_in(endpoint_with("    headers:\n      Bad Name: x\n      X-Ok: [1]\n")) ==
        Lines{"cfg.yaml:6: endpoints[0].headers: \"Bad Name\" is not a valid header name",
              "cfg.yaml:7: endpoints[0].headers.X-Ok: expected a string, got a list"});
  CHECK(problems_in(endpoint_with("    extra_body: {stream: true}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].extra_body: \"stream\" is set by pogen and cannot be "
              "overridden"});
}

TEST_CASE("fake settings belong to fake endpoints", "[config]") {
  CHECK(problems_in(endpoint_with("    fake: {latency_ms: 5}\n")) ==
        Lines{"cfg.yaml:5: endpoints[0].fake: only allowed with base_url: fake"});
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m\n    base_url: fake\n"
                    "    fake: {rate_429: 0.7, rate_500: 0.6, rate_drop: 2}\n") ==
        Lines{"cfg.yaml:5: endpoints[0].fake.rate_drop: must be between 0 and 1, got 2",
              "cfg.yaml:5: endpoints[0].fake: rate_429 + rate_500 + rate_drop must be at most 1, "
              "got 1.3"});
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m\n    base_url: fake\n"
                    "    fake:\n      rate_500: 0.6\n      latency_ms: 5\n      rate_429: 0.7\n"
                    "      seed: 1\n") ==
        Lines{"cfg.yaml:8: endpoints[0].fake: rate_429 + rate_500 + rate_drop must be at most 1, "
              "got 1.3"});
}

TEST_CASE("a YAML syntax error is one problem with its line", "[config]") {
  CHECK(problems_in("endpoints:\n  - name: a\n    model: m: x\n") ==
        Lines{"cfg.yaml:3: YAML syntax error: illegal map value (column 13)"});
  CHECK(problems_in("") == Lines{"cfg.yaml: expected a mapping, got an empty document"});
  CHECK(problems_in("- a\n- b\n") == Lines{"cfg.yaml:1: expected a mapping, got a list"});
}

TEST_CASE("every problem in a file is reported at once, in file order", "[config]") {
  const std::string text =
      "endpoints:\n"                                   // 1
      "  - name: llama\n"                              // 2
      "    base_url: http://127.0.0.1:8000/v1\n"       // 3
      "    modle: meta-llama/Llama-3.1-8B-Instruct\n"  // 4
      "    limits:\n"                                  // 5
      "      max_in_flight: 0\n"                       // 6
      "  - name: gemma\n"                              // 7
      "    base_url: 127.0.0.1:8001\n"                 // 8
      "    model: google/gemma-2-9b-it\n"              // 9
      "    timeouts: {connect: fast}\n"                // 10
      "  - name: llama\n"                              // 11
      "    base_url: fake\n"                           // 12
      "    model: m\n"                                 // 13
      "client:\n"                                      // 14
      "  max_in_flight: -3\n"                          // 15
      "  extra: 1\n";                                  // 16
  CHECK(problems_in(text) ==
        Lines{
            "cfg.yaml:2: endpoints[0]: missing required key \"model\"",
            "cfg.yaml:4: endpoints[0]: unknown key \"modle\" (did you mean \"model\"?)",
            "cfg.yaml:6: endpoints[0].limits.max_in_flight: must be between 1 and 100000, got 0",
            "cfg.yaml:8: endpoints[1].base_url: \"127.0.0.1:8001\" must start with http:// or "
            "https:// (or be \"fake\")",
            "cfg.yaml:10: endpoints[1].timeouts.connect: expected a number, got \"fast\"",
            "cfg.yaml:11: endpoints[2].name: duplicate endpoint name \"llama\" (first defined at "
            "line 2)",
            "cfg.yaml:15: client.max_in_flight: must be between 1 and 1000000, got -3",
            "cfg.yaml:16: client: unknown key \"extra\"",
        });
}
