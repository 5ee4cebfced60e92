#include "algorithms/resolve/evaluate.h"

#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// Products of pair counts reach n^4 / 4, past 2^64 from about 10^5 items.
__extension__ typedef __int128 Wide;

std::uint64_t Pairs(std::uint64_t k) { return k < 2 ? 0 : k * (k - 1) / 2; }

// The contingency table seen from one side: `outer` labels the clusters, `inner` the other
// partition's clusters they are cut into.
struct Margin {
  std::uint64_t clusters = 0;
  std::uint64_t pairs = 0;       // sum over outer clusters of C(size, 2)
  std::uint64_t cell_pairs = 0;  // sum over cells of C(n_ij, 2): the true-positive pairs
  double bcubed_sum = 0.0;       // sum over outer clusters of (sum of n_ij^2) / size
};

Margin ScanMargin(std::span<const std::uint32_t> outer, std::span<const std::uint32_t> inner) {
  const std::size_t n = outer.size();
  std::vector<std::uint64_t> keys(n);
  parallel::For(0, n, parallel::kGrainCoarse,
                [&](std::size_t k) { keys[k] = (std::uint64_t{outer[k]} << 32) | inner[k]; });
  // Equal keys are indistinguishable, so the parallel sort's order is fully determined; the
  // serial scan below then adds the doubles in label order at any thread count.
  parallel::Sort(keys.begin(), keys.end());
  Margin margin;
  for (std::size_t i = 0; i < n;) {
    const std::uint64_t cluster = keys[i] >> 32;
    std::uint64_t size = 0;
    std::uint64_t squares = 0;  // sum of n_ij^2 over the cluster's cells
    std::size_t j = i;
    while (j < n && (keys[j] >> 32) == cluster) {
      std::size_t k = j + 1;
      while (k < n && keys[k] == keys[j]) ++k;
      const std::uint64_t cell = k - j;
      size += cell;
      squares += cell * cell;
      margin.cell_pairs += Pairs(cell);
      j = k;
    }
    ++margin.clusters;
    margin.pairs += Pairs(size);
    margin.bcubed_sum += static_cast<double>(squares) / static_cast<double>(size);
    i = j;
  }
  return margin;
}

double Ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
}

double F1(double precision, double recall) {
  return precision + recall == 0.0 ? 0.0 : 2.0 * precision * recall / (precision + recall);
}

}  // namespace

ClusteringEvaluation EvaluateClustering(std::span<const std::uint32_t> predicted,
                                        std::span<const std::uint32_t> truth) {
  if (predicted.size() != truth.size()) {
    throw InternalError("EvaluateClustering: " + std::to_string(predicted.size()) +
                        " predicted labels but " + std::to_string(truth.size()) + " true ones");
  }
  ClusteringEvaluation result;
  const std::uint64_t n = predicted.size();
  result.items = n;
  if (n == 0) return result;

  const Margin by_predicted = ScanMargin(predicted, truth);
  const Margin by_truth = ScanMargin(truth, predicted);
  if (by_predicted.cell_pairs != by_truth.cell_pairs) {
    throw InternalError("EvaluateClustering: the two views of the contingency table disagree");
  }
  result.predicted_clusters = by_predicted.clusters;
  result.truth_clusters = by_truth.clusters;
  result.predicted_pairs = by_predicted.pairs;
  result.true_pairs = by_truth.pairs;
  result.true_positive_pairs = by_predicted.cell_pairs;

  result.pairwise_precision = Ratio(result.true_positive_pairs, result.predicted_pairs);
  result.pairwise_recall = Ratio(result.true_positive_pairs, result.true_pairs);
  result.pairwise_f1 = F1(result.pairwise_precision, result.pairwise_recall);
  result.bcubed_precision = by_predicted.bcubed_sum / static_cast<double>(n);
  result.bcubed_recall = by_truth.bcubed_sum / static_cast<double>(n);
  result.bcubed_f1 = F1(result.bcubed_precision, result.bcubed_recall);

  const Wide all = Pairs(n);
  const Wide p = result.predicted_pairs;
  const Wide t = result.true_pairs;
  const Wide tp = result.true_positive_pairs;
  const Wide denominator = t * (all - p) + p * (all - t);
  result.adjusted_rand_index = denominator == 0 ? 1.0
                                                : static_cast<double>(2 * (tp * all - p * t)) /
                                                      static_cast<double>(denominator);
  return result;
}

}  // namespace corridor
