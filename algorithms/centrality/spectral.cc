// Spectral centralities: PageRank by power iteration, eigenvector centrality by restarted
// Lanczos (undirected) or power iteration (directed).
//
// PageRank: Brin & Page (1998), "The anatomy of a large-scale hypertextual Web search engine".
// Each step sets x'(v) = (1 - d)/n + d * D/n + d * sum over arcs u -> v of x(u) w(u,v) / s(u),
// where s(u) is u's out-strength and D the rank held by dangling nodes (s(u) = 0), which is
// spread uniformly, as networkx does. Eigenvector centrality: Bonacich (1972), "Factoring and
// weighting approaches to status scores and clique identification": the Perron vector of
// A + I, whose eigenvectors are A's and whose dominant eigenvalue is strictly dominant in
// modulus on a connected graph, so bipartite graphs converge instead of oscillating. A power
// step sets x'(v) = x(v) + sum over arcs u -> v of w(u,v) x(u) and rescales x' to unit norm;
// on undirected graphs, where A + I is symmetric, Lanczos cycles (RestartedLanczos) replace
// the steps, as hub-dominated networks leave the power method a tiny spectral gap.
//
// Products pull along in-arcs, so each node's new value is one sum in a fixed arc order written
// by one task; the global sums (dangling rank, norms, dot products, the change) are ordered
// reductions over fixed chunks, and the small projected eigenproblems are solved serially.
// Results are therefore bit-identical at any thread count. An undirected graph's in-arcs are
// its arcs; a directed graph's are gathered once into a transposed CSR. O(n + m) per product,
// plus O(n + m) memory for PageRank's per-arc transition probabilities and, for Lanczos, the
// basis of twelve vectors of n beside the product and the score.

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "algorithms/centrality/centrality.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// Per-node loops write one value each; the grain only sets task size.
constexpr std::size_t kGrain = parallel::kGrainMedium;

void RequireNonNegativeWeights(const CsrGraph& graph, const char* measure) {
  for (const double w : graph.weights()) {
    if (w < 0.0) {
      throw InvalidInput(
          "graph", std::string(measure) + " needs arc weights >= 0, found " + std::to_string(w));
    }
  }
}

// The graph with every arc reversed; in-lists come out sorted by source because sources are
// scattered in ascending order.
CsrGraph Transpose(const CsrGraph& graph) {
  const NodeId n = graph.num_nodes();
  std::vector<EdgeOffset> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (const NodeId target : graph.targets()) ++offsets[target + 1];
  for (NodeId v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<NodeId> sources(graph.num_arcs());
  std::vector<double> weights(graph.num_arcs());
  std::vector<EdgeOffset> cursor(offsets.begin(), offsets.end() - 1);
  for (NodeId u = 0; u < n; ++u) {
    const auto targets = graph.Neighbors(u);
    const auto arc_weights = graph.Weights(u);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      const EdgeOffset at = cursor[targets[k]]++;
      sources[at] = u;
      weights[at] = arc_weights[k];
    }
  }
  return CsrGraph::FromArrays(std::move(offsets), std::move(sources), std::move(weights),
                              graph.options());
}

double OrderedSum(std::size_t n, const auto& term) {
  return parallel::OrderedReduce(
      0, n, parallel::kGrainCoarse, 0.0,
      [&](std::size_t lo, std::size_t hi) {
        double sum = 0.0;
        for (std::size_t i = lo; i < hi; ++i) sum += term(i);
        return sum;
      },
      [](double a, double b) { return a + b; });
}

// Out-strength per node: summed weights, or the arc count when unweighted.
std::vector<double> OutStrength(const CsrGraph& graph, bool weighted) {
  std::vector<double> strength(graph.num_nodes(), 0.0);
  parallel::For(0, graph.num_nodes(), kGrain, [&](std::size_t u) {
    const auto weights = graph.Weights(static_cast<NodeId>(u));
    double sum = 0.0;
    for (const double w : weights) sum += weighted ? w : 1.0;
    strength[u] = sum;
  });
  return strength;
}

}  // namespace

PowerIteration PageRank(const CsrGraph& graph, const PageRankOptions& options) {
  if (options.weighted) RequireNonNegativeWeights(graph, "PageRank");
  if (!(options.damping >= 0.0 && options.damping <= 1.0)) {
    throw InvalidInput("PageRank", "damping must lie in [0, 1]");
  }
  const NodeId n = graph.num_nodes();
  PowerIteration result;
  result.score.assign(n, n == 0 ? 0.0 : 1.0 / n);
  if (n == 0) {
    result.converged = true;
    return result;
  }
  const std::vector<double> strength = OutStrength(graph, options.weighted);
  CsrGraph transposed;
  if (graph.directed()) transposed = Transpose(graph);
  const CsrGraph& in = graph.directed() ? transposed : graph;
  // Probability of each in-arc u -> v: w(u,v) / s(u), parallel to in.targets().
  std::vector<double> probability(in.num_arcs());
  parallel::For(0, n, kGrain, [&](std::size_t v) {
    const auto sources = in.Neighbors(static_cast<NodeId>(v));
    const auto weights = in.Weights(static_cast<NodeId>(v));
    const EdgeOffset first = in.offsets()[v];
    for (std::size_t k = 0; k < sources.size(); ++k) {
      const double s = strength[sources[k]];
      probability[first + k] = s > 0.0 ? (options.weighted ? weights[k] : 1.0) / s : 0.0;
    }
  });

  const double d = options.damping;
  std::vector<double> next(n);
  std::vector<double>& x = result.score;
  while (result.iterations < options.max_iterations) {
    ++result.iterations;
    const double dangling =
        OrderedSum(n, [&](std::size_t u) { return strength[u] > 0.0 ? 0.0 : x[u]; });
    const double base = (1.0 - d) / n + d * dangling / n;
    parallel::For(0, n, kGrain, [&](std::size_t v) {
      const auto sources = in.Neighbors(static_cast<NodeId>(v));
      const double* p = probability.data() + in.offsets()[v];
      double sum = 0.0;
      for (std::size_t k = 0; k < sources.size(); ++k) sum += p[k] * x[sources[k]];
      next[v] = base + d * sum;
    });
    const double change = OrderedSum(n, [&](std::size_t v) { return std::abs(next[v] - x[v]); });
    x.swap(next);
    if (change < options.tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

namespace {

// x(v) + sum over in-arcs u -> v of w(u, v) x(u): one step of A + I, a node per task.
void MultiplyShifted(const CsrGraph& in, bool weighted, const std::vector<double>& x,
                     std::vector<double>& out) {
  parallel::For(0, in.num_nodes(), kGrain, [&](std::size_t v) {
    const auto sources = in.Neighbors(static_cast<NodeId>(v));
    const auto weights = in.Weights(static_cast<NodeId>(v));
    double sum = x[v];
    for (std::size_t k = 0; k < sources.size(); ++k) {
      sum += (weighted ? weights[k] : 1.0) * x[sources[k]];
    }
    out[v] = sum;
  });
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  return OrderedSum(a.size(), [&](std::size_t v) { return a[v] * b[v]; });
}

// The L1 change one power step would make to the unit-norm x, given bx = (A + I) x and its
// norm: the convergence test of both methods, so a tolerance means the same for either.
double PowerStepChange(const std::vector<double>& x, const std::vector<double>& bx,
                       double bx_norm) {
  return OrderedSum(x.size(), [&](std::size_t v) { return std::abs(bx[v] / bx_norm - x[v]); });
}

// Power iteration, for directed graphs (A + I is not symmetric there).
void PowerMethod(const CsrGraph& in, const EigenvectorOptions& options, PowerIteration& result) {
  std::vector<double>& x = result.score;
  std::vector<double> next(x.size());
  while (result.iterations < options.max_iterations) {
    ++result.iterations;
    MultiplyShifted(in, options.weighted, x, next);
    const double norm = std::sqrt(Dot(next, next));
    const double change = PowerStepChange(x, next, norm);
    parallel::For(0, x.size(), kGrain, [&](std::size_t v) { next[v] /= norm; });
    x.swap(next);
    if (change < options.tolerance) {
      result.converged = true;
      break;
    }
  }
}

// Restarted Lanczos, for undirected graphs. Each cycle builds an orthonormal basis of the
// Krylov space of A + I from x (Gram-Schmidt twice against the whole basis, so no ghost copies
// of converged eigenvalues appear), takes the Ritz vector of the largest eigenvalue of the
// projected matrix, and restarts from it. Power iteration gains a factor (lambda2 + 1) /
// (lambda1 + 1) per product, which a hub-dominated projection brings close to 1 (0.985 on the
// generated 100k case: not converged after 1000 products); Lanczos gains roughly a Chebyshev
// polynomial's growth per cycle. In exact arithmetic the Ritz vector lies in the Krylov space
// of the start, so a component the start does not reach stays at 0 and tied components keep
// the start's proportions, as with the power method.
void RestartedLanczos(const CsrGraph& graph, const EigenvectorOptions& options,
                      PowerIteration& result) {
  // Basis vectors held at once: each is one double per node (about 57 MB on a 7M-person
  // projection), and twelve products per cycle already gain far more than twelve power steps.
  constexpr std::size_t kBasis = 12;
  const std::size_t n = graph.num_nodes();
  std::vector<double>& x = result.score;
  std::vector<std::vector<double>> basis(kBasis);
  std::vector<double> product(n);
  while (result.iterations < options.max_iterations) {
    basis[0] = x;
    Eigen::MatrixXd projected = Eigen::MatrixXd::Zero(kBasis, kBasis);
    std::size_t size = 0;
    for (; size < kBasis && result.iterations < options.max_iterations; ++size) {
      ++result.iterations;
      MultiplyShifted(graph, options.weighted, basis[size], product);
      if (size == 0 &&
          PowerStepChange(x, product, std::sqrt(Dot(product, product))) < options.tolerance) {
        result.converged = true;
        return;
      }
      for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 0; i <= size; ++i) {
          const double c = Dot(product, basis[i]);
          projected(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(size)) += c;
          parallel::For(0, n, kGrain, [&](std::size_t v) { product[v] -= c * basis[i][v]; });
        }
      }
      const double rest = std::sqrt(Dot(product, product));
      // Nothing left but rounding: the space is invariant (the start lies in a few
      // eigenvectors) and the Ritz vector exact. A small but real remainder is kept: near
      // convergence it is the direction that removes the last error.
      constexpr double kRounding = 1e-14;
      if (rest <= kRounding * std::abs(projected(static_cast<Eigen::Index>(size),
                                                 static_cast<Eigen::Index>(size)))) {
        ++size;
        break;
      }
      if (size + 1 == kBasis) continue;  // the cycle is full; its last direction is not needed
      projected(static_cast<Eigen::Index>(size + 1), static_cast<Eigen::Index>(size)) = rest;
      basis[size + 1].resize(n);
      parallel::For(0, n, kGrain, [&](std::size_t v) { basis[size + 1][v] = product[v] / rest; });
    }
    if (size == 1) {
      // One direction (the start was nearly invariant, or the products ran out): its Ritz
      // vector is the start itself, so take the power step instead, (A + I) x = h x + rest,
      // lest the cycle repeat without progress.
      const double h = projected(0, 0);
      parallel::For(0, n, kGrain, [&](std::size_t v) { product[v] += h * x[v]; });
      const double norm = std::sqrt(Dot(product, product));
      parallel::For(0, n, kGrain, [&](std::size_t v) { x[v] = product[v] / norm; });
      continue;
    }
    const auto m = static_cast<Eigen::Index>(size);
    const Eigen::MatrixXd square = projected.topLeftCorner(m, m);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver((square + square.transpose()) / 2);
    const Eigen::VectorXd ritz = solver.eigenvectors().col(m - 1);  // eigenvalues ascend
    parallel::For(0, n, kGrain, [&](std::size_t v) {
      double value = 0.0;
      for (Eigen::Index i = 0; i < m; ++i) value += ritz(i) * basis[static_cast<std::size_t>(i)][v];
      product[v] = value;
    });
    // The Perron vector is non-negative: choose its sign, and clear the small negative values
    // that rounding and the parts not yet converged leave where the answer tends to 0 (the
    // other components of a disconnected graph).
    const double sign = OrderedSum(n, [&](std::size_t v) { return product[v]; }) < 0.0 ? -1.0 : 1.0;
    parallel::For(0, n, kGrain,
                  [&](std::size_t v) { product[v] = std::max(0.0, sign * product[v]); });
    const double norm = std::sqrt(Dot(product, product));
    parallel::For(0, n, kGrain, [&](std::size_t v) { x[v] = product[v] / norm; });
  }
}

}  // namespace

PowerIteration EigenvectorCentrality(const CsrGraph& graph, const EigenvectorOptions& options) {
  if (options.weighted) RequireNonNegativeWeights(graph, "eigenvector centrality");
  const NodeId n = graph.num_nodes();
  PowerIteration result;
  result.score.assign(n, n == 0 ? 0.0 : 1.0 / std::sqrt(static_cast<double>(n)));
  if (n == 0) {
    result.converged = true;
    return result;
  }
  if (graph.directed()) {
    PowerMethod(Transpose(graph), options, result);
  } else {
    RestartedLanczos(graph, options, result);
  }
  if (options.scale == EigenvectorScale::kMaxOne) {
    const double largest = *std::max_element(result.score.begin(), result.score.end());
    for (double& value : result.score) value /= largest;
  }
  return result;
}

void VerifyPageRank(const CsrGraph& graph, const PageRankOptions& options,
                    std::span<const double> score, double tolerance) {
  const auto fail = [](const std::string& what) { throw InternalError("VerifyPageRank: " + what); };
  const NodeId n = graph.num_nodes();
  if (score.size() != n) fail("wrong result size");
  if (n == 0) return;
  double total = 0.0;
  for (NodeId v = 0; v < n; ++v) {
    if (!(score[v] >= 0.0)) fail("node " + std::to_string(v) + " is negative or NaN");
    total += score[v];
  }
  if (std::abs(total - 1.0) > tolerance) fail("scores sum to " + std::to_string(total));
  // One step pushed along out-arcs, independently of the pull over in-arcs above.
  const double d = options.damping;
  double dangling = 0.0;
  std::vector<double> step(n, 0.0);
  for (NodeId u = 0; u < n; ++u) {
    const auto targets = graph.Neighbors(u);
    const auto weights = graph.Weights(u);
    double strength = 0.0;
    for (const double w : weights) strength += options.weighted ? w : 1.0;
    if (strength == 0.0) {
      dangling += score[u];
      continue;
    }
    for (std::size_t k = 0; k < targets.size(); ++k) {
      step[targets[k]] += d * score[u] * (options.weighted ? weights[k] : 1.0) / strength;
    }
  }
  double residual = 0.0;
  for (NodeId v = 0; v < n; ++v) {
    residual += std::abs(step[v] + (1.0 - d) / n + d * dangling / n - score[v]);
  }
  if (residual > tolerance) fail("not a fixed point: L1 residual " + std::to_string(residual));
}

void VerifyEigenvector(const CsrGraph& graph, const EigenvectorOptions& options,
                       std::span<const double> score, double tolerance) {
  const auto fail = [](const std::string& what) {
    throw InternalError("VerifyEigenvector: " + what);
  };
  const NodeId n = graph.num_nodes();
  if (score.size() != n) fail("wrong result size");
  if (n == 0) return;
  double norm = 0.0;
  double largest = 0.0;
  for (NodeId v = 0; v < n; ++v) {
    if (!(score[v] >= 0.0)) fail("node " + std::to_string(v) + " is negative or NaN");
    norm += score[v] * score[v];
    largest = std::max(largest, score[v]);
  }
  norm = std::sqrt(norm);
  const double want = options.scale == EigenvectorScale::kUnitNorm ? norm : largest;
  if (std::abs(want - 1.0) > 1e-9) fail("not scaled as requested");
  std::vector<double> x(score.begin(), score.end());
  for (double& value : x) value /= norm;
  std::vector<double> product(n, 0.0);  // A x pushed along out-arcs: x'(v) sums over u -> v
  for (NodeId u = 0; u < n; ++u) {
    const auto targets = graph.Neighbors(u);
    const auto weights = graph.Weights(u);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      product[targets[k]] += (options.weighted ? weights[k] : 1.0) * x[u];
    }
  }
  double lambda = 0.0;
  for (NodeId v = 0; v < n; ++v) lambda += x[v] * product[v];
  double residual = 0.0;
  for (NodeId v = 0; v < n; ++v) residual += std::abs(product[v] - lambda * x[v]);
  if (residual > tolerance * std::max(1.0, lambda)) {
    fail("A x != lambda x: L1 residual " + std::to_string(residual));
  }
}

}  // namespace corridor
