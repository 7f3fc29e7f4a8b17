#include "metrics/juror_agreement.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include "metrics/agreement.hpp"

namespace pogen::metrics {
namespace {

// Jurors per item, the same on every item; throws otherwise. 0 when there is no item.
std::size_t jurors_per_item(JuryRatings ratings, const char* caller) {
  if (ratings.empty()) return 0;
  const std::size_t jurors = ratings.front().size();
  if (jurors < 2) {
    throw std::invalid_argument(std::string(caller) + ": need at least 2 jurors per item, got " +
                                std::to_string(jurors));
  }
  for (std::size_t item = 0; item < ratings.size(); ++item) {
    if (ratings[item].size() != jurors) {
      throw std::invalid_argument(std::string(caller) + ": item " + std::to_string(item) + " has " +
                                  std::to_string(ratings[item].size()) + " verdicts, item 0 has " +
                                  std::to_string(jurors));
    }
  }
  return jurors;
}

}  // namespace

std::optional<double> fleiss_kappa(JuryRatings ratings) {
  const std::size_t jurors = jurors_per_item(ratings, "fleiss_kappa");
  if (jurors == 0) return std::nullopt;
  // Sums of integers, divided once at the end, so that Pe == 1 is detected exactly.
  std::array<std::size_t, 3> class_totals{};
  std::size_t agreeing_pairs = 0;  // ordered pairs of distinct jurors that agree, all items
  for (const std::vector<Verdict>& votes : ratings) {
    std::array<std::size_t, 3> counts{};
    for (Verdict vote : votes) ++counts[verdict_index(vote)];
    for (std::size_t c = 0; c < counts.size(); ++c) {
      if (counts[c] > 0) agreeing_pairs += counts[c] * (counts[c] - 1);
      class_totals[c] += counts[c];
    }
  }
  const std::size_t all_votes = ratings.size() * jurors;
  std::size_t squared_totals = 0;
  for (std::size_t total : class_totals) squared_totals += total * total;
  if (squared_totals == all_votes * all_votes) return std::nullopt;
  const double items = static_cast<double>(ratings.size());
  const double m = static_cast<double>(jurors);
  const double observed = static_cast<double>(agreeing_pairs) / (items * m * (m - 1));
  const double votes = static_cast<double>(all_votes);
  const double chance = static_cast<double>(squared_totals) / (votes * votes);
  return (observed - chance) / (1.0 - chance);
}

PairwiseKappa mean_pairwise_cohen_kappa(JuryRatings ratings) {
  const std::size_t jurors = jurors_per_item(ratings, "mean_pairwise_cohen_kappa");
  PairwiseKappa result;
  double sum = 0;
  std::size_t defined = 0;
  for (std::size_t first = 0; first < jurors; ++first) {
    for (std::size_t second = first + 1; second < jurors; ++second) {
      ConfusionMatrix matrix;
      for (const std::vector<Verdict>& votes : ratings) matrix.add(votes[first], votes[second]);
      ++result.pairs;
      if (const std::optional<double> kappa = cohen_kappa(matrix)) {
        sum += *kappa;
        ++defined;
      } else {
        ++result.undefined;
      }
    }
  }
  if (defined > 0) result.mean = sum / static_cast<double>(defined);
  return result;
}

}  // namespace pogen::metrics
