// pogen check: every endpoint probed, one line each, exit 0 only when all pass.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "support/scripted_server.hpp"

using pogen::cli::testing::ProcessOptions;
using pogen::cli::testing::run_pogen;
using pogen::cli::testing::source_path;
using pogen::cli::testing::TempDir;
using pogen::testing::ScriptedResponse;
using pogen::testing::ScriptedServer;

namespace {

ScriptedResponse model_list(const std::vector<std::string>& ids) {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& id : ids) data.push_back({{"id", id}, {"object", "model"}});
  ScriptedResponse response;
  response.body = nlohmann::json{{"object", "list"}, {"data", data}}.dump();
  return response;
}

const char* const kOkLine = R"(ok   \S+ +model listed, completion in \d+ ms)";

}  // namespace

TEST_CASE("check --fake passes every endpoint", "[cli][check]") {
  auto result = run_pogen({"check", "--config", source_path("configs/check-local.yaml"), "--fake"});
  CHECK(result.err.empty());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Matches(R"(ok   llama  model listed, completion in \d+ ms\n)"
                                        R"(ok   gemma  model listed, completion in \d+ ms\n)"));
}

TEST_CASE("check probes a real server: models, then a one-token completion", "[cli][check]") {
  ScriptedServer server({model_list({"other", "m"}), pogen::testing::chat_ok("OK")});
  TempDir dir;
  const std::string config =
      dir.write("c.yaml", "endpoints:\n  - name: local\n    base_url: " + server.base_url() +
                              "\n    model: m\n    api_key_env: POGEN_TEST_KEY\n");
  ProcessOptions options;
  options.env = {{"POGEN_TEST_KEY", "sekret"}};
  auto result = run_pogen({"check", "--config", config}, options);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Matches(std::string(kOkLine) + "\n"));
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].path == "/v1/models");
  CHECK(requests[0].header("authorization") == "Bearer sekret");
  CHECK(requests[1].path == "/v1/chat/completions");
  CHECK(nlohmann::json::parse(requests[1].body)["max_tokens"] == 1);
}

TEST_CASE("check against a port nobody listens on fails that endpoint", "[cli][check]") {
  const int port = pogen::testing::unused_loopback_port();
  TempDir dir;
  const std::string config = dir.write("c.yaml",
                                       "endpoints:\n"
                                       "  - {name: dead, base_url: http://127.0.0.1:" +
                                           std::to_string(port) +
                                           "/v1, model: m}\n"
                                           "  - {name: fine, base_url: fake, model: m}\n");
  auto result = run_pogen({"check", "--config", config});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::StartsWith("FAIL dead  connection: GET http://127.0.0.1:" +
                                           std::to_string(port) + "/v1/models: "));
  CHECK_THAT(result.out, Catch::Contains("\nok   fine  model listed, completion in "));
  CHECK(result.err == "error: 1 of 2 endpoints failed the check: dead\n");
}

TEST_CASE("check fails an endpoint whose server does not list the model", "[cli][check]") {
  const auto listed = model_list({"a", "b", "c", "d", "e", "f", "g"});
  ScriptedServer server({listed});
  server.set_fallback(listed);
  TempDir dir;
  const std::string config =
      dir.write("c.yaml", "endpoints:\n  - name: local\n    base_url: " + server.base_url() +
                              "\n    model: meta-llama/Llama-3.1-8B-Instruct\n");
  auto result = run_pogen({"check", "--config", config});
  CHECK(result.exit_code == 1);
  CHECK(result.out ==
        "FAIL local  model \"meta-llama/Llama-3.1-8B-Instruct\" is not listed (the server lists "
        "a, b, c, d, e and 2 more); set the endpoint's model to the name the server lists\n");
  CHECK(result.err == "error: 1 of 1 endpoints failed the check: local\n");
  CHECK(server.request_count() == 1);
}

TEST_CASE("check fails an endpoint whose API key variable is not set", "[cli][check]") {
  ScriptedServer server;
  TempDir dir;
  const std::string config = dir.write("c.yaml",
                                       "endpoints:\n"
                                       "  - {name: keyed, base_url: " +
                                           server.base_url() +
                                           ", model: m, api_key_env: POGEN_TEST_UNSET_KEY}\n"
                                           "  - {name: fake-one, base_url: fake, model: m}\n");
  ProcessOptions options;
  options.env = {{"POGEN_TEST_UNSET_KEY", std::nullopt}};
  auto result = run_pogen({"check", "--config", config}, options);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out,
             Catch::StartsWith("FAIL keyed     environment variable POGEN_TEST_UNSET_KEY "
                               "(api_key_env) is not set or is empty\nok   fake-one  "));
  CHECK(result.err == "error: 1 of 2 endpoints failed the check: keyed\n");
  CHECK(server.request_count() == 0);
}
