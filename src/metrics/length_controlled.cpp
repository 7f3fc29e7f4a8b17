#include "metrics/length_controlled.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace pogen::metrics {
namespace {

double outcome_value(MatchResult result) {
  switch (result) {
    case MatchResult::win:
      return 1;
    case MatchResult::loss:
      return 0;
    case MatchResult::tie:
      break;
  }
  return 0.5;
}

double sigmoid(double eta) {
  if (eta >= 0) return 1 / (1 + std::exp(-eta));
  const double e = std::exp(eta);
  return e / (1 + e);
}

// log sigmoid(eta), without overflow for large |eta|.
double log_sigmoid(double eta) {
  return eta >= 0 ? -std::log1p(std::exp(-eta)) : eta - std::log1p(std::exp(eta));
}

struct Data {
  std::vector<double> x;
  std::vector<double> y;
};

double penalised_log_likelihood(const Data& d, double b0, double b1, double ridge) {
  double sum = 0;
  for (std::size_t i = 0; i < d.x.size(); ++i) {
    const double eta = b0 + b1 * d.x[i];
    // log(1 - sigmoid(eta)) = log sigmoid(-eta)
    sum += d.y[i] * log_sigmoid(eta) + (1 - d.y[i]) * log_sigmoid(-eta);
  }
  return sum - ridge / 2 * b1 * b1;
}

struct Newton {
  bool converged = false;
  double b0 = 0;
  double b1 = 0;
  int iterations = 0;
};

Newton newton(const Data& d, double ridge) {
  Newton out;
  double current = penalised_log_likelihood(d, 0, 0, ridge);
  for (out.iterations = 1; out.iterations <= kLcMaxIterations; ++out.iterations) {
    double g0 = 0, g1 = -ridge * out.b1, h00 = 0, h01 = 0, h11 = ridge;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
      const double p = sigmoid(out.b0 + out.b1 * d.x[i]);
      const double w = p * (1 - p);
      g0 += d.y[i] - p;
      g1 += (d.y[i] - p) * d.x[i];
      h00 += w;
      h01 += w * d.x[i];
      h11 += w * d.x[i] * d.x[i];
    }
    const double det = h00 * h11 - h01 * h01;
    if (!(det > 1e-300)) return out;  // saturated: every p is 0 or 1
    double step0 = (h11 * g0 - h01 * g1) / det;
    double step1 = (h00 * g1 - h01 * g0) / det;
    // The log-likelihood is concave, so a full step rarely overshoots; when it does, halve it.
    double next = penalised_log_likelihood(d, out.b0 + step0, out.b1 + step1, ridge);
    for (int halvings = 0; next < current && halvings < 30; ++halvings) {
      step0 /= 2;
      step1 /= 2;
      next = penalised_log_likelihood(d, out.b0 + step0, out.b1 + step1, ridge);
    }
    out.b0 += step0;
    out.b1 += step1;
    current = next;
    if (std::abs(out.b0) > kLcSeparationBound || std::abs(out.b1) > kLcSeparationBound) {
      return out;
    }
    if (std::abs(step0) < kLcTolerance && std::abs(step1) < kLcTolerance) {
      out.converged = true;
      return out;
    }
  }
  out.iterations = kLcMaxIterations;
  return out;
}

std::optional<double> sample_sd(const std::vector<double>& values) {
  if (values.size() < 2) return std::nullopt;
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

std::optional<double> logit(double p) {
  if (p <= 0 || p >= 1) return std::nullopt;
  return std::log(p / (1 - p));
}

}  // namespace

LengthControlledFit length_controlled_win_rate(std::span<const LengthOutcome> outcomes) {
  LengthControlledFit out;
  out.n = outcomes.size();
  if (outcomes.empty()) {
    out.reason = "no compared prompts";
    return out;
  }
  Data d;
  std::vector<double> differences;
  double total = 0;
  for (const LengthOutcome& o : outcomes) {
    differences.push_back(static_cast<double>(o.length_a) - static_cast<double>(o.length_b));
    d.y.push_back(outcome_value(o.result));
    total += d.y.back();
  }
  const double plain = total / static_cast<double>(outcomes.size());
  out.scale = sample_sd(differences);
  if (!out.scale || *out.scale == 0) {
    out.fit = LcFit::no_length_variation;
    out.value = plain;
    out.b0 = logit(plain);
    return out;
  }
  const bool all_wins = std::all_of(d.y.begin(), d.y.end(), [](double y) { return y == 1; });
  const bool all_losses = std::all_of(d.y.begin(), d.y.end(), [](double y) { return y == 0; });
  if (all_wins || all_losses) {
    out.fit = LcFit::constant_outcome;
    out.value = plain;
    return out;
  }
  for (double difference : differences) d.x.push_back(std::tanh(difference / *out.scale));
  Newton fit = newton(d, 0);
  out.fit = LcFit::maximum_likelihood;
  if (!fit.converged) {
    fit = newton(d, kLcRidge);
    out.fit = LcFit::ridge;
  }
  out.iterations = fit.iterations;
  if (!fit.converged) {
    out.fit.reset();
    out.reason = "the logistic fit did not converge";
    return out;
  }
  out.b0 = fit.b0;
  out.b1 = fit.b1;
  out.value = sigmoid(fit.b0);
  return out;
}

LengthControlledReport length_controlled_report(std::span<const LengthOutcome> outcomes,
                                                const BootstrapOptions& options) {
  std::vector<std::optional<double>> estimates;
  estimates.reserve(options.resamples);
  std::vector<LengthOutcome> resample(outcomes.size());
  for_each_resample(outcomes.size(), options, [&](std::span<const std::size_t> indices) {
    for (std::size_t i = 0; i < indices.size(); ++i) resample[i] = outcomes[indices[i]];
    estimates.push_back(length_controlled_win_rate(resample).value);
  });
  return {length_controlled_win_rate(outcomes), percentile_interval(estimates)};
}

}  // namespace pogen::metrics
