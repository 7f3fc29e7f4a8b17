#include "prompt_files/convert.hpp"

#include <optional>

#include "prompt_files/hash.hpp"

namespace pogen::io {

namespace {

using nlohmann::json;
using Problem = std::optional<RecordProblem>;

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// prompt_field, then "messages", then "conversation", without repeats.
std::vector<std::string> prompt_fields(const PromptFormatOptions& options) {
  std::vector<std::string> names{options.prompt_field};
  for (const char* fallback : {"messages", "conversation"}) {
    if (options.prompt_field != fallback) names.emplace_back(fallback);
  }
  return names;
}

RecordProblem missing_prompt(const std::vector<std::string>& names) {
  std::string message = "missing field " + quoted(names[0]) + " (also looked for ";
  for (std::size_t i = 1; i < names.size(); ++i) {
    if (i > 1) message += i + 1 == names.size() ? " and " : ", ";
    message += quoted(names[i]);
  }
  return {"", message + ")"};
}

// The text under `key` of a message object at `path`; blank text is an error.
Problem read_text(const json& message, const std::string& key, const std::string& path,
                  std::string& text) {
  const auto it = message.find(key);
  if (it == message.end()) return RecordProblem{path, "missing " + quoted(key)};
  if (!it->is_string()) {
    return RecordProblem{path + "." + key, "expected a string, got " + describe_json_type(*it)};
  }
  text = it->get<std::string>();
  if (is_blank(text)) return RecordProblem{path + "." + key, "empty content"};
  return std::nullopt;
}

Problem read_openai_role(const json& message, const std::string& path, llm::Role& role) {
  const json& name = message.at("role");
  if (!name.is_string()) {
    return RecordProblem{path + ".role", "expected a string, got " + describe_json_type(name)};
  }
  const auto parsed = parse_enum<llm::Role>(name.get<std::string>());
  if (!parsed) {
    return RecordProblem{path + ".role", "unknown role " + quoted(name.get<std::string>()) +
                                             " (expected system, user or assistant)"};
  }
  role = *parsed;
  return std::nullopt;
}

// ShareGPT's speakers: human -> user, gpt -> assistant, system -> system.
Problem read_sharegpt_role(const json& message, const std::string& path, llm::Role& role) {
  const json& name = message.at("from");
  if (!name.is_string()) {
    return RecordProblem{path + ".from", "expected a string, got " + describe_json_type(name)};
  }
  const std::string& from = name.get_ref<const std::string&>();
  if (from == "human") {
    role = llm::Role::user;
  } else if (from == "gpt") {
    role = llm::Role::assistant;
  } else if (from == "system") {
    role = llm::Role::system;
  } else {
    return RecordProblem{path + ".from", "unknown ShareGPT role " + quoted(from) +
                                             " (expected human, gpt or system)"};
  }
  return std::nullopt;
}

// Capybara's turns: {"input": user text, "output": assistant text}; the output may be left out
// of the last turn, the one to be answered.
Problem read_capybara_turn(const json& turn, const std::string& path,
                           std::vector<llm::Message>& out) {
  llm::Message input{llm::Role::user, {}};
  if (auto problem = read_text(turn, "input", path, input.content)) return problem;
  out.push_back(std::move(input));
  if (!turn.contains("output")) return std::nullopt;
  llm::Message output{llm::Role::assistant, {}};
  if (auto problem = read_text(turn, "output", path, output.content)) return problem;
  out.push_back(std::move(output));
  return std::nullopt;
}

Problem read_turn(const json& turn, const std::string& path, std::vector<llm::Message>& out) {
  if (!turn.is_object()) {
    return RecordProblem{path, "expected a message object, got " + describe_json_type(turn)};
  }
  if (turn.contains("input")) return read_capybara_turn(turn, path, out);
  const bool openai = turn.contains("role");
  if (!openai && !turn.contains("from")) {
    return RecordProblem{path,
                         "expected \"role\" and \"content\" (OpenAI), \"from\" and \"value\" "
                         "(ShareGPT) or \"input\" and \"output\" (Capybara)"};
  }
  llm::Message message;
  auto problem = openai ? read_openai_role(turn, path, message.role)
                        : read_sharegpt_role(turn, path, message.role);
  if (!problem) problem = read_text(turn, openai ? "content" : "value", path, message.content);
  if (problem) return problem;
  out.push_back(std::move(message));
  return std::nullopt;
}

Problem read_conversation(const json& value, const std::string& field,
                          std::vector<llm::Message>& out) {
  if (value.is_string()) {
    if (is_blank(value.get_ref<const std::string&>())) return RecordProblem{field, "empty prompt"};
    out.push_back({llm::Role::user, value.get<std::string>()});
    return std::nullopt;
  }
  if (!value.is_array()) {
    return RecordProblem{
        field, "expected a string or a list of messages, got " + describe_json_type(value)};
  }
  if (value.empty()) return RecordProblem{field, "empty conversation"};
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (auto problem = read_turn(value[i], field + "[" + std::to_string(i) + "]", out)) {
      return problem;
    }
  }
  if (out.back().role == llm::Role::assistant) {
    return RecordProblem{field, "conversation ends with an assistant turn"};
  }
  if (out.back().role == llm::Role::system) {
    return RecordProblem{field, "conversation ends with a system turn"};
  }
  return std::nullopt;
}

Problem read_id(const json& fields, const std::string& id_field, std::string& id) {
  const json& value = fields.at(id_field);
  if (value.is_number_integer()) {
    id = value.dump();
    return std::nullopt;
  }
  if (!value.is_string()) {
    return RecordProblem{id_field,
                         "expected a string or an integer, got " + describe_json_type(value)};
  }
  id = value.get<std::string>();
  if (is_blank(id)) return RecordProblem{id_field, "empty id"};
  return std::nullopt;
}

}  // namespace

std::variant<ConvertedPrompt, RecordProblem> convert_record(const json& fields,
                                                            const PromptFormatOptions& options) {
  const auto names = prompt_fields(options);
  const std::string* field = nullptr;
  for (const auto& name : names) {
    if (fields.contains(name)) {
      field = &name;
      break;
    }
  }
  if (field == nullptr) return missing_prompt(names);

  ConvertedPrompt prompt;
  if (auto problem = read_conversation(fields.at(*field), *field, prompt.messages)) {
    return *problem;
  }
  if (fields.contains(options.id_field)) {
    if (auto problem = read_id(fields, options.id_field, prompt.id)) return *problem;
  } else {
    prompt.id = content_id(prompt.messages);
    prompt.id_generated = true;
  }
  return prompt;
}

}  // namespace pogen::io
