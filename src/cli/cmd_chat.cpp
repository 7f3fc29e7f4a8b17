// pogen chat: one request to one endpoint, the answer on stdout. For trying an endpoint or a
// prompt by hand before a run.

#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "chat/answer.hpp"
#include "chat/failure.hpp"
#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "config/config.hpp"
#include "config/rules.hpp"
#include "config/run_config.hpp"
#include "core/suggest.hpp"
#include "fake/endpoint.hpp"
#include "llm/client.hpp"
#include "run/client_stack.hpp"
#include "run/run_loop.hpp"

namespace pogen::cli {

namespace {

constexpr const char* kAdHocName = "adhoc";
constexpr const char* kFakeModel = "fake-model";  // what the fake endpoint always lists

struct ChatOptions {
  ConfigFlags config;
  std::string endpoint;
  std::string base_url;
  std::string model;
  std::string api_key_env;
  std::string system;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
  std::string text;
};

void add_flags(CLI::App& app, ChatOptions& o) {
  auto* config = add_config_flags(app, o.config);
  app.add_option("--endpoint", o.endpoint,
                 "Endpoint name in the config (may be left out when it has only one)");
  app.add_option("--base-url", o.base_url, "Without --config: the endpoint's base URL")
      ->excludes(config);
  app.add_option("--model", o.model, "Without --config: the model name")->excludes(config);
  app.add_option("--api-key-env", o.api_key_env,
                 "Without --config: the environment variable holding the API key")
      ->excludes(config);
  app.add_option("--system", o.system, "System message");
  app.add_option("--temperature", o.temperature, "Sampling temperature")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-tokens", o.max_tokens, "Most tokens to generate")
      ->check(CLI::PositiveNumber);
  app.add_option("text", o.text, "The user message; - reads it from stdin")->required();
}

InputError flag_error(std::string flag, std::string message) {
  return InputError(Diagnostic{"", 0, std::move(flag), std::move(message)});
}

llm::EndpointConfig endpoint_from_config(const ChatOptions& o) {
  // A whole run config is accepted: its stage sections are checked too, then left unused.
  io::Config config = pipeline::load_run_config(o.config.config).base;
  if (o.config.fake) io::replace_with_fake(config);
  std::vector<std::string> names;
  for (const auto& endpoint : config.endpoints) names.push_back(endpoint.name);
  if (o.endpoint.empty()) {
    if (names.size() == 1) return config.endpoints.front();
    throw flag_error("--endpoint", fmt::format("required: {} has several endpoints ({})",
                                               o.config.config, fmt::join(names, ", ")));
  }
  if (const auto* endpoint = io::find_endpoint(config, o.endpoint)) return *endpoint;
  throw flag_error("--endpoint", fmt::format("no endpoint named \"{}\" in {}{}", o.endpoint,
                                             o.config.config, io::did_you_mean(o.endpoint, names)));
}

// One endpoint from --base-url/--model/--api-key-env, checked by the config's own rules.
llm::EndpointConfig endpoint_from_flags(const ChatOptions& o) {
  Diagnostics problems;
  llm::EndpointConfig endpoint;
  endpoint.name = o.endpoint.empty() ? kAdHocName : o.endpoint;
  endpoint.model = o.model.empty() && o.config.fake ? kFakeModel : o.model;
  endpoint.api_key_env = o.api_key_env;
  if (endpoint.model.empty()) problems.add("", 0, "--model", "required without --config");
  if (o.config.fake) {
    endpoint.base_urls = {"fake"};
  } else if (o.base_url.empty()) {
    problems.add("", 0, "--base-url", "required without --config (or use --fake)");
  } else if (auto problem = io::base_url_problem(o.base_url)) {
    problems.add("", 0, "--base-url", *problem);
  } else {
    endpoint.base_urls = {io::normalize_base_url(o.base_url)};
  }
  if (auto problem = io::endpoint_name_problem(endpoint.name)) {
    problems.add("", 0, "--endpoint", *problem);
  }
  if (!o.api_key_env.empty()) {
    if (auto problem = io::env_var_name_problem(o.api_key_env)) {
      problems.add("", 0, "--api-key-env", *problem);
    }
  }
  problems.throw_if_any();
  return endpoint;
}

std::string message_text(const std::string& text) {
  if (text != "-") return text;
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

llm::ChatRequest make_request(const ChatOptions& o) {
  llm::ChatRequest request;
  if (!o.system.empty()) request.messages.push_back({llm::Role::system, o.system});
  request.messages.push_back({llm::Role::user, message_text(o.text)});
  if (request.messages.back().content.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw flag_error("text", "the message is empty");
  }
  request.sampling.temperature = o.temperature;
  request.sampling.max_tokens = o.max_tokens;
  return request;
}

using ChatOutcome = std::optional<llm::Outcome<llm::ChatResponse>>;

Task<void> ask(llm::Client& client, std::string endpoint, llm::ChatRequest request,
               ChatOutcome& out) {
  out = co_await client.chat(endpoint, std::move(request));
}

// The answer text, or a FatalError saying why there is none.
std::string answer_of(const std::string& endpoint, const llm::Outcome<llm::ChatResponse>& outcome) {
  if (!outcome) throw FatalError(endpoint + ": " + describe_failure(outcome.failure()));
  auto text = llm::answer_text(outcome.value().choices.front());
  if (!text) throw FatalError(endpoint + ": " + describe_failure(text.failure()));
  return text.value();
}

int run(const ChatOptions& o) {
  llm::EndpointConfig endpoint =
      o.config.config.empty() ? endpoint_from_flags(o) : endpoint_from_config(o);
  llm::ChatRequest request = make_request(o);

  std::vector<llm::EndpointConfig> endpoints = {endpoint};
  ClientStack stack(endpoints);
  // Nothing here is worth waiting for once the user asked to stop.
  stack.loop().set_grace_period(Duration::zero());
  ChatOutcome outcome;
  stack.loop().tasks().spawn(ask(stack.client(), endpoint.name, std::move(request), outcome));
  run_until_done(stack.loop());

  const std::string answer = answer_of(endpoint.name, outcome.value());
  fmt::print("{}{}", answer, answer.ends_with('\n') ? "" : "\n");
  return 0;
}

}  // namespace

extern const Subcommand kChatCommand{"chat", "Send one message to an endpoint, print the answer",
                                     bind_options<ChatOptions, add_flags, run>};

}  // namespace pogen::cli
