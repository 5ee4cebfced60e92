#include "algorithms/resolve/blocking.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <string_view>

#include "engine/parallel.h"
#include "engine/release.h"

namespace corridor {
namespace {

std::uint64_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  return a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2));
}

using Keyed = std::vector<std::pair<std::uint64_t, std::uint32_t>>;

// The candidate pairs so far, sorted and unique, with the rules that proposed each. Rules
// are folded in one at a time (sort the rule's pairs, merge), so the peak holds the union and
// one rule's pairs, never every rule's proposals at once.
class PairUnion {
 public:
  void Add(ParallelFilledVector<std::uint64_t> pairs, std::uint16_t rule_bit) {
    parallel::Sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    // Merged in parallel slices: slice k takes the union from its k-th cut and the new pairs
    // from the first one not below that cut's key, so equal pairs always meet in one slice.
    constexpr std::size_t kSlices = 64;
    std::vector<std::size_t> union_cut(kSlices + 1), new_cut(kSlices + 1);
    for (std::size_t k = 0; k <= kSlices; ++k) {
      union_cut[k] = pairs_.size() * k / kSlices;
      new_cut[k] = k == kSlices ? pairs.size()
                   : union_cut[k] == pairs_.size()
                       ? pairs.size()
                       : static_cast<std::size_t>(
                             std::lower_bound(pairs.begin(), pairs.end(), pairs_[union_cut[k]]) -
                             pairs.begin());
    }
    new_cut[0] = 0;
    struct Slice {
      std::vector<std::uint64_t> pairs;
      std::vector<std::uint16_t> masks;
    };
    std::vector<Slice> slices(kSlices);
    parallel::For(0, kSlices, 1, [&](std::size_t k) {
      Slice& slice = slices[k];
      std::size_t i = union_cut[k], j = new_cut[k];
      const std::size_t i_end = union_cut[k + 1], j_end = new_cut[k + 1];
      slice.pairs.reserve(i_end - i + j_end - j);
      slice.masks.reserve(i_end - i + j_end - j);
      while (i < i_end || j < j_end) {
        if (j == j_end || (i < i_end && pairs_[i] < pairs[j])) {
          slice.pairs.push_back(pairs_[i]);
          slice.masks.push_back(masks_[i++]);
        } else if (i == i_end || pairs[j] < pairs_[i]) {
          slice.pairs.push_back(pairs[j++]);
          slice.masks.push_back(rule_bit);
        } else {
          slice.pairs.push_back(pairs_[i]);
          slice.masks.push_back(static_cast<std::uint16_t>(masks_[i++] | rule_bit));
          ++j;
        }
      }
    });
    // The old union and the rule's pairs are all in the slices now: freed before the new
    // union is made, they do not add to the peak.
    Release(pairs);
    Release(pairs_);
    Release(masks_);
    // The slices are copied into place in parallel: joined in order on one thread, the copy
    // and the first touch of the union's pages left a core idle at every rule.
    std::vector<std::size_t> offset(kSlices + 1, 0);
    for (std::size_t k = 0; k < kSlices; ++k) offset[k + 1] = offset[k] + slices[k].pairs.size();
    ParallelFilledVector<std::uint64_t> merged(offset[kSlices]);
    ParallelFilledVector<std::uint16_t> masks(offset[kSlices]);
    parallel::For(0, kSlices, 1, [&](std::size_t k) {
      std::copy(slices[k].pairs.begin(), slices[k].pairs.end(),
                merged.begin() + static_cast<std::ptrdiff_t>(offset[k]));
      std::copy(slices[k].masks.begin(), slices[k].masks.end(),
                masks.begin() + static_cast<std::ptrdiff_t>(offset[k]));
      Release(slices[k]);
    });
    pairs_ = std::move(merged);
    masks_ = std::move(masks);
  }
  void MoveTo(CandidatePairs& out) {
    out.pairs = std::move(pairs_);
    out.rule_mask = std::move(masks_);
  }

 private:
  ParallelFilledVector<std::uint64_t> pairs_;
  ParallelFilledVector<std::uint16_t> masks_;
};

// Groups (key, mention) entries by key and emits every pair within a group. Groups are found
// serially; as each group's pair count is known, the pairs are then written in place, groups
// in parallel.
ParallelFilledVector<std::uint64_t> EmitBlocks(Keyed keyed, const BlockingOptions& options,
                                               BlockingRuleReport& report) {
  parallel::Sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());
  std::vector<std::pair<std::size_t, std::size_t>> blocks;  // [begin, end) into keyed
  std::vector<std::size_t> first_pair = {0};                // per block, then the total
  for (std::size_t i = 0; i < keyed.size();) {
    std::size_t j = i;
    while (j < keyed.size() && keyed[j].first == keyed[i].first) ++j;
    const std::size_t size = j - i;
    if (size >= 2) {
      ++report.blocks;
      report.largest_block = std::max<std::uint64_t>(report.largest_block, size);
      if (size > options.max_block) {
        ++report.capped_blocks;
        report.capped_mentions += size;
      } else {
        blocks.emplace_back(i, j);
        first_pair.push_back(first_pair.back() + size * (size - 1) / 2);
      }
    }
    i = j;
  }
  report.pairs += first_pair.back();
  ParallelFilledVector<std::uint64_t> pairs(first_pair.back());
  parallel::ForChunks(0, blocks.size(), parallel::kGrainMedium,
                      [&](std::size_t lo, std::size_t hi) {
                        for (std::size_t b = lo; b < hi; ++b) {
                          std::size_t at = first_pair[b];
                          for (std::size_t x = blocks[b].first; x < blocks[b].second; ++x) {
                            for (std::size_t y = x + 1; y < blocks[b].second; ++y) {
                              pairs[at++] = PairKey(keyed[x].second, keyed[y].second);
                            }
                          }
                        }
                      });
  return pairs;
}

}  // namespace

CandidatePairs BlockPersons(const PersonMentions& p, const BlockingOptions& options) {
  CandidatePairs out;
  PairUnion pairs;
  const auto n = static_cast<std::uint32_t>(p.size());
  const auto rule = [&](const char* name, auto add_keys) {
    BlockingRuleReport report;
    report.rule = name;
    Keyed keyed = parallel::OrderedReduce(
        0, n, parallel::kGrainCoarse, Keyed{},
        [&](std::size_t lo, std::size_t hi) {
          Keyed local;
          for (auto m = static_cast<std::uint32_t>(lo); m < hi; ++m) {
            add_keys(m, [&local, m](std::uint64_t key) { local.emplace_back(key, m); });
          }
          return local;
        },
        [](Keyed total, Keyed part) {
          total.insert(total.end(), part.begin(), part.end());
          return total;
        });
    const auto rule_bit = static_cast<std::uint16_t>(1u << out.rules.size());
    pairs.Add(EmitBlocks(std::move(keyed), options, report), rule_bit);
    out.rules.push_back(std::move(report));
  };
  const auto text_rule = [&](const char* name, const std::vector<std::uint32_t>& column) {
    rule(name, [&column](std::uint32_t m, auto add) {
      if (column[m] != 0) add(column[m]);
    });
  };
  text_rule("document", p.document);
  rule("phone", [&p](std::uint32_t m, auto add) {
    for (const std::uint64_t phone : p.Phones(m)) add(phone);
  });
  text_rule("email", p.email);
  rule("skeleton+year", [&p](std::uint32_t m, auto add) {
    if (p.name[m] != 0 && p.dob[m].known()) {
      add(Mix(Hash(p.names[p.name[m]].skeleton), p.dob[m].year));
    }
  });
  // Common names give blocks too big to use whole; a name-only pair there could never reach
  // the threshold anyway. These keys split them by what else a pair would have to share.
  rule("skeleton+father", [&p](std::uint32_t m, auto add) {
    if (p.name[m] != 0 && p.father[m] != 0) {
      add(Mix(Hash(p.names[p.name[m]].skeleton), Hash(p.names[p.father[m]].skeleton)));
    }
  });
  rule("skeleton+city", [&p](std::uint32_t m, auto add) {
    if (p.name[m] != 0 && p.city[m] != 0) {
      add(Mix(Hash(p.names[p.name[m]].skeleton), p.city[m]));
    }
  });
  rule("skeleton", [&p](std::uint32_t m, auto add) {
    if (p.name[m] != 0) add(Hash(p.names[p.name[m]].skeleton));
  });
  rule("token-pair", [&p](std::uint32_t m, auto add) {
    if (p.name[m] == 0) return;
    const std::string_view skeleton = p.names[p.name[m]].skeleton;
    std::vector<std::string_view> tokens;
    for (std::size_t i = 0; i < skeleton.size();) {
      const std::size_t j = std::min(skeleton.find(' ', i), skeleton.size());
      tokens.push_back(skeleton.substr(i, j - i));
      i = j + 1;
    }
    // Tokens are sorted in the skeleton, so each unordered pair has one key.
    for (std::size_t a = 0; a < tokens.size(); ++a) {
      for (std::size_t b = a + 1; b < tokens.size(); ++b) {
        if (tokens[a] != tokens[b]) add(Mix(Hash(tokens[a]), Hash(tokens[b])));
      }
    }
  });
  // Trip mates on linked trips, whose skeleton may be too common for the name rules' blocks.
  // Keyed by the earlier trip and the skeleton its mate bears there: a trip mate is alone
  // on each trip, so every block is one pair, or a mention with its repeated rows.
  rule("companions", [&p](std::uint32_t m, auto add) {
    const std::uint32_t trip = p.trip[m];
    if (trip == PersonMentions::kNoTrip || p.name[m] == 0 || p.crowded_on_trip[m] != 0) return;
    if (p.next_trip[trip] != PersonMentions::kNoTrip) add(Mix(trip, p.skeleton_of_name[p.name[m]]));
    if (p.previous_trip[trip] != PersonMentions::kNoTrip &&
        p.previous_mate[m] != PersonMentions::kNoMate) {
      add(Mix(p.previous_trip[trip], p.previous_mate[m]));
    }
  });
  // Legs that continue or follow one another (features.h), whose skeleton may likewise be too
  // common for the name rules' blocks. Keyed by the earlier leg: a leg not crowded is one
  // ticket, so every block is one pair, or a mention with its repeated rows.
  rule("journey", [&p](std::uint32_t m, auto add) {
    const std::uint32_t leg = p.leg[m];
    if (leg == PersonMentions::kNoLeg || p.crowded_leg[leg]) return;
    // kNoLeg and the ambiguous mark are past the end of the tables; neither table names a
    // crowded leg.
    const auto continues = [&p](std::uint32_t from, std::uint32_t to) {
      return from < p.next_leg.size() && to < p.previous_leg.size() && p.next_leg[from] == to &&
             p.previous_leg[to] == from;
    };
    if (continues(leg, p.next_leg[leg]) || p.followed_by[leg] != PersonMentions::kNoLeg) add(leg);
    if (continues(p.previous_leg[leg], leg)) add(p.previous_leg[leg]);
    // A key twice for one mention (a leg both continuing and following its predecessor) is
    // dropped with the block's duplicates.
    if (p.follows[leg] != PersonMentions::kNoLeg) add(p.follows[leg]);
  });
  rule("dob+initial", [&p](std::uint32_t m, auto add) {
    const DateOfBirth& dob = p.dob[m];
    if (dob.day == 0) return;
    const std::uint64_t date = dob.year * 10000u + dob.month * 100u + dob.day;
    // One birthday is shared by thousands in a large case; a first letter of the name in
    // common (any token's, so order and typos later in a name do not matter) narrows it.
    if (p.name[m] == 0) {
      add(date);
      return;
    }
    for (const std::string& token : p.names[p.name[m]].tokens) {
      add(Mix(date, static_cast<unsigned char>(token[0])));
    }
  });

  BlockingRuleReport neighbourhood;
  neighbourhood.rule = "neighbourhood";
  const auto neighbourhood_bit = static_cast<std::uint16_t>(1u << out.rules.size());
  ParallelFilledVector<std::uint64_t> neighbours;
  {
    // Rank the distinct names by key once, then sort mentions by (rank, mention) as integers.
    std::vector<std::uint32_t> by_key(p.names.size());
    std::iota(by_key.begin(), by_key.end(), 0u);
    std::sort(by_key.begin(), by_key.end(),
              [&p](std::uint32_t a, std::uint32_t b) { return p.names[a].key < p.names[b].key; });
    std::vector<std::uint64_t> rank(p.names.size());
    for (std::size_t r = 0; r < by_key.size(); ++r) rank[by_key[r]] = r;
    std::vector<std::uint64_t> ranked;
    for (std::uint32_t m = 0; m < n; ++m) {
      if (p.name[m] != 0) ranked.push_back(rank[p.name[m]] << 32 | m);
    }
    parallel::Sort(ranked.begin(), ranked.end());
    std::vector<std::uint32_t> order(ranked.size());
    // Mapped now, touched as it fills.
    neighbours.reserve(ranked.size() * (std::max<std::size_t>(options.window, 1) - 1));
    for (std::size_t i = 0; i < ranked.size(); ++i)
      order[i] = static_cast<std::uint32_t>(ranked[i]);
    // Mentions with the same key are the skeleton rule's business (or a block too common to
    // use); the window is for neighbours whose names differ, typos early in a name.
    for (std::size_t i = 0; i < order.size(); ++i) {
      for (std::size_t j = i + 1; j < std::min(order.size(), i + options.window); ++j) {
        if (p.name[order[i]] == p.name[order[j]]) continue;
        neighbours.push_back(PairKey(order[i], order[j]));
        ++neighbourhood.pairs;
      }
    }
  }
  pairs.Add(std::move(neighbours), neighbourhood_bit);
  out.rules.push_back(std::move(neighbourhood));
  pairs.MoveTo(out);
  return out;
}

std::vector<Comparison> ComparisonsFixedBy(std::string_view rule) {
  using C = Comparison;
  if (rule == "document") return {C::kDocument};
  if (rule == "phone") return {C::kPhone};
  if (rule == "email") return {C::kEmail};
  if (rule == "dob+initial") return {C::kDob};
  // Trip mates share a name skeleton by definition.
  if (rule == "companions") return {C::kCompanions, C::kName, C::kGiven, C::kFamily};
  if (rule == "journey") return {C::kJourney, C::kName, C::kGiven, C::kFamily};
  if (rule == "skeleton+year") return {C::kName, C::kGiven, C::kFamily, C::kDob};
  if (rule == "skeleton+father") return {C::kName, C::kGiven, C::kFamily, C::kFather};
  if (rule == "skeleton+city") return {C::kName, C::kGiven, C::kFamily, C::kCity};
  // Name rules: the names agree, or nearly (the neighbourhood sorts by name).
  return {C::kName, C::kGiven, C::kFamily};
}

}  // namespace corridor
