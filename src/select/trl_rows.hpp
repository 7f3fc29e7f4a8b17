#pragma once
// DPO and KTO rows in the dataset formats of Hugging Face TRL (docs/output-formats.md), read by
// DPOTrainer and KTOTrainer as they are.
//
// conversational (explicit prompt, TRL's recommended form):
//   DPO {"prompt_id": s, "prompt": [messages], "chosen": [{"role":"assistant","content":s}],
//        "rejected": [{"role":"assistant","content":s}]}
//   KTO {"prompt_id": s, "prompt": [messages], "completion": [{"role":"assistant",...}],
//        "label": true|false}
//   "prompt" is the whole conversation, system turns included, ending with a user turn.
// standard: the same keys with plain strings: "prompt" is the user text, the completions are
//   the answers' text. Only a prompt of exactly one user turn can be written this way.
// Keys come out sorted (nlohmann::json), so a row's bytes depend on its content only.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat.hpp"
#include "core/enum_names.hpp"

namespace pogen::pipeline {

enum class RowFormat { conversational, standard };
inline constexpr EnumNames<RowFormat, 2> kRowFormatNames{
    {{{RowFormat::conversational, "conversational"}, {RowFormat::standard, "standard"}}}};
constexpr const auto& enum_names(RowFormat) { return kRowFormatNames; }
// "conversational", "standard".

// Both throw std::invalid_argument, with the problem as message, when the row cannot be written:
// a standard row for a prompt with a system turn or more than one turn, or any problem
// check_dpo_row / check_kto_row would report. The caller rejects that item (rejects.jsonl).
nlohmann::json dpo_row(const std::string& prompt_id, const std::vector<llm::Message>& prompt,
                       const std::string& chosen, const std::string& rejected, RowFormat format);
nlohmann::json kto_row(const std::string& prompt_id, const std::vector<llm::Message>& prompt,
                       const std::string& completion, bool label, RowFormat format);

// The first problem found in a row (keys checked in the order prompt_id, prompt, completions,
// label), or nullopt when TRL can read it. Every text must be non-empty (whitespace alone counts
// as empty); chosen and rejected must differ once whitespace is normalized (normalize_whitespace
// in selection.hpp). Keys beyond the required ones, in rows and in messages, are allowed.
std::optional<std::string> check_dpo_row(const nlohmann::json& row, RowFormat format);
std::optional<std::string> check_kto_row(const nlohmann::json& row, RowFormat format);

}  // namespace pogen::pipeline
