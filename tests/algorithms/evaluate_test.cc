#include "algorithms/resolve/evaluate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

using Labels = std::vector<std::uint32_t>;

void ExpectAllOnes(const ClusteringEvaluation& e) {
  EXPECT_DOUBLE_EQ(e.pairwise_precision, 1.0);
  EXPECT_DOUBLE_EQ(e.pairwise_recall, 1.0);
  EXPECT_DOUBLE_EQ(e.pairwise_f1, 1.0);
  EXPECT_DOUBLE_EQ(e.bcubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(e.bcubed_recall, 1.0);
  EXPECT_DOUBLE_EQ(e.bcubed_f1, 1.0);
  EXPECT_DOUBLE_EQ(e.adjusted_rand_index, 1.0);
}

// Items 0..4.  truth:     {0 1 2} {3 4}      (a a a b b)
//              predicted: {0 1} {2 3 4}      (x x y y y)
// Contingency (rows predicted, columns truth):   a  b
//                                            x   2  0
//                                            y   1  2
// Pairs: true positive C(2,2) + C(1,2) + C(2,2) = 2 ({0,1}, {3,4});
// predicted C(2,2) + C(3,2) = 4; true C(3,2) + C(2,2) = 4; all pairs C(5,2) = 10.
// Pairwise: precision 2/4, recall 2/4, F1 1/2.
// B-cubed precision, per item |predicted cluster ∩ true cluster| / |predicted cluster|:
//   0: 2/2, 1: 2/2, 2: 1/3, 3: 2/3, 4: 2/3 -> (11/3) / 5 = 11/15.
// B-cubed recall, per item the same over |true cluster|:
//   0: 2/3, 1: 2/3, 2: 1/3, 3: 2/2, 4: 2/2 -> (11/3) / 5 = 11/15; F1 11/15.
// ARI: expected index 4 * 4 / 10 = 1.6, maximum (4 + 4) / 2 = 4:
//   (2 - 1.6) / (4 - 1.6) = 1/6.
TEST(EvaluateClustering, HandComputedFiveItems) {
  const Labels truth = {0, 0, 0, 1, 1};
  const Labels predicted = {7, 7, 9, 9, 9};
  const ClusteringEvaluation e = EvaluateClustering(predicted, truth);
  EXPECT_EQ(e.items, 5u);
  EXPECT_EQ(e.predicted_clusters, 2u);
  EXPECT_EQ(e.truth_clusters, 2u);
  EXPECT_EQ(e.true_positive_pairs, 2u);
  EXPECT_EQ(e.predicted_pairs, 4u);
  EXPECT_EQ(e.true_pairs, 4u);
  EXPECT_DOUBLE_EQ(e.pairwise_precision, 0.5);
  EXPECT_DOUBLE_EQ(e.pairwise_recall, 0.5);
  EXPECT_DOUBLE_EQ(e.pairwise_f1, 0.5);
  EXPECT_DOUBLE_EQ(e.bcubed_precision, 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(e.bcubed_recall, 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(e.bcubed_f1, 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(e.adjusted_rand_index, 1.0 / 6.0);
}

// Items 0..6.  truth:     {0 1 2 3} {4 5} {6}
//              predicted: {0 1} {2 3 4 5 6}
// Contingency:      t0 t1 t2
//              p0    2  0  0
//              p1    2  2  1
// Pairs: true positive C(2,2) + C(2,2) + C(2,2) = 3; predicted C(2,2) + C(5,2) = 11;
// true C(4,2) + C(2,2) = 7; all C(7,2) = 21.
// Pairwise: precision 3/11, recall 3/7, F1 2 * 3 / (11 + 7) = 1/3.
// B-cubed precision: items 0, 1: 2/2; items 2..5: 2/5; item 6: 1/5
//   -> (2 + 8/5 + 1/5) / 7 = (19/5) / 7 = 19/35.
// B-cubed recall: items 0..3: 2/4; items 4, 5: 2/2; item 6: 1/1 -> (2 + 2 + 1) / 7 = 5/7.
// F1 = 2 * (19/35) * (25/35) / (44/35) = 950 / 1540 = 95/154.
// ARI = 2 (tp N - P T) / (T (N - P) + P (N - T)) = 2 (63 - 77) / (7 * 10 + 11 * 14)
//     = -28 / 224 = -1/8.
TEST(EvaluateClustering, HandComputedSevenItemsWithNegativeAri) {
  const Labels truth = {0, 0, 0, 0, 1, 1, 2};
  const Labels predicted = {5, 5, 6, 6, 6, 6, 6};
  const ClusteringEvaluation e = EvaluateClustering(predicted, truth);
  EXPECT_EQ(e.true_positive_pairs, 3u);
  EXPECT_EQ(e.predicted_pairs, 11u);
  EXPECT_EQ(e.true_pairs, 7u);
  EXPECT_EQ(e.predicted_clusters, 2u);
  EXPECT_EQ(e.truth_clusters, 3u);
  EXPECT_DOUBLE_EQ(e.pairwise_precision, 3.0 / 11.0);
  EXPECT_DOUBLE_EQ(e.pairwise_recall, 3.0 / 7.0);
  EXPECT_DOUBLE_EQ(e.pairwise_f1, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(e.bcubed_precision, 19.0 / 35.0);
  EXPECT_DOUBLE_EQ(e.bcubed_recall, 5.0 / 7.0);
  EXPECT_DOUBLE_EQ(e.bcubed_f1, 95.0 / 154.0);
  EXPECT_DOUBLE_EQ(e.adjusted_rand_index, -1.0 / 8.0);
}

// truth {a a b b}, predicted {x y x y}: every predicted pair is wrong and every true pair
// missed. Pairwise 0 everywhere; B-cubed: each item's clusters overlap in itself only, 1/2;
// ARI 2 (0 * 6 - 2 * 2) / (2 * 4 + 2 * 4) = -1/2.
TEST(EvaluateClustering, CrossedPartitions) {
  const ClusteringEvaluation e = EvaluateClustering(Labels{0, 1, 0, 1}, Labels{0, 0, 1, 1});
  EXPECT_EQ(e.true_positive_pairs, 0u);
  EXPECT_DOUBLE_EQ(e.pairwise_precision, 0.0);
  EXPECT_DOUBLE_EQ(e.pairwise_recall, 0.0);
  EXPECT_DOUBLE_EQ(e.pairwise_f1, 0.0);
  EXPECT_DOUBLE_EQ(e.bcubed_precision, 0.5);
  EXPECT_DOUBLE_EQ(e.bcubed_recall, 0.5);
  EXPECT_DOUBLE_EQ(e.bcubed_f1, 0.5);
  EXPECT_DOUBLE_EQ(e.adjusted_rand_index, -0.5);
}

// truth {a a a b b b}, everything predicted as one cluster: all 6 true pairs found among 15
// predicted. Pairwise precision 6/15, recall 1, F1 2 * 0.4 / 1.4 = 4/7; B-cubed precision
// 3/6 for every item, recall 1, F1 2/3; ARI 2 (6 * 15 - 15 * 6) / ... = 0 exactly.
TEST(EvaluateClustering, OneBigClusterScoresZeroAri) {
  const ClusteringEvaluation e = EvaluateClustering(Labels(6, 3), Labels{0, 0, 0, 1, 1, 1});
  EXPECT_DOUBLE_EQ(e.pairwise_precision, 0.4);
  EXPECT_DOUBLE_EQ(e.pairwise_recall, 1.0);
  EXPECT_DOUBLE_EQ(e.pairwise_f1, 4.0 / 7.0);
  EXPECT_DOUBLE_EQ(e.bcubed_precision, 0.5);
  EXPECT_DOUBLE_EQ(e.bcubed_recall, 1.0);
  EXPECT_DOUBLE_EQ(e.bcubed_f1, 2.0 / 3.0);
  EXPECT_EQ(e.adjusted_rand_index, 0.0);
}

TEST(EvaluateClustering, IdenticalPartitionsScoreOneUpToRelabelling) {
  const ClusteringEvaluation e =
      EvaluateClustering(Labels{40, 40, 2, 2, 2, 17}, Labels{1, 1, 0, 0, 0, 9});
  ExpectAllOnes(e);
  EXPECT_EQ(e.predicted_pairs, 4u);
  EXPECT_EQ(e.true_positive_pairs, 4u);
  EXPECT_EQ(e.predicted_clusters, 3u);
}

// The zero-denominator cases: no pairs anywhere, one cluster on both sides, one item, none.
TEST(EvaluateClustering, DegeneratePartitionsThatAgreeScoreOne) {
  ExpectAllOnes(EvaluateClustering(Labels{0, 1, 2, 3}, Labels{7, 6, 5, 4}));
  ExpectAllOnes(EvaluateClustering(Labels(5, 1), Labels(5, 8)));
  ExpectAllOnes(EvaluateClustering(Labels{3}, Labels{4}));
  const ClusteringEvaluation none = EvaluateClustering(Labels{}, Labels{});
  EXPECT_EQ(none.items, 0u);
  EXPECT_EQ(none.predicted_clusters, 0u);
  ExpectAllOnes(none);
}

// truth {a a b b}, all singletons predicted: no link claimed, so no wrong link (precision 1
// by convention for pairwise, by arithmetic for B-cubed), but both true pairs missed.
// B-cubed recall 1/2 per item, F1 2/3; ARI 2 (0 - 0) / (2 * 6 + 0) = 0.
TEST(EvaluateClustering, AllSingletonsPredicted) {
  const ClusteringEvaluation e = EvaluateClustering(Labels{0, 1, 2, 3}, Labels{0, 0, 1, 1});
  EXPECT_EQ(e.predicted_pairs, 0u);
  EXPECT_DOUBLE_EQ(e.pairwise_precision, 1.0);
  EXPECT_DOUBLE_EQ(e.pairwise_recall, 0.0);
  EXPECT_DOUBLE_EQ(e.pairwise_f1, 0.0);
  EXPECT_DOUBLE_EQ(e.bcubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(e.bcubed_recall, 0.5);
  EXPECT_DOUBLE_EQ(e.bcubed_f1, 2.0 / 3.0);
  EXPECT_EQ(e.adjusted_rand_index, 0.0);
  // Swapped: the truth is all singletons, so nothing to find (recall 1) and both links wrong.
  const ClusteringEvaluation swapped = EvaluateClustering(Labels{0, 0, 1, 1}, Labels{0, 1, 2, 3});
  EXPECT_DOUBLE_EQ(swapped.pairwise_precision, 0.0);
  EXPECT_DOUBLE_EQ(swapped.pairwise_recall, 1.0);
  EXPECT_DOUBLE_EQ(swapped.bcubed_precision, 0.5);
  EXPECT_DOUBLE_EQ(swapped.bcubed_recall, 1.0);
}

TEST(EvaluateClustering, MismatchedLengthsAreACallerBug) {
  EXPECT_THROW(EvaluateClustering(Labels{1, 2}, Labels{1}), InternalError);
}

// The definitions applied literally, over every pair and every item: O(n^2), the oracle.
ClusteringEvaluation BruteForce(const Labels& predicted, const Labels& truth) {
  ClusteringEvaluation e;
  const std::size_t n = truth.size();
  e.items = n;
  double bcubed_p = 0;
  double bcubed_r = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t same_p = 0;
    std::uint64_t same_t = 0;
    std::uint64_t same_both = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const bool p = predicted[i] == predicted[j];
      const bool t = truth[i] == truth[j];
      same_p += p;
      same_t += t;
      same_both += p && t;
      if (j > i) {
        e.predicted_pairs += p;
        e.true_pairs += t;
        e.true_positive_pairs += p && t;
      }
    }
    bcubed_p += static_cast<double>(same_both) / static_cast<double>(same_p);
    bcubed_r += static_cast<double>(same_both) / static_cast<double>(same_t);
  }
  Labels sorted = predicted;
  std::sort(sorted.begin(), sorted.end());
  e.predicted_clusters =
      static_cast<std::uint64_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
  sorted = truth;
  std::sort(sorted.begin(), sorted.end());
  e.truth_clusters =
      static_cast<std::uint64_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
  e.bcubed_precision = bcubed_p / static_cast<double>(n);
  e.bcubed_recall = bcubed_r / static_cast<double>(n);
  // Hubert and Arabie's own form: (index - expected) / (maximum - expected).
  const double all = static_cast<double>(n) * static_cast<double>(n - 1) / 2;
  const auto p = static_cast<double>(e.predicted_pairs);
  const auto t = static_cast<double>(e.true_pairs);
  const double expected = p * t / all;
  const double maximum = (p + t) / 2;
  e.adjusted_rand_index =
      maximum == expected
          ? 1.0
          : (static_cast<double>(e.true_positive_pairs) - expected) / (maximum - expected);
  return e;
}

TEST(EvaluateClustering, RandomLabellingsMatchTheDefinitionsAtAnyThreadCount) {
  for (const std::uint32_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const std::size_t n = 1 + rng() % 400;
    const std::uint32_t truth_k = 1 + rng() % 60;
    const std::uint32_t predicted_k = 1 + rng() % 60;
    Labels truth(n);
    Labels predicted(n);
    for (std::size_t i = 0; i < n; ++i) {
      truth[i] = rng() % truth_k;
      // Mostly agree with the truth, so the scores are not all near zero.
      predicted[i] = rng() % 4 == 0 ? rng() % predicted_k : truth[i] * 1000003u;
    }
    const ClusteringEvaluation want = BruteForce(predicted, truth);
    for (const int threads : {1, 4}) {
      const parallel::ThreadLimit limit(threads);
      const ClusteringEvaluation got = EvaluateClustering(predicted, truth);
      EXPECT_EQ(got.items, want.items);
      EXPECT_EQ(got.predicted_clusters, want.predicted_clusters);
      EXPECT_EQ(got.truth_clusters, want.truth_clusters);
      EXPECT_EQ(got.predicted_pairs, want.predicted_pairs);
      EXPECT_EQ(got.true_pairs, want.true_pairs);
      EXPECT_EQ(got.true_positive_pairs, want.true_positive_pairs);
      EXPECT_NEAR(got.bcubed_precision, want.bcubed_precision, 1e-12);
      EXPECT_NEAR(got.bcubed_recall, want.bcubed_recall, 1e-12);
      EXPECT_NEAR(got.adjusted_rand_index, want.adjusted_rand_index, 1e-12);
      // Swapping the arguments swaps precision and recall; ARI is symmetric.
      const ClusteringEvaluation swapped = EvaluateClustering(truth, predicted);
      EXPECT_EQ(swapped.pairwise_precision, got.pairwise_recall);
      EXPECT_EQ(swapped.bcubed_precision, got.bcubed_recall);
      EXPECT_NEAR(swapped.adjusted_rand_index, got.adjusted_rand_index, 1e-15);
    }
  }
}

// Large enough that the ARI products pass 2^64 (pairs ~ 1.25e11, squared ~ 1.6e22): one
// cluster of 500,000 against the truth split in two halves. P = C(n,2), T = 2 C(n/2,2),
// tp = T, so ARI = 0 exactly; pairwise precision = T / P.
TEST(EvaluateClustering, LargeCountsDoNotOverflow) {
  const std::size_t n = 500000;
  Labels truth(n, 0);
  std::fill(truth.begin() + n / 2, truth.end(), 1);
  const ClusteringEvaluation e = EvaluateClustering(Labels(n, 0), truth);
  const std::uint64_t half = n / 2;
  EXPECT_EQ(e.predicted_pairs, std::uint64_t{n} * (n - 1) / 2);
  EXPECT_EQ(e.true_pairs, half * (half - 1));
  EXPECT_EQ(e.adjusted_rand_index, 0.0);
  EXPECT_DOUBLE_EQ(e.pairwise_precision,
                   static_cast<double>(half * (half - 1)) / (static_cast<double>(n) * (n - 1) / 2));
}

}  // namespace
}  // namespace corridor
