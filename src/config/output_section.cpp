// The `selection:`, `output:` and `prices:` sections of a run config (docs/config.md).

#include <string_view>
#include <vector>

#include "config/stage_sections.hpp"
#include "core/suggest.hpp"

namespace pogen::pipeline {
namespace {

// The selection keys a validate() problem names: validate() (select/) words each problem with
// the keys it is about, and the problem is reported at the last of them in the file.
std::vector<std::string_view> keys_named_in(std::string_view problem) {
  constexpr std::string_view kKeys[] = {"min_margin", "max_pairs_per_prompt", "kto_desirable_min",
                                        "kto_undesirable_max"};
  std::vector<std::string_view> named;
  for (std::string_view key : kKeys) {
    if (problem.find(key) != std::string_view::npos) named.push_back(key);
  }
  return named;
}

}  // namespace

void read_selection_section(io::MapReader& root, RunConfig& config) {
  root.with_map("selection", [&](io::MapReader& reader) {
    SelectionConfig& out = config.selection;
    if (auto mode = read_choice<PairMode>(reader, "mode", "mode")) out.mode = *mode;
    if (auto m = reader.number("min_margin", io::Range::between(0, 10))) out.min_margin = *m;
    if (auto n = reader.integer("max_pairs_per_prompt", io::Range::at_least(1))) {
      out.max_pairs_per_prompt = static_cast<int>(*n);
    }
    if (auto kto = read_choice<KtoLabeling>(reader, "kto", "KTO labeling")) out.kto = *kto;
    if (auto v = reader.number("kto_desirable_min", io::Range::between(0, 10))) {
      out.kto_desirable_min = *v;
    }
    if (auto v = reader.number("kto_undesirable_max", io::Range::between(0, 10))) {
      out.kto_undesirable_max = *v;
    }
    for (const auto& problem : validate(out)) {
      reader.report_spanning(keys_named_in(problem), problem);
    }
  });
}

void read_output_section(io::MapReader& root, RunConfig& config) {
  root.with_map("output", [&](io::MapReader& reader) {
    OutputConfig& out = config.output;
    if (auto format = read_choice<RowFormat>(reader, "format", "format")) out.format = *format;
    if (auto dpo = reader.boolean("dpo")) out.dpo = *dpo;
    if (auto kto = reader.boolean("kto")) out.kto = *kto;
  });
}

void read_prices_section(io::MapReader& root, RunConfig& config) {
  root.with_map("prices", [&](io::MapReader& reader) {
    for (auto& [name, value] : reader.take_all()) {
      check_endpoint_name(reader, value, name, config);
      io::MapReader price_reader(reader.context(), value);
      Price price;
      auto input =
          price_reader.number("input_per_million", io::Range::at_least(0), io::Presence::required);
      auto output =
          price_reader.number("output_per_million", io::Range::at_least(0), io::Presence::required);
      price_reader.finish();
      if (!input || !output) continue;
      price.input_per_million = *input;
      price.output_per_million = *output;
      config.prices[name] = price;
    }
  });
}

}  // namespace pogen::pipeline
