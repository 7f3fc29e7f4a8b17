// The `endpoints:` section: one llm::EndpointConfig per list entry.

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "config/rules.hpp"
#include "config/sections.hpp"

namespace pogen::io {

namespace {

using std::chrono::milliseconds;

constexpr Range kPositiveSeconds = Range::above(0, 86'400);
constexpr Range kShare = Range::between(0, 1);

std::optional<milliseconds> seconds(MapReader& reader, std::string_view key, Range range) {
  auto value = reader.number(key, range);
  if (!value) return std::nullopt;
  // A positive setting never rounds down to "no time at all".
  return milliseconds(std::max<long long>(1, std::llround(*value * 1000)));
}

void read_url_list(MapReader& reader, llm::EndpointConfig& endpoint) {
  auto items = reader.list("base_urls");
  if (!items) return;
  if (items->empty()) reader.report("base_urls", "must list at least one URL");
  for (const auto& item : *items) {
    auto url = read_string(reader.context(), item);
    if (!url) continue;
    auto problem = *url == "fake"
                       ? std::optional<std::string>("\"fake\" is only allowed as base_url")
                       : base_url_problem(*url);
    if (problem) {
      reader.context().report(item.line, item.field, *problem);
      continue;
    }
    endpoint.base_urls.push_back(normalize_base_url(*url));
  }
}

void read_base_urls(MapReader& reader, llm::EndpointConfig& endpoint) {
  const bool has_one = reader.has("base_url");
  const bool has_many = reader.has("base_urls");
  if (has_one && has_many) {
    reader.get("base_url");
    reader.get("base_urls");
    reader.report_spanning({"base_url", "base_urls"},
                           "base_url and base_urls are both set (keep one)");
    return;
  }
  if (!has_one && !has_many) {
    reader.report("missing required key \"base_url\" (or \"base_urls\")");
    return;
  }
  if (has_many) return read_url_list(reader, endpoint);
  auto url = reader.string("base_url");
  if (!url) return;
  if (auto problem = base_url_problem(*url)) return reader.report("base_url", *problem);
  endpoint.base_urls = {normalize_base_url(*url)};
}

void read_identity(MapReader& reader, llm::EndpointConfig& endpoint) {
  if (auto name = reader.string("name", Presence::required)) {
    if (auto problem = endpoint_name_problem(*name)) reader.report("name", *problem);
    endpoint.name = *name;
  }
  read_base_urls(reader, endpoint);
  if (auto model = reader.string("model", Presence::required)) {
    if (model->empty()) reader.report("model", "must not be empty");
    endpoint.model = *model;
  }
  if (auto env = reader.string("api_key_env")) {
    if (auto problem = env_var_name_problem(*env)) reader.report("api_key_env", *problem);
    endpoint.api_key_env = *env;
  }
}

void read_protocol(MapReader& reader, llm::EndpointConfig& endpoint) {
  if (auto field = reader.string("max_tokens_field")) {
    if (*field == "max_completion_tokens" || *field == "max_tokens") {
      endpoint.use_max_completion_tokens = *field == "max_completion_tokens";
    } else {
      reader.report(
          "max_tokens_field",
          fmt::format("expected \"max_tokens\" or \"max_completion_tokens\", got \"{}\"", *field));
    }
  }
  if (auto supports_n = reader.boolean("supports_n")) endpoint.supports_n = *supports_n;
}

void read_limits(MapReader& reader, llm::EndpointLimits& limits) {
  if (auto n = reader.integer("max_in_flight", Range::between(1, 100'000))) {
    limits.max_in_flight = static_cast<int>(*n);
  }
  constexpr Range kPositive = Range::above(0);
  if (auto rpm = reader.number("requests_per_minute", kPositive)) limits.requests_per_minute = rpm;
  if (auto tpm = reader.number("tokens_per_minute", kPositive)) limits.tokens_per_minute = tpm;
}

void read_timeouts(MapReader& reader, http::Timeouts& timeouts) {
  if (auto t = seconds(reader, "connect", kPositiveSeconds)) timeouts.connect = *t;
  if (auto t = seconds(reader, "total", kPositiveSeconds)) timeouts.total = *t;
  if (auto t = seconds(reader, "low_speed", kPositiveSeconds)) timeouts.low_speed = *t;
}

void read_retry(MapReader& reader, llm::RetrySettings& retry) {
  constexpr Range kDelay = Range::above(0, 3'600);
  auto base = seconds(reader, "base", kDelay);
  auto cap = seconds(reader, "cap", kDelay);
  if (base) retry.base = *base;
  if (cap) retry.cap = *cap;
  if ((base || cap) && retry.cap < retry.base) {
    reader.report_spanning({"base", "cap"},
                           fmt::format("cap ({} s) must not be less than base ({} s)",
                                       retry.cap.count() / 1000.0, retry.base.count() / 1000.0));
  }
  if (auto n = reader.integer("max_retries", Range::between(0, 100))) {
    retry.max_retries = static_cast<int>(*n);
  }
}

void read_fake(MapReader& reader, llm::FakeSettings& fake) {
  if (auto ms = reader.integer("latency_ms", Range::between(0, 600'000))) {
    fake.latency = milliseconds(*ms);
  }
  auto r429 = reader.number("rate_429", kShare);
  auto r500 = reader.number("rate_500", kShare);
  auto drop = reader.number("rate_drop", kShare);
  fake.rate_429 = r429.value_or(fake.rate_429);
  fake.rate_500 = r500.value_or(fake.rate_500);
  fake.rate_drop = drop.value_or(fake.rate_drop);
  // Rounded so that 0.7 + 0.6 reads as 1.3, not 1.2999999999999998.
  const double total = std::round((fake.rate_429 + fake.rate_500 + fake.rate_drop) * 1e9) / 1e9;
  if (total > 1.0) {
    reader.report_spanning(
        {"rate_429", "rate_500", "rate_drop"},
        fmt::format("rate_429 + rate_500 + rate_drop must be at most 1, got {}", total));
  }
  if (auto seed = reader.integer("seed", Range::at_least(0))) fake.seed = *seed;
  if (auto rate = reader.number("judge_malformed_rate", kShare)) fake.judge_malformed_rate = *rate;
  if (auto obeys = reader.boolean("judge_follows_injections")) {
    fake.judge_follows_injections = *obeys;
  }
}

void read_headers(MapReader& reader, std::map<std::string, std::string>& headers) {
  for (const auto& [name, value] : reader.take_all()) {
    if (auto problem = header_name_problem(name)) {
      reader.context().report(value.line, reader.field(), *problem);
      continue;
    }
    auto text = read_string(reader.context(), value);
    if (!text) continue;
    if (text->find_first_of("\r\n") != std::string::npos) {
      reader.context().report(value.line, value.field, "must not contain a line break");
      continue;
    }
    headers[name] = *text;
  }
}

void read_extra_body(MapReader& reader, nlohmann::json& extra_body) {
  auto value = reader.get("extra_body");
  if (!value) return;
  if (!value->node.IsMap()) {
    return reader.report("extra_body", "expected a mapping, got " + describe(value->node));
  }
  auto body = read_json(reader.context(), *value);
  if (!body) return;
  for (const char* reserved : {"model", "messages", "stream"}) {
    if (body->contains(reserved)) {
      reader.report("extra_body",
                    fmt::format("\"{}\" is set by pogen and cannot be overridden", reserved));
    }
  }
  extra_body = std::move(*body);
}

void read_endpoint(MapReader& reader, llm::EndpointConfig& endpoint) {
  read_identity(reader, endpoint);
  read_protocol(reader, endpoint);
  reader.with_map("limits", [&](MapReader& m) { read_limits(m, endpoint.limits); });
  reader.with_map("timeouts", [&](MapReader& m) { read_timeouts(m, endpoint.timeouts); });
  reader.with_map("retry", [&](MapReader& m) { read_retry(m, endpoint.retry); });
  read_extra_body(reader, endpoint.extra_body);
  reader.with_map("headers", [&](MapReader& m) { read_headers(m, endpoint.headers); });
  const bool has_fake = reader.with_map("fake", [&](MapReader& m) { read_fake(m, endpoint.fake); });
  if (has_fake && !endpoint.base_urls.empty() && !endpoint.is_fake()) {
    reader.report("fake", "only allowed with base_url: fake");
  }
}

}  // namespace

void read_endpoints_section(MapReader& root, Config& config) {
  auto items = root.list("endpoints", Presence::required);
  if (!items) return;
  if (items->empty()) return root.report("endpoints", "must list at least one endpoint");
  std::map<std::string, std::size_t> first_line;
  for (const auto& item : *items) {
    MapReader reader(root.context(), item);
    if (!item.node.IsMap()) continue;
    llm::EndpointConfig endpoint;
    read_endpoint(reader, endpoint);
    reader.finish();
    if (endpoint.name.empty()) continue;
    auto [it, inserted] = first_line.emplace(endpoint.name, item.line);
    if (!inserted) {
      reader.report("name", fmt::format("duplicate endpoint name \"{}\" (first defined at line {})",
                                        endpoint.name, it->second));
    }
    config.endpoints.push_back(std::move(endpoint));
  }
}

void read_client_section(MapReader& root, Config& config) {
  root.with_map("client", [&](MapReader& client) {
    if (auto n = client.integer("max_in_flight", Range::between(1, 1'000'000))) {
      config.client.global_max_in_flight = static_cast<int>(*n);
    }
  });
}

}  // namespace pogen::io
