#include "config/run_config.hpp"

#include <filesystem>
#include <stdexcept>

#include "config/reader.hpp"
#include "config/sections.hpp"
#include "config/stage_sections.hpp"
#include "core/hashes.hpp"
#include "templates/builtin.hpp"

namespace pogen::pipeline {
namespace fs = std::filesystem;

std::string resolve_config_path(const std::string& config_path, const std::string& value) {
  fs::path p(value);
  if (p.is_absolute()) return value;
  auto dir = fs::path(config_path).parent_path();
  return dir.empty() ? value : (dir / p).lexically_normal().string();
}

std::optional<PromptTemplate> read_template(io::MapReader& reader, std::string_view key,
                                            const std::string& default_builtin,
                                            const std::set<std::string>& allowed,
                                            RunConfig& config) {
  auto value = reader.get(key);
  std::string name = default_builtin;
  std::size_t line = reader.line();
  std::string field = reader.field_of(key);
  if (value) {
    auto text = io::read_string(reader.context(), *value);
    if (!text) return std::nullopt;
    name = *text;
    line = value->line;
  }
  try {
    if (name.rfind("builtin:", 0) == 0) {
      if (!builtin_prompt(name.substr(8))) {
        std::string known;
        for (const auto& p : builtin_prompts()) {
          known += (known.empty() ? "" : ", ") + std::string(p.name);
        }
        reader.context().report(
            line, field,
            "no built-in template \"" + name.substr(8) + "\" (built-in: " + known + ")");
        return std::nullopt;
      }
      return builtin_template(name.substr(8), allowed, config);
    }
    auto tmpl = load_template(resolve_config_path(config.base.path, name), allowed);
    config.template_hashes[tmpl.path] = sha256_hex(tmpl.text);
    return tmpl;
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) {
      reader.context().report(line, field, format_diagnostic(d));
    }
    return std::nullopt;
  }
}

PromptTemplate builtin_template(const std::string& name, const std::set<std::string>& allowed,
                                RunConfig& config) {
  auto text = builtin_prompt(name);
  if (!text) throw std::logic_error("no built-in template " + name);
  auto tmpl = parse_template("builtin:" + name, std::string(*text), allowed);
  config.template_hashes[tmpl.path] = sha256_hex(tmpl.text);
  return tmpl;
}

namespace {

void read_prompts_section(io::MapReader& root, RunConfig& config) {
  root.with_map("prompts", [&](io::MapReader& reader) {
    PromptsConfig prompts;
    if (auto path = reader.string("path", io::Presence::required)) {
      prompts.path = resolve_config_path(config.base.path, *path);
    }
    if (auto format = read_choice<io::PromptFormatOptions::Format>(reader, "format", "format")) {
      prompts.format.format = *format;
    }
    if (auto field = reader.string("prompt_field")) prompts.format.prompt_field = *field;
    if (auto field = reader.string("id_field")) prompts.format.id_field = *field;
    if (auto system = reader.string("system_prompt")) prompts.format.system_prompt = *system;
    if (auto skip = reader.boolean("skip_invalid")) prompts.skip_invalid = *skip;
    config.prompts = std::move(prompts);
  });
}

void read_run_section(io::MapReader& root, RunConfig& config) {
  root.with_map("run", [&](io::MapReader& reader) {
    if (auto n = reader.integer("max_items_in_flight", io::Range::between(1, 100000))) {
      config.run.max_items_in_flight = static_cast<int>(*n);
    }
    if (auto n = reader.integer("max_requests", io::Range::at_least(1))) {
      config.run.max_requests = *n;
    }
    if (auto cost = reader.number("max_cost", io::Range::above(0))) config.run.max_cost = *cost;
    if (auto s = reader.number("probe_timeout", io::Range::between(0.1, 600))) {
      config.run.probe_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(*s * 1000));
    }
    if (auto s = reader.number("unreachable_timeout", io::Range::between(1, 86400))) {
      config.run.unreachable_timeout =
          std::chrono::milliseconds(static_cast<std::int64_t>(*s * 1000));
    }
  });
}

}  // namespace

RunConfig parse_run_config(std::string_view text, const std::string& path) {
  RunConfig config;
  // The endpoint sections run first (inside io::parse_config), so stage sections can check the
  // endpoint names they refer to.
  io::parse_config_into(text, path, config.base,
                        {[&](io::MapReader& root) { read_prompts_section(root, config); },
                         [&](io::MapReader& root) { read_generation_section(root, config); },
                         [&](io::MapReader& root) { read_judging_section(root, config); },
                         [&](io::MapReader& root) { read_selection_section(root, config); },
                         [&](io::MapReader& root) { read_output_section(root, config); },
                         [&](io::MapReader& root) { read_prices_section(root, config); },
                         [&](io::MapReader& root) { read_run_section(root, config); }});
  return config;
}

RunConfig load_run_config(const std::string& path) {
  return parse_run_config(io::read_config_file(path), path);
}

void use_fake_endpoints(RunConfig& config) { io::replace_with_fake(config.base); }

}  // namespace pogen::pipeline
