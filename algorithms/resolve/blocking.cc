#include "algorithms/resolve/blocking.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <string_view>

#include "engine/parallel.h"

namespace corridor {
namespace {

std::uint64_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  return a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2));
}

using Keyed = std::vector<std::pair<std::uint64_t, std::uint32_t>>;
using Proposed = std::vector<std::pair<std::uint64_t, std::uint16_t>>;  // pair key, rule bit

// Groups (key, mention) entries by key and emits every pair within a group.
void EmitBlocks(Keyed keyed, const BlockingOptions& options, BlockingRuleReport& report,
                std::uint16_t rule_bit, Proposed& pairs) {
  parallel::Sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());
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
        for (std::size_t x = i; x < j; ++x) {
          for (std::size_t y = x + 1; y < j; ++y) {
            pairs.emplace_back(PairKey(keyed[x].second, keyed[y].second), rule_bit);
            ++report.pairs;
          }
        }
      }
    }
    i = j;
  }
}

}  // namespace

CandidatePairs BlockPersons(const PersonMentions& p, const BlockingOptions& options) {
  CandidatePairs out;
  Proposed pairs;
  const auto n = static_cast<std::uint32_t>(p.size());
  const auto rule = [&](const char* name, auto add_keys) {
    BlockingRuleReport report;
    report.rule = name;
    Keyed keyed;
    for (std::uint32_t m = 0; m < n; ++m) {
      add_keys(m, [&keyed, m](std::uint64_t key) { keyed.emplace_back(key, m); });
    }
    const auto rule_bit = static_cast<std::uint16_t>(1u << out.rules.size());
    EmitBlocks(std::move(keyed), options, report, rule_bit, pairs);
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
  rule("dob", [&p](std::uint32_t m, auto add) {
    const DateOfBirth& dob = p.dob[m];
    if (dob.day != 0) add(dob.year * 10000u + dob.month * 100u + dob.day);
  });

  BlockingRuleReport neighbourhood;
  neighbourhood.rule = "neighbourhood";
  const auto neighbourhood_bit = static_cast<std::uint16_t>(1u << out.rules.size());
  {
    std::vector<std::uint32_t> order;
    for (std::uint32_t m = 0; m < n; ++m) {
      if (p.name[m] != 0) order.push_back(m);
    }
    std::sort(order.begin(), order.end(), [&p](std::uint32_t a, std::uint32_t b) {
      const int by_key = p.names[p.name[a]].key.compare(p.names[p.name[b]].key);
      return by_key != 0 ? by_key < 0 : a < b;
    });
    for (std::size_t i = 0; i < order.size(); ++i) {
      for (std::size_t j = i + 1; j < std::min(order.size(), i + options.window); ++j) {
        pairs.emplace_back(PairKey(order[i], order[j]), neighbourhood_bit);
        ++neighbourhood.pairs;
      }
    }
  }
  out.rules.push_back(std::move(neighbourhood));

  parallel::Sort(pairs.begin(), pairs.end());
  for (std::size_t i = 0; i < pairs.size();) {
    std::uint16_t mask = 0;
    std::size_t j = i;
    for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j) mask |= pairs[j].second;
    out.pairs.push_back(pairs[i].first);
    out.rule_mask.push_back(mask);
    i = j;
  }
  return out;
}

std::vector<Comparison> ComparisonsFixedBy(std::string_view rule) {
  using C = Comparison;
  if (rule == "document") return {C::kDocument};
  if (rule == "phone") return {C::kPhone};
  if (rule == "email") return {C::kEmail};
  if (rule == "dob") return {C::kDob};
  if (rule == "skeleton+year") return {C::kName, C::kGiven, C::kFamily, C::kDob};
  if (rule == "skeleton+father") return {C::kName, C::kGiven, C::kFamily, C::kFather};
  if (rule == "skeleton+city") return {C::kName, C::kGiven, C::kFamily, C::kCity};
  // Name rules: the names agree, or nearly (the neighbourhood sorts by name).
  return {C::kName, C::kGiven, C::kFamily};
}

}  // namespace corridor
