// pogen chat, against the built-in fake endpoint and a scripted server.

#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "fake/responder.hpp"
#include "llm/protocol.hpp"
#include "support/scripted_server.hpp"

using pogen::cli::testing::ProcessOptions;
using pogen::cli::testing::run_pogen;
using pogen::cli::testing::source_path;
using pogen::cli::testing::TempDir;
using pogen::testing::ScriptedServer;

namespace {

// What the fake endpoint answers to these messages for this model: the reply is a pure function
// of the request, so the test knows it word for word.
std::string fake_answer(const std::string& model, std::vector<pogen::llm::Message> messages) {
  pogen::llm::EndpointConfig endpoint;
  endpoint.model = model;
  pogen::llm::ChatRequest request;
  request.messages = std::move(messages);
  std::string text = pogen::llm::fake_reply(pogen::llm::build_chat_body(endpoint, request), 0);
  return text.ends_with('\n') ? text : text + "\n";
}

using pogen::llm::Role;

}  // namespace

TEST_CASE("chat --fake answers from the built-in fake endpoint", "[cli][chat]") {
  auto result = run_pogen({"chat", "--config", source_path("configs/check-local.yaml"), "--fake",
                           "--endpoint", "gemma", "Name three prime numbers."});
  CHECK(result.err.empty());
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        fake_answer("google/gemma-2-9b-it", {{Role::user, "Name three prime numbers."}}));
}

TEST_CASE("chat reads the message from stdin with -, and sends --system", "[cli][chat]") {
  ProcessOptions options;
  options.stdin_text = "What is 2 + 2?\n";
  auto result =
      run_pogen({"chat", "--fake", "--model", "m", "--system", "Be brief.", "-"}, options);
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        fake_answer("m", {{Role::system, "Be brief."}, {Role::user, "What is 2 + 2?\n"}}));
}

TEST_CASE("chat with --base-url and --model talks to that server", "[cli][chat]") {
  ScriptedServer server({pogen::testing::chat_ok("Four.")});
  auto result = run_pogen({"chat", "--base-url", server.base_url(), "--model", "m", "--temperature",
                           "0.5", "--max-tokens", "7", "What is 2 + 2?"});
  CHECK(result.err.empty());
  CHECK(result.exit_code == 0);
  CHECK(result.out == "Four.\n");
  REQUIRE(server.request_count() == 1);
  const auto request = server.requests()[0];
  CHECK(request.path == "/v1/chat/completions");
  const auto body = nlohmann::json::parse(request.body);
  CHECK(body["model"] == "m");
  CHECK(body["temperature"] == 0.5);
  CHECK(body["max_tokens"] == 7);
  CHECK(body["messages"].dump() == R"([{"content":"What is 2 + 2?","role":"user"}])");
}

TEST_CASE("a failed chat says which endpoint, what kind, and the server's message", "[cli][chat]") {
  ScriptedServer server({pogen::testing::openai_error(404, "invalid_request_error",
                                                      "The model `m` does not exist.")});
  auto result = run_pogen({"chat", "--base-url", server.base_url(), "--model", "m", "hi"});
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK(result.err == "error: adhoc: not_found (HTTP 404): The model `m` does not exist.\n");
}

TEST_CASE("chat stops before any request when the API key variable is unset", "[cli][chat]") {
  ScriptedServer server;
  ProcessOptions options;
  options.env = {{"POGEN_TEST_UNSET_KEY", std::nullopt}};
  auto result = run_pogen({"chat", "--base-url", server.base_url(), "--model", "m", "--api-key-env",
                           "POGEN_TEST_UNSET_KEY", "hi"},
                          options);
  CHECK(result.exit_code == 1);
  CHECK(result.err ==
        "error: endpoint \"adhoc\": environment variable POGEN_TEST_UNSET_KEY (api_key_env) is "
        "not set or is empty\n");
  CHECK(server.request_count() == 0);
}

TEST_CASE("a truncated answer is a failed chat", "[cli][chat]") {
  auto truncated = pogen::testing::chat_ok("Fo");
  auto body = nlohmann::json::parse(truncated.body);
  body["choices"][0]["finish_reason"] = "length";
  truncated.body = body.dump();
  ScriptedServer server({truncated});
  auto result = run_pogen({"chat", "--base-url", server.base_url(), "--model", "m", "--endpoint",
                           "mine", "--max-tokens", "1", "hi"});
  CHECK(result.exit_code == 1);
  CHECK(result.err == "error: mine: truncated: the answer hit max_tokens\n");
}

TEST_CASE("chat flags are checked like the config", "[cli][chat]") {
  auto result = run_pogen({"chat", "--base-url", "localhost:8000", "hi"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "--model: required without --config\n"
        "--base-url: \"localhost:8000\" must start with http:// or https:// (or be \"fake\")\n");

  result = run_pogen(
      {"chat", "--config", source_path("configs/check-local.yaml"), "--endpoint", "lama", "hi"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "--endpoint: no endpoint named \"lama\" in " +
                          source_path("configs/check-local.yaml") + " (did you mean \"llama\"?)\n");

  result = run_pogen({"chat", "--config", source_path("configs/check-local.yaml"), "hi"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "--endpoint: required: " + source_path("configs/check-local.yaml") +
                          " has several endpoints (llama, gemma)\n");

  ProcessOptions blank;
  blank.stdin_text = " \n";
  result = run_pogen({"chat", "--fake", "-"}, blank);
  CHECK(result.exit_code == 2);
  CHECK(result.err == "text: the message is empty\n");

  result = run_pogen({"chat", "--config", "c.yaml", "--model", "m", "hi"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("--config excludes --model"));
}

TEST_CASE("a signal stops chat with 130 for SIGINT and 143 for SIGTERM", "[cli][chat][signal]") {
  for (int signal_number : {SIGINT, SIGTERM}) {
    INFO("signal " << signal_number);
    auto slow = pogen::testing::chat_ok("late");
    slow.delay = std::chrono::milliseconds(10'000);
    ScriptedServer server({slow});
    std::thread signaller;
    ProcessOptions options;
    // Signal once the request is in flight, so the stop has real work to abandon.
    options.on_start = [&](int pid) {
      signaller = std::thread([&server, pid, signal_number] {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (server.request_count() == 0 && std::chrono::steady_clock::now() < give_up) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ::kill(pid, signal_number);
      });
    };
    const auto start = std::chrono::steady_clock::now();
    auto result =
        run_pogen({"chat", "--base-url", server.base_url(), "--model", "m", "hi"}, options);
    signaller.join();
    CHECK(result.exit_code == (signal_number == SIGINT ? 130 : 143));
    CHECK(result.out.empty());
    CHECK(server.request_count() == 1);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  }
}
