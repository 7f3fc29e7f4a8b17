#include "eval/item_matching.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "core/diagnostics.hpp"

namespace pogen::eval {
namespace {

using IdIndex = std::unordered_map<std::string, std::size_t>;

IdIndex index_ids(const LabelSource& source, Diagnostics& problems) {
  IdIndex index;
  for (std::size_t i = 0; i < source.items.size(); ++i) {
    const SourceItem& item = source.items[i];
    const auto [it, inserted] = index.emplace(*item.id, i);
    if (!inserted) {
      problems.add(source.spec.path, item.line, "",
                   fmt::format("duplicate id \"{}\" (first on line {})", *item.id,
                               source.items[it->second].line));
    }
  }
  return index;
}

// Ids in `from` that `to` lacks: one diagnostic naming the first and how many there are.
void report_missing(const LabelSource& from, const IdIndex& to_index, const LabelSource& to,
                    Diagnostics& problems) {
  std::size_t missing = 0;
  const SourceItem* first = nullptr;
  for (const SourceItem& item : from.items) {
    if (to_index.contains(*item.id)) continue;
    if (!first) first = &item;
    ++missing;
  }
  if (!first) return;
  problems.add(
      to.spec.path, 0, "",
      fmt::format("no item with id \"{}\" ({}:{}){}", *first->id, from.spec.path, first->line,
                  missing > 1 ? fmt::format(", and {} more ids of that file", missing - 1)
                              : std::string()));
}

MatchedItems match_by_id(std::span<const LabelSource> sources) {
  Diagnostics problems;
  std::vector<IdIndex> indexes;
  for (const LabelSource& source : sources) indexes.push_back(index_ids(source, problems));
  problems.throw_if_any();
  for (std::size_t s = 1; s < sources.size(); ++s) {
    report_missing(sources[0], indexes[s], sources[s], problems);
    report_missing(sources[s], indexes[0], sources[0], problems);
  }
  problems.throw_if_any();
  MatchedItems matched;
  matched.by_id = true;
  for (const SourceItem& item : sources[0].items) {
    std::vector<std::size_t> row;
    for (const IdIndex& index : indexes) row.push_back(index.at(*item.id));
    matched.rows.push_back(std::move(row));
  }
  return matched;
}

MatchedItems match_by_position(std::span<const LabelSource> sources) {
  Diagnostics problems;
  for (const LabelSource& source : sources) {
    if (source.items.size() == sources[0].items.size()) continue;
    problems.add(source.spec.path, 0, "",
                 fmt::format("{} records, but {} has {}: matching by position needs the same "
                             "items in the same order",
                             source.items.size(), sources[0].spec.path, sources[0].items.size()));
  }
  problems.throw_if_any();
  MatchedItems matched;
  for (std::size_t i = 0; i < sources[0].items.size(); ++i) {
    matched.rows.emplace_back(sources.size(), i);
  }
  return matched;
}

}  // namespace

MatchedItems match_items(std::span<const LabelSource> sources, bool by_position) {
  std::size_t with_ids = 0;
  for (const LabelSource& source : sources) with_ids += source.has_ids ? 1 : 0;
  if (by_position || with_ids == 0) return match_by_position(sources);
  if (with_ids == sources.size()) return match_by_id(sources);
  Diagnostics problems;
  for (const LabelSource& source : sources) {
    if (source.has_ids) continue;
    problems.add(source.spec.path, 0, "",
                 "no id field while other files have one: give --by-position to match items by "
                 "their order, or --field id=NAME to name the id field");
  }
  throw InputError(problems.items());
}

}  // namespace pogen::eval
