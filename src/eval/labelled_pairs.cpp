#include "eval/labelled_pairs.hpp"

#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"

namespace pogen::eval {
namespace {

// The entries of a --field value that name one of this file's fields; the others are left for
// FieldNames.
std::string take_own(std::string_view entries, PairFields& fields) {
  std::string rest;
  std::size_t start = 0;
  while (start <= entries.size()) {
    const std::size_t end = std::min(entries.find(',', start), entries.size());
    const std::string_view entry = entries.substr(start, end - start);
    start = end + 1;
    const std::size_t equals = entry.find('=');
    const std::string_view name = entry.substr(0, equals);
    const std::string field(equals == std::string_view::npos ? "" : entry.substr(equals + 1));
    std::string* own = name == "prompt"    ? &fields.prompt
                       : name == "label"   ? &fields.label
                       : name == "model_a" ? &fields.model_a
                       : name == "model_b" ? &fields.model_b
                                           : nullptr;
    if (own && !field.empty()) {
      *own = field;
    } else {
      rest += (rest.empty() ? "" : ",") + std::string(entry);
    }
  }
  return rest;
}

pipeline::Candidate answer(const nlohmann::json& record, const std::string& text_field,
                           const std::string& model_field) {
  pipeline::Candidate c;
  c.text = record[text_field].get<std::string>();
  if (record.contains(model_field) && record[model_field].is_string()) {
    c.model = record[model_field].get<std::string>();
  }
  c.finish_reason = "stop";
  return c;
}

}  // namespace

void PairFields::rename(std::string_view entries, std::string_view flag) {
  const std::string rest = take_own(entries, *this);
  if (!rest.empty()) common.rename(rest, flag);
}

std::vector<pipeline::GeneratedItem> read_labelled_pairs(const std::string& path,
                                                         const PairFields& fields) {
  std::ifstream in(path);
  if (!in) throw InputError(Diagnostic{path, 0, "", "cannot open the labelled pairs"});
  std::vector<pipeline::GeneratedItem> items;
  Diagnostics problems;
  std::size_t line = 0;
  for (std::string text; std::getline(in, text);) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto record = nlohmann::json::parse(text, nullptr, false);
    if (!record.is_object()) {
      problems.add(path, line, "", "not a JSON object");
      continue;
    }
    bool valid = true;
    for (const std::string* field :
         {&fields.prompt, &fields.common.response_a, &fields.common.response_b}) {
      if (!record.contains(*field)) {
        problems.add(path, line, *field, "missing (rename with --field)");
        valid = false;
      } else if (!record[*field].is_string()) {
        problems.add(path, line, *field,
                     fmt::format("expected a string, got {}", record[*field].type_name()));
        valid = false;
      }
    }
    if (!valid) continue;
    pipeline::GeneratedItem item;
    const auto& id = fields.common.id;
    // As the agreement study reads ids (label_source.cpp): a string, or an integer as written.
    if (record.contains(id) && record[id].is_string()) {
      item.id = record[id].get<std::string>();
    } else if (record.contains(id) && record[id].is_number_integer()) {
      item.id = record[id].dump();
    } else {
      item.id = fmt::format("#{}", items.size() + 1);
    }
    item.conversation.push_back({llm::Role::user, record[fields.prompt].get<std::string>()});
    item.candidates.push_back(answer(record, fields.common.response_a, fields.model_a));
    item.candidates.push_back(answer(record, fields.common.response_b, fields.model_b));
    items.push_back(std::move(item));
  }
  problems.throw_if_any();
  if (items.empty()) throw InputError(Diagnostic{path, 0, "", "no labelled pairs found"});
  return items;
}

}  // namespace pogen::eval
