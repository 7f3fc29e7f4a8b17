// The `judging:` section of a run config (docs/config.md#judging).

#include <functional>
#include <string>

#include "config/stage_sections.hpp"
#include "judge/judge_config.hpp"
#include "judge/parse/strategies.hpp"
#include "templates/builtin.hpp"

namespace pogen::pipeline {
namespace {

// `{endpoint: name, temperature: ..., max_tokens: ..., seed: ...}`.
std::optional<JudgeSpec> read_judge_spec(io::ReadContext& context, const io::Value& value,
                                         const RunConfig& config) {
  io::MapReader reader(context, value);
  JudgeSpec spec;
  bool valid = false;
  if (auto endpoint = reader.get("endpoint", io::Presence::required)) {
    auto name = io::read_string(context, *endpoint);
    valid = name && check_endpoint_name(reader, *endpoint, *name, config);
    if (name) spec.endpoint = *name;
  }
  read_sampling(reader, spec.sampling);
  reader.finish();
  if (!valid) return std::nullopt;
  return spec;
}

void read_judges(io::MapReader& reader, JudgingConfig& out, const RunConfig& config,
                 io::Presence presence) {
  auto items = reader.list("judges", presence);
  if (!items) return;
  if (items->empty()) reader.report("judges", "must list at least one judge");
  for (const auto& item : *items) {
    if (auto spec = read_judge_spec(reader.context(), item, config)) out.judges.push_back(*spec);
  }
}

// judging.templates: one template per strategy row, and the follow-up's (reask).
void read_templates(io::MapReader& reader, JudgingConfig& out, RunConfig& config) {
  auto builtin_name = [](const StrategyRow& row) {
    return std::string("judge-") + row.template_key + ".md";
  };
  auto read_all = [&](io::MapReader& templates) {
    for (const auto& row : strategy_rows()) {
      if (auto t = read_template(templates, row.template_key, "builtin:" + builtin_name(row),
                                 judge_template_placeholders(), config)) {
        out.templates[row.strategy] = *t;
      }
    }
    if (auto t = read_template(templates, "reask", "builtin:judge-reask.md",
                               reask_template_placeholders(), config)) {
      out.reask_template = *t;
    }
  };
  if (!reader.with_map("templates", read_all)) {
    for (const auto& row : strategy_rows()) {
      out.templates[row.strategy] =
          builtin_template(builtin_name(row), judge_template_placeholders(), config);
    }
    out.reask_template = builtin_template("judge-reask.md", reask_template_placeholders(), config);
  }
}

// The persona of a debate role: `builtin:<name>` or a file, read as text.
std::optional<std::string> read_persona(io::MapReader& reader, const std::string& fallback,
                                        RunConfig& config) {
  static const std::set<std::string> kNoPlaceholders;
  auto persona = read_template(reader, "persona", fallback, kNoPlaceholders, config);
  if (!persona) return std::nullopt;
  std::string text = persona->text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

struct DefaultRole {
  const char* name;
  const char* persona;
};
constexpr DefaultRole kDefaultRoles[] = {
    {"General Public", "builtin:debate-role-general-public.md"},
    {"Psychologist", "builtin:debate-role-psychologist.md"},
    {"Critic", "builtin:debate-role-critic.md"}};

std::optional<DebateRole> read_role(io::ReadContext& context, const io::Value& value,
                                    const std::optional<JudgeSpec>& speaker, RunConfig& config) {
  io::MapReader reader(context, value);
  DebateRole role;
  auto name = reader.string("name", io::Presence::required);
  if (name) role.name = *name;
  std::string fallback;
  for (const auto& d : kDefaultRoles) {
    if (name && *name == d.name) fallback = d.persona;
  }
  std::optional<std::string> persona;
  if (fallback.empty() && !reader.has("persona")) {
    reader.report("persona",
                  "missing (a role other than General Public, Psychologist or Critic "
                  "needs its persona: builtin:<file> or a file path)");
  } else {
    persona = read_persona(reader, fallback, config);
  }
  std::optional<JudgeSpec> judge = speaker;
  if (auto spec = reader.get("judge")) judge = read_judge_spec(context, *spec, config);
  if (!judge && !reader.has("judge")) {
    reader.report("judge", "missing (give the role a judge, or the debate a default judge)");
  }
  reader.finish();
  if (!name || !persona || !judge) return std::nullopt;
  role.persona = *persona;
  role.judge = *judge;
  return role;
}

void read_debate(io::MapReader& reader, JudgingConfig& out, RunConfig& config) {
  DebateConfig debate;
  if (auto n = reader.integer("rounds", io::Range::between(1, 10))) {
    debate.rounds = static_cast<int>(*n);
  }
  if (auto a = read_choice<DebateAggregation>(reader, "aggregation", "aggregation")) {
    debate.aggregation = *a;
  }
  std::optional<JudgeSpec> speaker;
  if (auto spec = reader.get("judge")) speaker = read_judge_spec(reader.context(), *spec, config);
  if (auto roles = reader.list("roles")) {
    if (roles->empty()) reader.report("roles", "must list at least one role");
    for (const auto& item : *roles) {
      if (auto role = read_role(reader.context(), item, speaker, config)) {
        debate.roles.push_back(*role);
      }
    }
  } else if (speaker) {
    for (const auto& d : kDefaultRoles) {
      auto text = builtin_template(std::string(d.persona).substr(8), {}, config).text;
      while (!text.empty() && text.back() == '\n') text.pop_back();
      debate.roles.push_back({d.name, text, *speaker});
    }
  } else if (!reader.has("judge")) {
    reader.report("judge", "missing (the default roles speak through this judge; or list roles)");
  }
  auto read_turns = [&](io::MapReader& templates) {
    if (auto t = read_template(templates, "turn", "builtin:debate-turn.md",
                               debate_turn_placeholders(), config)) {
      debate.turn_template = *t;
    }
    if (auto t = read_template(templates, "final", "builtin:debate-final.md",
                               debate_final_placeholders(), config)) {
      debate.final_template = *t;
    }
  };
  if (!reader.with_map("templates", read_turns)) {
    debate.turn_template = builtin_template("debate-turn.md", debate_turn_placeholders(), config);
    debate.final_template =
        builtin_template("debate-final.md", debate_final_placeholders(), config);
  }
  out.debate = std::move(debate);
}

void read_self_judge(io::MapReader& reader, JudgingConfig& out) {
  if (auto p = read_choice<SelfJudgePolicy>(reader, "self_judge", "self_judge policy")) {
    out.self_judge.policy = *p;
  }
  if (auto families = reader.list("model_families")) {
    out.self_judge.families.clear();
    for (const auto& item : *families) {
      if (auto s = io::read_string(reader.context(), item)) {
        if (s->empty()) {
          reader.context().report(item.line, item.field, "must not be empty");
        } else {
          out.self_judge.families.push_back(*s);
        }
      }
    }
  }
}

void read_settings(io::MapReader& reader, JudgingConfig& out) {
  if (auto s = read_choice<JudgeStrategy>(reader, "strategy", "strategy")) {
    out.strategy = *s;
  }
  if (auto k = reader.number("max_score", io::Range::above(0))) out.max_score = *k;
  if (auto s = read_choice<SwapMode>(reader, "swap", "swap mode")) {
    out.swap = *s;
  }
  if (auto r = read_choice<RankMethod>(reader, "rank", "rank method")) {
    out.rank = *r;
  }
  if (auto j = reader.boolean("json_output")) out.json_output = *j;
  if (auto s = read_choice<ScoreReading>(reader, "scores", "score reading")) out.scores = *s;
  if (auto k = reader.integer("top_logprobs", io::Range::between(1, kMaxTopLogprobs))) {
    out.top_logprobs = static_cast<int>(*k);
  }
  if (auto a = read_choice<JuryAggregation>(reader, "aggregation", "aggregation")) {
    out.aggregation = *a;
  }
  if (auto q = reader.integer("quorum", io::Range::at_least(1))) out.quorum = static_cast<int>(*q);
}

}  // namespace

void read_judging_section(io::MapReader& root, RunConfig& config) {
  root.with_map("judging", [&](io::MapReader& reader) {
    JudgingConfig out;
    const std::size_t problems_before = reader.context().diagnostics.items().size();
    read_settings(reader, out);
    const bool debate = reader.with_map(
        "debate", [&](io::MapReader& debate_reader) { read_debate(debate_reader, out, config); });
    read_judges(reader, out, config, debate ? io::Presence::optional : io::Presence::required);
    read_templates(reader, out, config);
    read_self_judge(reader, out);
    // Cross-field rules (quorum against the number of judges, mean_score with comparison, ...)
    // once every field is read; only when the fields themselves were fine, so that one mistake
    // is not reported twice. Each at the line of the field it names, not of `judging:`.
    if (reader.context().diagnostics.items().size() == problems_before) {
      for (const auto& problem : judging_config_problems(out)) {
        reader.context().report(reader.line_of_field(problem.field), problem.field,
                                problem.message);
      }
    }
    config.judging = std::move(out);
  });
}

}  // namespace pogen::pipeline
