#pragma once
// Shared by the judging workflow tests: short templates whose rendering is easy to assert, an
// item, and scripted judges that score answers by a table whatever slot they are shown in.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "judge/item_view.hpp"
#include "judge/judge_config.hpp"
#include "support/scripted_chat.hpp"
#include "support/untrusted_text.hpp"
#include "templates/prompt_template.hpp"
#include "templates/untrusted.hpp"

namespace pogen::testing::judging {

inline pipeline::JudgingConfig make_config(
    pipeline::JudgeStrategy strategy = pipeline::JudgeStrategy::combined, int judges = 1) {
  using pipeline::parse_template;
  pipeline::JudgingConfig config;
  config.strategy = strategy;
  for (int i = 1; i <= judges; ++i) config.judges.push_back({"judge-" + std::to_string(i), {}});
  const auto& allowed = pipeline::judge_template_placeholders();
  config.templates[pipeline::JudgeStrategy::combined] = parse_template(
      "combined.md",
      "Q: {{question}}\n[A]\n{{answer_a}}\n[B]\n{{answer_b}}\nScore out of {{max_score}}.",
      allowed);
  config.templates[pipeline::JudgeStrategy::comparison] = parse_template(
      "comparison.md", "Q: {{question}}\n[A]\n{{answer_a}}\n[B]\n{{answer_b}}\nPick one.", allowed);
  config.templates[pipeline::JudgeStrategy::independent] =
      parse_template("independent.md",
                     "Q: {{question}}\n[Answer]\n{{answer}}\nScore out of {{max_score}}.", allowed);
  config.reask_template = parse_template("reask.md", "Only this, please:\n{{required_format}}",
                                         pipeline::reask_template_placeholders());
  return config;
}

inline pipeline::JudgeItem make_item(std::vector<std::string> answers,
                                     const std::string& model = "gen-model") {
  pipeline::JudgeItem item;
  item.id = "item-1";
  item.conversation = {{llm::Role::user, "Name a prime."}};
  for (auto& answer : answers) item.candidates.push_back({std::move(answer), model});
  return item;
}

// The text between two markers of the first message of a call ("" when absent).
inline std::string between(const RecordedCall& call, const std::string& from,
                           const std::string& to) {
  const std::string& text = call.request.messages.front().content;
  auto start = text.find(from);
  if (start == std::string::npos) return "";
  start += from.size();
  auto end = text.find(to, start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The answer a fixture prompt shows in slot 'A' or 'B', or alone: the text of its block
// (templates/untrusted.hpp), "" when absent.
inline std::string shown(const RecordedCall& call, char slot) {
  const char* name = slot == 'A' ? "answer_a" : slot == 'B' ? "answer_b" : "answer";
  return pipeline::delimited_text(call.request.messages.front().content, name).value_or("");
}

inline std::string number(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

inline std::string combined_reply(double a, double b) {
  return "Both are reasonable.\n### Score Assistant A:\n" + number(a) +
         "/10\n### Score Assistant B:\n" + number(b) + "/10";
}

inline std::string independent_reply(double score) {
  return "Fine.\n### Score:\n" + number(score) + "/10";
}

// A judge that scores every answer by `table`; `slot_a_bonus` is added to whatever is shown as
// Assistant A (a position-biased judge). Independent prompts get the table score.
inline ScriptedChat::Responder scoring_judge(std::map<std::string, double> table,
                                             double slot_a_bonus = 0) {
  return [table = std::move(table),
          slot_a_bonus](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    if (call.request.messages.front().content.find("[Answer]\n") != std::string::npos) {
      return text_response(independent_reply(table.at(shown(call, 'X'))));
    }
    return text_response(
        combined_reply(table.at(shown(call, 'A')) + slot_a_bonus, table.at(shown(call, 'B'))));
  };
}

}  // namespace pogen::testing::judging
