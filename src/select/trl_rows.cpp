#include "select/trl_rows.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "core/whitespace.hpp"
#include "select/selection.hpp"

namespace pogen::pipeline {
namespace {

using nlohmann::json;
using Problem = std::optional<std::string>;

constexpr const char* kNotUserEnd = "\"prompt\" does not end with a user turn";

// Whitespace alone is no more an answer than "" is.
bool blank(const std::string& text) { return normalize_whitespace(text).empty(); }

json message_json(const llm::Message& m) {
  return {{"role", name_of(m.role)}, {"content", m.content}};
}

json prompt_json(const std::vector<llm::Message>& prompt, RowFormat format) {
  if (format == RowFormat::conversational) {
    json out = json::array();
    for (const auto& m : prompt) out.push_back(message_json(m));
    return out;
  }
  if (prompt.empty()) throw std::invalid_argument("\"prompt\" is empty");
  for (const auto& m : prompt) {
    if (m.role == llm::Role::system) {
      throw std::invalid_argument(
          "the standard format cannot hold a system turn; use the conversational format");
    }
  }
  if (prompt.size() > 1) {
    throw std::invalid_argument(
        fmt::format("the standard format holds one user turn, this prompt has {} turns; use the "
                    "conversational format",
                    prompt.size()));
  }
  if (prompt.front().role != llm::Role::user) throw std::invalid_argument(kNotUserEnd);
  return prompt.front().content;
}

json completion_json(const std::string& text, RowFormat format) {
  if (format == RowFormat::standard) return text;
  return json::array({message_json({llm::Role::assistant, text})});
}

Problem check_text(const json& value, const std::string& key) {
  if (!value.is_string()) return fmt::format("\"{}\" is not a string", key);
  if (blank(value.get_ref<const std::string&>())) return fmt::format("\"{}\" is empty", key);
  return std::nullopt;
}

// A {"role", "content"} object with string values, a known role and some content.
Problem check_message(const json& m, const std::string& where) {
  bool shaped = m.is_object() && m.contains("role") && m["role"].is_string() &&
                m.contains("content") && m["content"].is_string();
  if (!shaped) {
    return fmt::format("{} is not a message with string \"role\" and \"content\"", where);
  }
  const auto& role = m["role"].get_ref<const std::string&>();
  if (!parse_enum<llm::Role>(role)) return fmt::format("{} has unknown role \"{}\"", where, role);
  if (blank(m["content"].get_ref<const std::string&>())) {
    return fmt::format("{} has empty content", where);
  }
  return std::nullopt;
}

Problem check_prompt(const json& prompt, RowFormat format) {
  if (format == RowFormat::standard) return check_text(prompt, "prompt");
  if (!prompt.is_array()) return "\"prompt\" is not a list of messages";
  if (prompt.empty()) return "\"prompt\" is empty";
  for (std::size_t i = 0; i < prompt.size(); ++i) {
    if (auto p = check_message(prompt[i], fmt::format("\"prompt\"[{}]", i))) return p;
  }
  if (prompt.back()["role"] != "user") return kNotUserEnd;
  return std::nullopt;
}

Problem check_completion(const json& value, const std::string& key, RowFormat format) {
  if (format == RowFormat::standard) return check_text(value, key);
  if (!value.is_array()) return fmt::format("\"{}\" is not a list of messages", key);
  if (value.size() != 1) {
    return fmt::format("\"{}\" must hold exactly one message, got {}", key, value.size());
  }
  std::string where = fmt::format("\"{}\"[0]", key);
  if (auto p = check_message(value[0], where)) return p;
  const auto& role = value[0]["role"].get_ref<const std::string&>();
  if (role != "assistant") return fmt::format("{} has role \"{}\", not \"assistant\"", where, role);
  return std::nullopt;
}

// The text a completion holds, once check_completion passed.
const std::string& completion_text(const json& value, RowFormat format) {
  const json& text = format == RowFormat::standard ? value : value[0]["content"];
  return text.get_ref<const std::string&>();
}

Problem check_common(const json& row, const std::vector<const char*>& keys, RowFormat format) {
  if (!row.is_object()) return "row is not a JSON object";
  for (const char* key : keys) {
    if (!row.contains(key)) return fmt::format("missing key \"{}\"", key);
  }
  if (auto p = check_text(row["prompt_id"], "prompt_id")) return p;
  return check_prompt(row["prompt"], format);
}

json checked(json row, Problem (*check)(const json&, RowFormat), RowFormat format) {
  if (auto problem = check(row, format)) throw std::invalid_argument(*problem);
  return row;
}

}  // namespace

json dpo_row(const std::string& prompt_id, const std::vector<llm::Message>& prompt,
             const std::string& chosen, const std::string& rejected, RowFormat format) {
  json row{{"prompt_id", prompt_id},
           {"prompt", prompt_json(prompt, format)},
           {"chosen", completion_json(chosen, format)},
           {"rejected", completion_json(rejected, format)}};
  return checked(std::move(row), check_dpo_row, format);
}

json kto_row(const std::string& prompt_id, const std::vector<llm::Message>& prompt,
             const std::string& completion, bool label, RowFormat format) {
  json row{{"prompt_id", prompt_id},
           {"prompt", prompt_json(prompt, format)},
           {"completion", completion_json(completion, format)},
           {"label", label}};
  return checked(std::move(row), check_kto_row, format);
}

std::optional<std::string> check_dpo_row(const json& row, RowFormat format) {
  if (auto p = check_common(row, {"prompt_id", "prompt", "chosen", "rejected"}, format)) return p;
  for (const char* key : {"chosen", "rejected"}) {
    if (auto p = check_completion(row[key], key, format)) return p;
  }
  if (normalize_whitespace(completion_text(row["chosen"], format)) ==
      normalize_whitespace(completion_text(row["rejected"], format))) {
    return "\"chosen\" and \"rejected\" are the same text";
  }
  return std::nullopt;
}

std::optional<std::string> check_kto_row(const json& row, RowFormat format) {
  if (auto p = check_common(row, {"prompt_id", "prompt", "completion", "label"}, format)) return p;
  if (auto p = check_completion(row["completion"], "completion", format)) return p;
  if (!row["label"].is_boolean()) return "\"label\" is not a boolean";
  return std::nullopt;
}

}  // namespace pogen::pipeline
