// The `generation:` section of a run config.

#include "config/stage_sections.hpp"
#include "core/suggest.hpp"

namespace pogen::pipeline {
namespace {

// One `{endpoint: name, samples: k, temperature: ...}` entry.
std::optional<ModelRole> read_role(io::ReadContext& context, const io::Value& value,
                                   const RunConfig& config, bool allow_samples) {
  std::optional<ModelRole> out;
  io::MapReader reader(context, value);
  ModelRole role;
  bool valid = true;
  if (auto endpoint = reader.get("endpoint", io::Presence::required)) {
    auto name = io::read_string(context, *endpoint);
    valid = name && check_endpoint_name(reader, *endpoint, *name, config);
    if (name) role.endpoint = *name;
  } else {
    valid = false;
  }
  if (allow_samples) {
    if (auto k = reader.integer("samples", io::Range::between(1, 128))) {
      role.samples = static_cast<int>(*k);
    }
  }
  read_sampling(reader, role.sampling);
  reader.finish();
  if (!valid) return out;
  if (const auto* endpoint = io::find_endpoint(config.base, role.endpoint)) {
    role.use_n = endpoint->supports_n;
  }
  out = role;
  return out;
}

std::vector<ModelRole> read_roles(io::MapReader& reader, std::string_view key,
                                  const RunConfig& config, bool allow_samples,
                                  io::Presence presence) {
  std::vector<ModelRole> roles;
  auto items = reader.list(key, presence);
  if (!items) return roles;
  if (items->empty()) reader.report(key, "must list at least one model");
  for (const auto& item : *items) {
    if (auto role = read_role(reader.context(), item, config, allow_samples))
      roles.push_back(*role);
  }
  return roles;
}

void read_loop_settings(io::MapReader& reader, GenerationConfig& out, RunConfig& config) {
  if (auto g = reader.get("generator", io::Presence::required)) {
    if (auto role = read_role(reader.context(), *g, config, false)) out.generator = *role;
  }
  out.reviewers = read_roles(reader, "reviewers", config, false, io::Presence::required);
  if (auto n = reader.integer("iterations", io::Range::between(1, 20))) {
    out.iterations = static_cast<int>(*n);
  }
  if (auto max = reader.number("review_max_score", io::Range::above(0, 1000))) {
    out.review_max_score = *max;
  }
  if (auto stop = reader.number("early_stop_score", io::Range::at_least(0))) {
    out.early_stop_score = *stop;
  }
  const bool custom = reader.with_map("templates", [&](io::MapReader& templates) {
    if (auto t = read_template(templates, "review", "builtin:review.md", review_placeholders(),
                               config)) {
      out.review_template = *t;
    }
    if (auto t = read_template(templates, "revise", "builtin:revise.md", revise_placeholders(),
                               config)) {
      out.revise_template = *t;
    }
  });
  if (!custom) {
    out.review_template = builtin_template("review.md", review_placeholders(), config);
    out.revise_template = builtin_template("revise.md", revise_placeholders(), config);
  }
}

}  // namespace

void read_sampling(io::MapReader& reader, llm::SamplingParams& sampling) {
  if (auto v = reader.number("temperature", io::Range::between(0, 2))) sampling.temperature = *v;
  if (auto v = reader.number("top_p", io::Range::above(0, 1))) sampling.top_p = *v;
  if (auto v = reader.integer("max_tokens", io::Range::at_least(1))) {
    sampling.max_tokens = static_cast<int>(*v);
  }
  if (auto v = reader.integer("seed", io::Range{})) sampling.seed = *v;
  if (auto stops = reader.list("stop")) {
    for (const auto& item : *stops) {
      if (auto s = io::read_string(reader.context(), item)) sampling.stop.push_back(*s);
    }
  }
}

bool check_endpoint_name(io::MapReader& reader, const io::Value& value, const std::string& name,
                         const RunConfig& config) {
  if (io::find_endpoint(config.base, name)) return true;
  std::vector<std::string> names;
  for (const auto& e : config.base.endpoints) names.push_back(e.name);
  reader.context().report(value.line, value.field,
                          "unknown endpoint \"" + name + "\"" + io::did_you_mean(name, names));
  return false;
}

void read_generation_section(io::MapReader& root, RunConfig& config) {
  root.with_map("generation", [&](io::MapReader& reader) {
    GenerationConfig out;
    auto strategy =
        read_choice<GenerationStrategy>(reader, "strategy", "strategy", io::Presence::required);
    if (!strategy) return;
    out.strategy = *strategy;
    if (*strategy == GenerationStrategy::feedback_loop) {
      read_loop_settings(reader, out, config);
    } else {
      bool multi = *strategy == GenerationStrategy::multi;
      out.models = read_roles(reader, "models", config, multi, io::Presence::required);
      if (!multi && out.models.size() > 1) {
        reader.report("models", "strategy single takes exactly one model (use multi for several)");
      }
    }
    config.generation = std::move(out);
  });
}

}  // namespace pogen::pipeline
