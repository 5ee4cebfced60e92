#pragma once
// How well a predicted clustering of records matches the true one: the scores entity
// resolution is judged by.
//
// Pairwise precision, recall and F1 count pairs of items put together (Menestrina, Whang and
// Garcia-Molina 2010, "Evaluating entity resolution results"): precision is the share of
// predicted same-cluster pairs that are true, recall the share of true pairs predicted. They
// weigh a cluster of size k by k(k-1)/2, so big clusters dominate.
// B-cubed (Bagga and Baldwin 1998, "Algorithms for scoring coreference chains"; Amigo et al.
// 2009 on why it is the measure of choice) averages over items instead: an item's precision is
// the share of its predicted cluster that truly belongs with it, its recall the share of its
// true cluster that was found with it.
// The adjusted Rand index (Hubert and Arabie 1985, "Comparing partitions") is the pair
// agreement corrected for chance: 1 for identical partitions, about 0 for an unrelated one
// (putting everything in one cluster scores exactly 0), negative when worse than chance.
//
// Method: every score is a function of the contingency table n_ij (items in predicted cluster
// i and true cluster j) and its margins a_i, b_j, never of the pairs themselves. Sorting the
// (predicted, true) label pairs lists the nonzero cells grouped by predicted cluster; sorting
// (true, predicted) groups them by true cluster. Then
//   true-positive pairs = sum_ij C(n_ij, 2), predicted pairs = sum_i C(a_i, 2),
//   true pairs = sum_j C(b_j, 2),
//   B-cubed precision = (1/n) sum_i (sum_j n_ij^2) / a_i, recall the same with b_j,
//   ARI = 2 (tp N - P T) / (T (N - P) + P (N - T)), N = C(n, 2), P and T the predicted and
//   true pairs (the pair-confusion form of Hubert-Arabie), in exact 128-bit integers up to
//   the last division.
// O(n log n) time for the two sorts (parallel), O(n) extra memory. Labels are any uint32
// values, not necessarily dense; only equality matters, so scores do not change under
// relabelling, and swapping the arguments swaps precision with recall.
//
// Conventions where a ratio has a zero denominator, chosen so that making no claim is never
// penalised as a wrong claim: with no predicted pairs (all singletons) pairwise precision is
// 1, with no true pairs pairwise recall is 1 (B-cubed gives the same values there by its own
// arithmetic); an F1 whose precision and recall are both 0 is 0. ARI's denominator is zero
// only when both partitions are all singletons, both are one cluster, or n < 2, and in each
// case the partitions are identical, so ARI is 1. No items at all scores 1 everywhere.

#include <cstdint>
#include <span>

namespace corridor {

struct ClusteringEvaluation {
  std::uint64_t items = 0;
  std::uint64_t predicted_clusters = 0;
  std::uint64_t truth_clusters = 0;
  std::uint64_t predicted_pairs = 0;      // pairs sharing a predicted cluster
  std::uint64_t true_pairs = 0;           // pairs sharing a true cluster
  std::uint64_t true_positive_pairs = 0;  // pairs sharing both

  double pairwise_precision = 1.0;
  double pairwise_recall = 1.0;
  double pairwise_f1 = 1.0;
  double bcubed_precision = 1.0;
  double bcubed_recall = 1.0;
  double bcubed_f1 = 1.0;
  double adjusted_rand_index = 1.0;
};

// predicted[k] and truth[k] are the cluster labels of item k. Throws InternalError if the
// spans differ in length (a caller bug: the items must be joined first).
ClusteringEvaluation EvaluateClustering(std::span<const std::uint32_t> predicted,
                                        std::span<const std::uint32_t> truth);

}  // namespace corridor
