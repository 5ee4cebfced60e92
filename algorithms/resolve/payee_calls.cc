#include "algorithms/resolve/payee_calls.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <span>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "algorithms/resolve/normalise.h"
#include "algorithms/union_find.h"
#include "engine/parallel.h"
#include "engine/record_finder.h"
#include "engine/release.h"

namespace corridor {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

std::int64_t DayOf(std::int64_t seconds) {
  return seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds - 1) / kSecondsPerDay) - 1;
}

bool AtLeastDay(const PartialTime& time) {
  return time.known() && time.precision() >= TimePrecision::kDay;
}

bool NameOnly(const PersonMentions& persons, std::size_t m) {
  return persons.name[m] != 0 && persons.Phones(m).empty() && persons.document[m] == 0 &&
         persons.email[m] == 0 && !persons.dob[m].known();
}

// A payment from a phone on a day, to a name group; calls up to `latest` count (the payment's
// time when the ledger gives one, else the whole day).
struct Payment {
  std::uint64_t payer = 0;
  std::int64_t day = 0;
  std::int64_t latest = 0;
  std::uint32_t group = 0;
  std::uint32_t payee = 0;  // the mention
};

// A payment of a name group's mention that points at a number.
struct Pointing {
  std::uint32_t mention = 0;
  std::uint32_t group = 0;
  std::int64_t day = 0;
  std::uint64_t number = 0;
};

struct CallOnDay {
  std::uint64_t from = 0;
  std::int64_t day = 0;
  std::int64_t seconds = 0;
  std::uint64_t to = 0;
  RecordIndex record = kNoId;
  auto Key() const { return std::tie(from, day, seconds, to, record); }
};

struct Vote {
  std::uint32_t group = 0;
  std::int64_t day = 0;
  std::uint64_t payer = 0;
  std::uint64_t number = 0;
  auto Key() const { return std::tie(group, day, payer, number); }
};

// Spellings: the list's other spellings of a tied name. A group no payments tie follows the
// tied groups of its list whose names share its skeleton (names that differ only in spelling or
// script), when those are all in one component and the group's own pointing payments, if it
// has any, point at that component's numbers in the share a tie needs: a namesake whose
// clients' calls show another number stays out. A list's rare misspellings of its hawaladar
// ("Mohamad Akbar Abasi" once, beside "Mohammad Akbar Abassi" two thousand times) are too few
// to be tied by their own payments. Returns which groups follow.
std::vector<bool> FollowSpellings(
    const PersonMentions& persons, const std::vector<std::vector<std::uint32_t>>& group_members,
    const std::vector<Vote>& votes, const std::vector<std::uint64_t>& numbers, std::uint32_t groups,
    const std::vector<bool>& tied, const std::vector<std::uint32_t>& tie_group,
    const std::vector<std::uint32_t>& anchor, const PayeeCallOptions& options,
    ConcurrentUnionFind& components, PayeeCalls& out) {
  const auto list_and_skeleton = [&](std::uint32_t group) {
    const std::uint32_t m = group_members[group].front();
    return std::pair(persons.column[m], persons.skeleton_of_name[persons.name[m]]);
  };
  // Per (list, skeleton): the component of its tied groups (kNoId where there are several) and
  // its largest tied group, whose first tie names the number a spelling follows.
  struct Followed {
    std::uint32_t component = kNoId;
    std::uint32_t group = 0;
  };
  std::map<std::pair<std::uint32_t, std::uint32_t>, Followed> followed;
  for (std::uint32_t g = 0; g < groups; ++g) {
    if (!tied[g]) continue;
    const std::uint32_t component = components.Find(g);
    const auto [it, inserted] = followed.try_emplace(list_and_skeleton(g), Followed{component, g});
    if (inserted) continue;
    if (it->second.component != component) {
      it->second.component = kNoId;
    } else if (group_members[g].size() > group_members[it->second.group].size()) {
      it->second.group = g;
    }
  }
  std::vector<bool> follows(groups, false);
  std::vector<std::size_t> first_tie(groups, kNoId);  // payments ties precede any other here
  for (std::size_t t = tie_group.size(); t-- > 0;) first_tie[tie_group[t]] = t;
  for (std::uint32_t g = 0; g < groups; ++g) {
    if (tied[g]) continue;
    const auto it = followed.find(list_and_skeleton(g));
    if (it == followed.end() || it->second.component == kNoId) continue;
    const std::uint32_t component = it->second.component;
    const auto [begin, end] =
        std::equal_range(votes.begin(), votes.end(), Vote{g, 0, 0, 0},
                         [](const Vote& x, const Vote& y) { return x.group < y.group; });
    const auto agreeing = static_cast<std::uint32_t>(std::count_if(begin, end, [&](const Vote& v) {
      const auto number_id = static_cast<std::uint32_t>(
          std::lower_bound(numbers.begin(), numbers.end(), v.number) - numbers.begin());
      return components.Find(groups + number_id) == component;
    }));
    const auto pointing = static_cast<std::uint32_t>(end - begin);
    if (static_cast<double>(agreeing) < options.min_share * static_cast<double>(pointing)) continue;
    PayeeCallTie tie;
    tie.basis = PayeeCallTie::Basis::kSpelling;
    tie.representative = group_members[g].front();
    tie.mentions = static_cast<std::uint32_t>(group_members[g].size());
    tie.e164 = out.ties[first_tie[it->second.group]].e164;
    tie.payments = agreeing;
    tie.in_window = pointing;
    tie.anchor = anchor[component];
    out.ties.push_back(tie);
    for (const std::uint32_t m : group_members[g]) out.joins.emplace_back(m, tie.anchor);
    follows[g] = true;
  }
  return follows;
}

// Shared names: a group whose pointing payments point at two people at once. `components`
// holds the ties made so far (numbers never tied are components of their own). Each person of
// a concurrent pair gets a row; the group's mentions are kept apart.
void FindSharedNames(const std::vector<std::vector<std::uint32_t>>& group_members,
                     const std::vector<Vote>& votes, const std::vector<std::uint64_t>& numbers,
                     std::uint32_t groups, const PayeeCallOptions& options,
                     ConcurrentUnionFind& components, PayeeCalls& out) {
  struct Person {
    std::uint32_t component = 0;
    std::vector<std::int64_t> days;  // of the payments pointing at it, ascending
    std::map<std::uint64_t, std::uint32_t> payments_by_number;
    bool shared = false;
  };
  std::vector<Person> people;
  for (std::size_t begin = 0; begin < votes.size();) {
    const std::uint32_t group = votes[begin].group;
    std::size_t end = begin;
    while (end < votes.size() && votes[end].group == group) ++end;
    const auto pointing = static_cast<std::uint32_t>(end - begin);
    people.clear();
    for (std::size_t v = begin; v < end; ++v) {  // votes of a group are sorted by day
      const auto number_id = static_cast<std::uint32_t>(
          std::lower_bound(numbers.begin(), numbers.end(), votes[v].number) - numbers.begin());
      const std::uint32_t component = components.Find(groups + number_id);
      auto it = std::find_if(people.begin(), people.end(),
                             [component](const Person& p) { return p.component == component; });
      if (it == people.end()) it = people.insert(people.end(), Person{component, {}, {}, false});
      it->days.push_back(votes[v].day);
      ++it->payments_by_number[votes[v].number];
    }
    begin = end;
    // Only people drawing more than a tie leaves to others, and enough payments to tie.
    std::erase_if(people, [&](const Person& p) {
      return p.days.size() < options.min_payments ||
             static_cast<double>(pointing - p.days.size()) >=
                 options.min_share * static_cast<double>(pointing);
    });
    const auto in_range = [](const std::vector<std::int64_t>& days, std::int64_t first,
                             std::int64_t last) {
      return static_cast<std::size_t>(std::upper_bound(days.begin(), days.end(), last) -
                                      std::lower_bound(days.begin(), days.end(), first));
    };
    bool shared = false;
    for (std::size_t i = 0; i < people.size(); ++i) {
      for (std::size_t j = i + 1; j < people.size(); ++j) {
        const std::int64_t first = std::max(people[i].days.front(), people[j].days.front());
        const std::int64_t last = std::min(people[i].days.back(), people[j].days.back());
        if (first > last) continue;  // one after the other
        if (in_range(people[i].days, first, last) >= options.min_payments &&
            in_range(people[j].days, first, last) >= options.min_payments) {
          people[i].shared = people[j].shared = shared = true;
        }
      }
    }
    if (!shared) continue;
    const std::vector<std::uint32_t>& members = group_members[group];
    out.kept_apart.insert(out.kept_apart.end(), members.begin(), members.end());
    out.kept_apart_group.insert(out.kept_apart_group.end(), members.size(), members.front());
    for (const Person& p : people) {
      if (!p.shared) continue;
      PayeeCallTie tie;
      tie.basis = PayeeCallTie::Basis::kShared;
      tie.representative = tie.anchor = members.front();
      tie.mentions = static_cast<std::uint32_t>(members.size());
      tie.e164 = std::max_element(p.payments_by_number.begin(), p.payments_by_number.end(),
                                  [](const auto& x, const auto& y) { return x.second < y.second; })
                     ->first;
      tie.payments = static_cast<std::uint32_t>(p.days.size());
      tie.in_window = pointing;
      tie.first_day = p.days.front();
      tie.last_day = p.days.back();
      out.ties.push_back(tie);
    }
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_mention(out.kept_apart.size());
  for (std::size_t i = 0; i < by_mention.size(); ++i) {
    by_mention[i] = {out.kept_apart[i], out.kept_apart_group[i]};
  }
  std::sort(by_mention.begin(), by_mention.end());
  for (std::size_t i = 0; i < by_mention.size(); ++i) {
    std::tie(out.kept_apart[i], out.kept_apart_group[i]) = by_mention[i];
  }
}

template <typename T>
void SortUnique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

// Whether a number as written may be one whose last kTailDigits digits are in `tails`
// (sorted): false only when its last ASCII digits are none of them. Text with other than
// ASCII bytes (Eastern Arabic digits) or too few digits may be anything.
constexpr int kTailDigits = 6;
constexpr std::uint64_t kTailModulus = 1'000'000;
bool MayEndIn(std::string_view text, const std::vector<std::uint32_t>& tails) {
  std::uint32_t tail = 0, scale = 1;
  int digits = 0;
  for (auto it = text.rbegin(); it != text.rend() && digits < kTailDigits; ++it) {
    const auto c = static_cast<unsigned char>(*it);
    // Non-ASCII (Eastern Arabic digits), letters or ';' '#' (an extension, a vanity number):
    // libphonenumber may read digits here that this does not.
    if (c >= 0x80 || std::isalpha(c) != 0 || c == ';' || c == '#') return true;
    if (c < '0' || c > '9') continue;
    tail += (c - '0') * scale;
    scale *= 10;
    ++digits;
  }
  return digits < kTailDigits || std::binary_search(tails.begin(), tails.end(), tail);
}

// Calls dated to the day at least, in record order.
std::vector<RecordIndex> DatedCalls(const RecordTable& records) {
  std::vector<RecordIndex> calls;
  for (RecordIndex r = 0; r < records.size(); ++r) {
    if (records.kind(r) == RecordKind::kCall && AtLeastDay(records.time(r))) calls.push_back(r);
  }
  return calls;
}

// A call that reached one of the numbers asked for, on its day.
struct CallTo {
  RecordIndex record = kNoId;
  std::uint64_t called = 0;
  std::int64_t day = 0;
};

// The calls of `dated_calls` (ascending) on a day `on_day` accepts whose first `to` is one of
// `wanted` (ascending), in record order. Only calls whose called number, as written, ends in a
// wanted number's last digits are parsed: libphonenumber is the costly part, and a case has
// millions of calls.
template <typename DayFilter>
std::vector<CallTo> CallsTo(const CaseData& data, const PersonMentions& persons,
                            std::span<const RecordIndex> dated_calls,
                            const std::vector<std::uint64_t>& wanted, DayFilter on_day) {
  const RecordTable& records = data.records;
  std::vector<std::uint32_t> tails;
  for (const std::uint64_t number : wanted) {
    tails.push_back(static_cast<std::uint32_t>(number % kTailModulus));
  }
  SortUnique(tails);
  std::vector<StringId> called_text(dated_calls.size(), 0);  // kept calls' first `to`; 0: not kept
  parallel::For(0, dated_calls.size(), parallel::kGrainCoarse, [&](std::size_t i) {
    const RecordIndex r = dated_calls[i];
    if (!on_day(DayOf(records.time(r).seconds()))) return;
    for (const FieldValue& value : records.fields(r)) {
      if (value.field != Field::kTo) continue;
      if (MayEndIn(records.strings().View(value.value), tails)) called_text[i] = value.value;
      return;
    }
  });
  // Each distinct text of a source parsed once: a hawaladar's number is written a few ways
  // on hundreds of thousands of calls.
  std::unordered_map<std::uint64_t, std::uint32_t> text_index;
  std::vector<RecordIndex> first_with_text, call_records;
  std::vector<std::uint32_t> text_of_call;
  for (std::size_t i = 0; i < dated_calls.size(); ++i) {
    if (called_text[i] == 0) continue;
    const RecordIndex r = dated_calls[i];
    const auto [it, added] =
        text_index.try_emplace(std::uint64_t{records.ref(r).source} << 32 | called_text[i],
                               static_cast<std::uint32_t>(first_with_text.size()));
    if (added) first_with_text.push_back(r);
    call_records.push_back(r);
    text_of_call.push_back(it->second);
  }
  Release(called_text);
  // The first `to` of each call, as the text grouped it: one value per record in
  // first_with_text, in its order.
  std::vector<std::uint64_t> number_of_text;
  for (const PhoneValue& value :
       NormalisePhones(data, first_with_text, Field::kTo, persons.phone_cache)) {
    if (number_of_text.size() < first_with_text.size() &&
        first_with_text[number_of_text.size()] == value.record) {
      number_of_text.push_back(value.e164);
    }
  }
  std::vector<CallTo> calls;
  for (std::size_t i = 0; i < call_records.size(); ++i) {
    const std::uint64_t number = number_of_text[text_of_call[i]];
    if (number != 0 && std::binary_search(wanted.begin(), wanted.end(), number)) {
      calls.push_back({call_records[i], number, DayOf(records.time(call_records[i]).seconds())});
    }
  }
  return calls;
}

// Successive numbers: a number whose calls end as another's begin, the same callers ringing
// the first to its last days and the second from its first, is one person's number changed.
// Taken only when each is the other's best: of the numbers whose calls begin within
// kSuccessionGapDays after the first's last call (on its day at the earliest) and go on after
// it, the second shares the most callers, at least `min_callers`, with no other sharing as
// many; and of the numbers whose calls end that way before the second's begin, the first does.
// Callers are the first valid number of each call (`callers`), the number itself excepted;
// the result is sorted by previous number.
constexpr std::int64_t kSuccessionGapDays = 3;
constexpr std::int64_t kSuccessionWindowDays = 21;

std::vector<NumberSuccession> FindSuccessions(const CaseData& data, const PersonMentions& persons,
                                              std::span<const RecordIndex> dated_calls,
                                              const CallerNumbers& callers,
                                              const std::vector<std::uint64_t>& numbers,
                                              std::uint32_t min_callers) {
  if (numbers.empty()) return {};
  // (number id, day, caller) of every call to a number.
  std::vector<std::tuple<std::uint32_t, std::int64_t, std::uint64_t>> rung;
  for (const CallTo& call :
       CallsTo(data, persons, dated_calls, numbers, [](std::int64_t) { return true; })) {
    const auto it = std::lower_bound(callers.calls.begin(), callers.calls.end(), call.record);
    if (it == callers.calls.end() || *it != call.record) continue;
    const std::uint64_t from = callers.from[static_cast<std::size_t>(it - callers.calls.begin())];
    if (from == 0 || from == call.called) continue;
    rung.emplace_back(
        static_cast<std::uint32_t>(std::lower_bound(numbers.begin(), numbers.end(), call.called) -
                                   numbers.begin()),
        call.day, from);
  }
  std::sort(rung.begin(), rung.end());
  struct Span {
    std::int64_t first = 0, last = 0;
    std::size_t begin = 0, end = 0;  // into `rung`
  };
  std::vector<Span> spans(numbers.size());
  std::vector<std::pair<std::int64_t, std::uint32_t>> by_first_day;
  for (std::size_t begin = 0; begin < rung.size();) {
    const std::uint32_t n = std::get<0>(rung[begin]);
    std::size_t end = begin;
    while (end < rung.size() && std::get<0>(rung[end]) == n) ++end;
    spans[n] = {std::get<1>(rung[begin]), std::get<1>(rung[end - 1]), begin, end};
    by_first_day.emplace_back(spans[n].first, n);
    begin = end;
  }
  std::sort(by_first_day.begin(), by_first_day.end());
  // Distinct callers of a number in its last (ending) or first window.
  const auto callers_of = [&](std::uint32_t n, bool ending) {
    std::vector<std::uint64_t> found;
    const Span& span = spans[n];
    for (std::size_t i = span.begin; i < span.end; ++i) {
      const std::int64_t day = std::get<1>(rung[i]);
      if (ending ? day > span.last - kSuccessionWindowDays
                 : day < span.first + kSuccessionWindowDays) {
        found.push_back(std::get<2>(rung[i]));
      }
    }
    SortUnique(found);
    return found;
  };
  std::vector<std::vector<std::uint64_t>> ending(numbers.size()), starting(numbers.size());
  for (const auto& [first, n] : by_first_day) {
    ending[n] = callers_of(n, true);
    starting[n] = callers_of(n, false);
  }
  const auto shared = [](const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
    std::uint32_t count = 0;
    for (auto i = x.begin(), j = y.begin(); i != x.end() && j != y.end();) {
      if (*i < *j) {
        ++i;
      } else if (*j < *i) {
        ++j;
      } else {
        ++count;
        ++i;
        ++j;
      }
    }
    return count;
  };
  // Candidate pairs (previous, next, shared callers) with at least min_callers.
  struct Candidate {
    std::uint32_t previous = 0, next = 0, shared = 0;
  };
  std::vector<Candidate> candidates;
  for (const auto& [first, a] : by_first_day) {
    // A number may take over on the day the other's last call is made (a SIM changed at noon),
    // but must go on after it.
    const std::int64_t last = spans[a].last;
    auto b = std::lower_bound(by_first_day.begin(), by_first_day.end(), std::pair(last, 0u));
    for (; b != by_first_day.end() && b->first <= last + kSuccessionGapDays; ++b) {
      if (b->second == a || spans[b->second].last <= last) continue;
      const std::uint32_t count = shared(ending[a], starting[b->second]);
      if (count >= min_callers) candidates.push_back({a, b->second, count});
    }
  }
  // Each number's best partner on either side, kNoId where two share the best count.
  std::vector<std::uint32_t> best_next(numbers.size(), kNoId), best_previous(numbers.size(), kNoId);
  std::vector<std::uint32_t> next_count(numbers.size(), 0), previous_count(numbers.size(), 0);
  const auto offer = [](std::uint32_t& best, std::uint32_t& count, std::uint32_t partner,
                        std::uint32_t shared_callers) {
    if (shared_callers > count) {
      best = partner;
      count = shared_callers;
    } else if (shared_callers == count) {
      best = kNoId;
    }
  };
  for (const Candidate& c : candidates) {
    offer(best_next[c.previous], next_count[c.previous], c.next, c.shared);
    offer(best_previous[c.next], previous_count[c.next], c.previous, c.shared);
  }
  std::vector<NumberSuccession> successions;
  for (const Candidate& c : candidates) {
    if (best_next[c.previous] != c.next || best_previous[c.next] != c.previous) continue;
    NumberSuccession succession;
    succession.previous = numbers[c.previous];
    succession.next = numbers[c.next];
    succession.previous_last_day = spans[c.previous].last;
    succession.next_first_day = spans[c.next].first;
    succession.shared_callers = c.shared;
    succession.previous_callers = static_cast<std::uint32_t>(ending[c.previous].size());
    succession.next_callers = static_cast<std::uint32_t>(starting[c.next].size());
    successions.push_back(succession);
  }
  std::sort(successions.begin(), successions.end());
  return successions;
}

// Per call record, its first valid number of `values` (in record order).
CallerNumbers FirstValid(const std::vector<PhoneValue>& values) {
  CallerNumbers numbers;
  numbers.parsed = true;
  for (const PhoneValue& value : values) {
    if (numbers.calls.empty() || numbers.calls.back() != value.record) {
      numbers.calls.push_back(value.record);
      numbers.from.push_back(0);
    }
    if (numbers.from.back() == 0) numbers.from.back() = value.e164;
  }
  return numbers;
}

// A transfer whose payer and payee are both person mentions.
struct Paid {
  RecordIndex transfer = kNoId;
  std::uint32_t payer = 0;
  std::uint32_t payee = 0;
};

// Every such transfer, in record order.
std::vector<Paid> PaymentsBetweenMentions(const CaseData& data, const PersonMentions& persons) {
  const RecordTable& records = data.records;
  const auto mention_of = [&](RecordIndex r) {
    const auto it = std::lower_bound(persons.records.begin(), persons.records.end(), r);
    return it != persons.records.end() && *it == r
               ? static_cast<std::uint32_t>(it - persons.records.begin())
               : kNoId;
  };
  std::vector<Paid> paid;
  RecordFinder finder(records);
  for (RecordIndex r = 0; r < records.size(); ++r) {
    if (records.kind(r) != RecordKind::kTransfer) continue;
    StringId from = 0, to = 0;
    for (const FieldValue& value : records.fields(r)) {
      if (value.field == Field::kFromRef) from = value.value;
      if (value.field == Field::kToRef) to = value.value;
    }
    if (from == 0 || to == 0) continue;
    const std::uint32_t payer = mention_of(finder.FindInRow(r, from));
    const std::uint32_t payee = mention_of(finder.FindInRow(r, to));
    if (payer != kNoId && payee != kNoId) paid.push_back({r, payer, payee});
  }
  return paid;
}

// Rows by mention, without those of a mention with two rows (two anchors).
std::vector<PayeeCallTie> OncePerMention(std::vector<PayeeCallTie> rows) {
  std::sort(rows.begin(), rows.end(), [](const PayeeCallTie& x, const PayeeCallTie& y) {
    return x.representative < y.representative;
  });
  std::vector<PayeeCallTie> once;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool repeated =
        (i > 0 && rows[i - 1].representative == rows[i].representative) ||
        (i + 1 < rows.size() && rows[i + 1].representative == rows[i].representative);
    if (!repeated) once.push_back(rows[i]);
  }
  return once;
}

// An undated row joining one mention to one of the people its name points at.
PayeeCallTie PersonRow(PayeeCallTie::Basis basis, std::uint32_t mention, const SharedPerson& person,
                       std::uint32_t payments, std::uint32_t in_window) {
  PayeeCallTie row;
  row.basis = basis;
  row.representative = mention;
  row.mentions = 1;
  row.e164 = person.e164;
  row.payments = payments;
  row.in_window = in_window;
  row.anchor = person.anchor;
  return row;
}

// A rule's rows once per mention (a mention on two payments' rows, which no loader writes, would
// have two anchors), appended to the ties; returns their (mention, anchor) joins, by mention.
std::vector<std::pair<std::uint32_t, std::uint32_t>> AppendRows(std::vector<PayeeCallTie> rows,
                                                                PayeeCalls& payees) {
  rows = OncePerMention(std::move(rows));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> joins;
  for (const PayeeCallTie& row : rows) joins.emplace_back(row.representative, row.anchor);
  payees.ties.insert(payees.ties.end(), rows.begin(), rows.end());
  return joins;
}

}  // namespace

PayeeCalls TiePayeesByCalls(const CaseData& data, const PersonMentions& persons,
                            const PayeeCallOptions& options) {
  PayeeCalls out;
  if (!options.enabled) return out;
  const RecordTable& records = data.records;

  // Name groups, numbered in order of their first payee mention met in record order; a group's
  // members come in record order (each payee is on its payment's row), so front() is its
  // smallest.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> group_of_key;
  std::vector<std::vector<std::uint32_t>> group_members;
  std::vector<RecordIndex> transfers;
  for (RecordIndex r = 0; r < records.size(); ++r) {
    if (records.kind(r) == RecordKind::kTransfer) transfers.push_back(r);
  }
  std::vector<std::uint64_t> payer_phone(transfers.size(), 0);
  {
    std::size_t t = 0;  // values come in record order
    for (const PhoneValue& value :
         NormalisePhones(data, transfers, Field::kPayerPhone, persons.phone_cache)) {
      while (transfers[t] != value.record) ++t;
      if (payer_phone[t] == 0) payer_phone[t] = value.e164;
    }
  }
  std::vector<Payment> payments;
  RecordFinder finder(records);
  for (std::size_t t = 0; t < transfers.size(); ++t) {
    const RecordIndex r = transfers[t];
    StringId ref = 0;
    for (const FieldValue& value : records.fields(r)) {
      if (value.field == Field::kToRef) ref = value.value;
    }
    if (ref == 0) continue;
    const RecordIndex payee = finder.FindInRow(r, ref);
    const auto it = std::lower_bound(persons.records.begin(), persons.records.end(), payee);
    if (it == persons.records.end() || *it != payee) continue;
    const auto m = static_cast<std::uint32_t>(it - persons.records.begin());
    if (!NameOnly(persons, m)) continue;
    const auto [key, inserted] =
        group_of_key.try_emplace(std::pair(persons.column[m], persons.name[m]),
                                 static_cast<std::uint32_t>(group_members.size()));
    if (inserted) group_members.emplace_back();
    group_members[key->second].push_back(m);
    const PartialTime& time = records.time(r);
    if (payer_phone[t] == 0 || !AtLeastDay(time)) continue;
    const std::int64_t day = DayOf(time.seconds());
    const std::int64_t latest = time.precision() >= TimePrecision::kMinute
                                    ? time.seconds()
                                    : (day + 1) * kSecondsPerDay - 1;
    payments.push_back({payer_phone[t], day, latest, key->second, m});
  }
  out.payments = payments.size();
  Release(payer_phone);
  Release(transfers);
  if (payments.empty()) return out;

  // Only calls from a payer's phone on a day it paid matter.
  std::vector<std::pair<std::uint64_t, std::int64_t>> paying;
  paying.reserve(payments.size());
  for (const Payment& p : payments) paying.emplace_back(p.payer, p.day);
  std::sort(paying.begin(), paying.end());
  paying.erase(std::unique(paying.begin(), paying.end()), paying.end());
  // Callers first; the called number only of calls from a paying phone on its day, since
  // libphonenumber's validation of every distinct number is the costly part.
  const std::vector<RecordIndex> call_records = DatedCalls(records);
  // Which callers paid that day is looked up in parallel: a million-person case has 8M calls,
  // and the binary searches took 2.6 s on one core.
  std::vector<PhoneValue> callers =
      NormalisePhones(data, call_records, Field::kFrom, persons.phone_cache);
  out.callers = FirstValid(callers);
  std::vector<std::uint8_t> paid_that_day(callers.size(), 0);
  parallel::For(0, callers.size(), parallel::kGrainCoarse, [&](std::size_t v) {
    const PhoneValue& value = callers[v];
    if (value.e164 == 0) return;
    const std::int64_t day = DayOf(records.time(value.record).seconds());
    paid_that_day[v] = std::binary_search(paying.begin(), paying.end(), std::pair(value.e164, day));
  });
  std::vector<RecordIndex> from_payer;
  std::vector<std::uint64_t> caller;
  for (std::size_t v = 0; v < callers.size(); ++v) {
    if (paid_that_day[v] == 0 || (!from_payer.empty() && from_payer.back() == callers[v].record)) {
      continue;
    }
    from_payer.push_back(callers[v].record);
    caller.push_back(callers[v].e164);
  }
  Release(callers);
  Release(paid_that_day);
  std::vector<CallOnDay> calls;
  std::size_t next = 0;  // values come in record order, at most one `to` counted per record
  for (const PhoneValue& value :
       NormalisePhones(data, from_payer, Field::kTo, persons.phone_cache)) {
    while (from_payer[next] != value.record) ++next;
    if (value.e164 == 0 || value.e164 == caller[next] ||
        (!calls.empty() && calls.back().record == value.record)) {
      continue;
    }
    const std::int64_t seconds = records.time(value.record).seconds();
    calls.push_back({caller[next], DayOf(seconds), seconds, value.e164, value.record});
  }
  std::sort(calls.begin(), calls.end(),
            [](const CallOnDay& x, const CallOnDay& y) { return x.Key() < y.Key(); });

  std::vector<Vote> votes;
  std::vector<Pointing> pointing;  // in record order
  for (const Payment& p : payments) {
    auto call =
        std::lower_bound(calls.begin(), calls.end(), std::pair(p.payer, p.day),
                         [](const CallOnDay& c, const std::pair<std::uint64_t, std::int64_t>& k) {
                           return std::pair(c.from, c.day) < k;
                         });
    std::uint64_t number = 0;
    bool one = true;
    for (; call != calls.end() && call->from == p.payer && call->day == p.day &&
           call->seconds <= p.latest;
         ++call) {
      if (number != 0 && call->to != number) one = false;
      number = call->to;
    }
    if (number != 0 && one) {
      votes.push_back({p.group, p.day, p.payer, number});
      pointing.push_back({p.payee, p.group, p.day, number});
    }
  }
  out.payments_pointing = votes.size();
  for (const Pointing& p : pointing) out.pointing.push_back(p.mention);  // in record order
  // A client paying one payee twice in a day after one call (an amount split in two) is one
  // piece of evidence, not two.
  std::sort(votes.begin(), votes.end(),
            [](const Vote& x, const Vote& y) { return x.Key() < y.Key(); });
  votes.erase(std::unique(votes.begin(), votes.end(),
                          [](const Vote& x, const Vote& y) {
                            return x.group == y.group && x.day == y.day && x.payer == y.payer;
                          }),
              votes.end());

  // Ties, group by group; numbers get dense ids after the groups in one union-find.
  std::vector<std::uint64_t> numbers;
  for (const Vote& v : votes) numbers.push_back(v.number);
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  const auto groups = static_cast<std::uint32_t>(group_members.size());
  std::vector<std::uint32_t> tie_group;  // per tie, before the ties are sorted
  ConcurrentUnionFind components(groups + static_cast<std::uint32_t>(numbers.size()));
  std::map<std::uint64_t, std::vector<std::int64_t>> days_of_number;
  // A payee's successive numbers are one person's. Only numbers payments point at
  // `min_payments` times: a cell's recruiter and then its transporter are rung by the same
  // migrants one after the other too.
  std::vector<std::uint64_t> paid_numbers;
  {
    std::vector<std::uint64_t> pointed;
    for (const Vote& v : votes) pointed.push_back(v.number);
    std::sort(pointed.begin(), pointed.end());
    for (std::size_t begin = 0; begin < pointed.size();) {
      std::size_t end = begin;
      while (end < pointed.size() && pointed[end] == pointed[begin]) ++end;
      if (end - begin >= options.min_payments) paid_numbers.push_back(pointed[begin]);
      begin = end;
    }
  }
  out.successions =
      FindSuccessions(data, persons, call_records, out.callers, paid_numbers, options.min_payments);
  const auto id_of_number = [&](std::uint64_t number) {
    return static_cast<std::uint32_t>(std::lower_bound(numbers.begin(), numbers.end(), number) -
                                      numbers.begin());
  };
  // The person of each number: the smallest of the numbers that succeeded each other with it.
  std::vector<std::uint32_t> person_of_number(numbers.size());
  {
    ConcurrentUnionFind successive(static_cast<std::uint32_t>(numbers.size()));
    for (const NumberSuccession& succession : out.successions) {
      successive.Unite(id_of_number(succession.previous), id_of_number(succession.next));
      components.Unite(groups + id_of_number(succession.previous),
                       groups + id_of_number(succession.next));
    }
    std::vector<std::uint32_t> smallest(numbers.size(), kNoId);
    for (std::uint32_t n = 0; n < numbers.size(); ++n) {
      std::uint32_t& first = smallest[successive.Find(n)];
      first = std::min(first, n);
    }
    for (std::uint32_t n = 0; n < numbers.size(); ++n) {
      person_of_number[n] = smallest[successive.Find(n)];
    }
  }
  std::map<std::uint32_t, std::uint32_t> payments_to_person;
  std::vector<PayeeCallTie> group_ties;
  for (std::size_t begin = 0; begin < votes.size();) {
    const std::uint32_t group = votes[begin].group;
    std::size_t end = begin;
    while (end < votes.size() && votes[end].group == group) ++end;
    const auto first_vote = votes.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto end_vote = votes.begin() + static_cast<std::ptrdiff_t>(end);
    days_of_number.clear();
    for (auto v = first_vote; v != end_vote; ++v) days_of_number[v->number].push_back(v->day);
    group_ties.clear();
    std::uint32_t explained = 0;
    for (const auto& [number, days] : days_of_number) {
      if (days.size() < options.min_payments) continue;
      const std::int64_t first = days.front(), last = days.back();  // votes are sorted by day
      const auto in_window = static_cast<std::uint32_t>(
          std::upper_bound(first_vote, end_vote, last,
                           [](std::int64_t day, const Vote& v) { return day < v.day; }) -
          std::lower_bound(first_vote, end_vote, first,
                           [](const Vote& v, std::int64_t day) { return v.day < day; }));
      if (static_cast<double>(days.size()) < options.min_share * in_window) continue;
      explained += static_cast<std::uint32_t>(days.size());
      PayeeCallTie tie;
      tie.representative = group_members[group].front();
      tie.mentions = static_cast<std::uint32_t>(group_members[group].size());
      tie.e164 = number;
      tie.payments = static_cast<std::uint32_t>(days.size());
      tie.in_window = in_window;
      tie.first_day = first;
      tie.last_day = last;
      group_ties.push_back(tie);
    }
    // The tied numbers must account for the group's pointing payments as a whole, not only
    // within their windows: where more than that point at numbers tied to nothing, the group is
    // likely two people under one name.
    const double share_needed = options.min_share * static_cast<double>(end - begin);
    if (group_ties.empty() || static_cast<double>(explained) < share_needed) {
      // A group whose payments a person's successive numbers draw between them, no one of
      // them enough, is tied to each they draw (in the share below): the tie windows see one
      // person as several.
      group_ties.clear();
      payments_to_person.clear();
      for (const auto& [number, days] : days_of_number) {
        payments_to_person[person_of_number[id_of_number(number)]] +=
            static_cast<std::uint32_t>(days.size());
      }
      const auto best =
          std::max_element(payments_to_person.begin(), payments_to_person.end(),
                           [](const auto& x, const auto& y) { return x.second < y.second; });
      if (best != payments_to_person.end() && best->second >= options.min_payments) {
        for (const auto& [number, days] : days_of_number) {
          if (person_of_number[id_of_number(number)] != best->first) continue;
          PayeeCallTie tie;
          tie.representative = group_members[group].front();
          tie.mentions = static_cast<std::uint32_t>(group_members[group].size());
          tie.e164 = number;
          tie.payments = static_cast<std::uint32_t>(days.size());
          tie.in_window = static_cast<std::uint32_t>(end - begin);
          tie.first_day = days.front();
          tie.last_day = days.back();
          group_ties.push_back(tie);
        }
        explained = best->second;
      }
    }
    if (!group_ties.empty() && static_cast<double>(explained) >= share_needed) {
      for (const PayeeCallTie& tie : group_ties) {
        components.Unite(group, groups + id_of_number(tie.e164));
        tie_group.push_back(group);
        out.ties.push_back(tie);
      }
    }
    begin = end;
  }
  // Found before the ties are joined, but rows are appended after the ties: ties are indexed by
  // `tie_group` until then.
  PayeeCalls shared;
  FindSharedNames(group_members, votes, numbers, groups, options, components, shared);
  out.kept_apart = std::move(shared.kept_apart);
  out.kept_apart_group = std::move(shared.kept_apart_group);
  const auto finish = [&] {
    out.ties.insert(out.ties.end(), shared.ties.begin(), shared.ties.end());
    std::sort(out.joins.begin(), out.joins.end());
    std::sort(out.ties.begin(), out.ties.end(), [](const PayeeCallTie& x, const PayeeCallTie& y) {
      return std::tuple(x.representative, x.basis, x.e164) <
             std::tuple(y.representative, y.basis, y.e164);
    });
  };
  // Each component's mentions join its smallest one.
  std::vector<std::uint32_t> anchor(groups + numbers.size(), kNoId);
  std::vector<bool> tied(groups, false);
  for (const std::uint32_t g : tie_group) tied[g] = true;
  for (std::uint32_t g = 0; g < groups; ++g) {
    if (!tied[g]) continue;
    std::uint32_t& a = anchor[components.Find(g)];
    a = std::min(a, group_members[g].front());
  }
  for (std::size_t t = 0; t < out.ties.size(); ++t) {
    out.ties[t].anchor = anchor[components.Find(tie_group[t])];
  }
  for (std::uint32_t g = 0; g < groups; ++g) {
    if (!tied[g]) continue;
    const std::uint32_t a = anchor[components.Find(g)];
    for (const std::uint32_t m : group_members[g]) {
      if (m != a) out.joins.emplace_back(m, a);
    }
  }

  // Holders: the number under a tied group's name. A number's ties share one anchor.
  std::map<std::pair<std::uint64_t, std::uint32_t>, std::uint32_t> anchor_of_number_and_name;
  for (const PayeeCallTie& tie : out.ties) {
    anchor_of_number_and_name.emplace(std::pair(tie.e164, persons.name[tie.representative]),
                                      tie.anchor);
  }
  for (std::uint32_t m = 0; m < persons.size(); ++m) {
    if (persons.name[m] == 0) continue;
    for (const std::uint64_t e164 : persons.Phones(m)) {
      const auto it = anchor_of_number_and_name.find({e164, persons.name[m]});
      if (it == anchor_of_number_and_name.end()) continue;
      out.joins.emplace_back(m, it->second);
      PayeeCallTie holder;
      holder.basis = PayeeCallTie::Basis::kHolder;
      holder.representative = m;
      holder.mentions = 1;
      holder.e164 = e164;
      holder.anchor = it->second;
      out.ties.push_back(holder);
      break;
    }
  }
  const std::vector<bool> follows =
      FollowSpellings(persons, group_members, votes, numbers, groups, tied, tie_group, anchor,
                      options, components, out);
  // Lines: a mention of a group neither tied nor following, whose own payer rang a tied number
  // that day, joins that number's person. So does one whose payer rang the number of a person a
  // shared name points at, though no name is tied to him: the first kept-apart line to him is
  // his anchor (it is alone, so his lines join no one else's cluster).
  const auto component_of = [&](std::uint64_t number) {
    return components.Find(groups + id_of_number(number));
  };
  std::vector<bool> shared_person(groups + numbers.size(), false);
  for (const PayeeCallTie& tie : shared.ties) shared_person[component_of(tie.e164)] = true;
  for (const Pointing& p : pointing) {  // in record order: each anchor is the smallest
    const std::uint32_t c = component_of(p.number);
    if (anchor[c] == kNoId && shared_person[c] &&
        std::binary_search(out.kept_apart.begin(), out.kept_apart.end(), p.mention)) {
      anchor[c] = p.mention;
    }
  }
  for (const PayeeCallTie& tie : shared.ties) {
    const std::uint32_t a = anchor[component_of(tie.e164)];
    if (a != kNoId) out.shared_people.push_back({tie.representative, tie.e164, a});
  }
  std::sort(out.shared_people.begin(), out.shared_people.end());
  for (const Pointing& p : pointing) {
    if (tied[p.group] || follows[p.group]) continue;
    const std::uint32_t a = anchor[component_of(p.number)];
    if (a == kNoId) continue;
    if (a != p.mention) out.joins.emplace_back(p.mention, a);
    PayeeCallTie line;
    line.basis = PayeeCallTie::Basis::kLine;
    line.representative = p.mention;
    line.mentions = line.payments = line.in_window = 1;
    line.e164 = p.number;
    line.first_day = line.last_day = p.day;
    line.anchor = a;
    out.ties.push_back(line);
  }
  // Names written for several people, none of them tied or shared ("Muhammad" for a dozen
  // hawaladars): the people with an anchor whose numbers at least `min_payments` of the
  // group's payments point at. A payer's call may still say which of them a line meant.
  std::vector<std::uint32_t> shared_representatives;
  for (const PayeeCallTie& tie : shared.ties) shared_representatives.push_back(tie.representative);
  SortUnique(shared_representatives);
  std::map<std::uint32_t, std::map<std::uint64_t, std::uint32_t>> by_person;
  for (std::size_t begin = 0; begin < votes.size();) {
    const std::uint32_t group = votes[begin].group;
    std::size_t end = begin;
    while (end < votes.size() && votes[end].group == group) ++end;
    const std::uint32_t representative = group_members[group].front();
    if (tied[group] || follows[group] ||
        std::binary_search(shared_representatives.begin(), shared_representatives.end(),
                           representative)) {
      begin = end;
      continue;
    }
    by_person.clear();
    for (std::size_t v = begin; v < end; ++v)
      ++by_person[component_of(votes[v].number)][votes[v].number];
    begin = end;
    bool any = false;
    for (const auto& [component, by_number] : by_person) {
      std::uint32_t payments = 0;
      for (const auto& [number, count] : by_number) payments += count;
      if (payments < options.min_payments || anchor[component] == kNoId) continue;
      const std::uint64_t e164 =
          std::max_element(by_number.begin(), by_number.end(), [](const auto& x, const auto& y) {
            return x.second < y.second;
          })->first;
      out.named_people.push_back({representative, e164, anchor[component]});
      any = true;
    }
    if (!any) continue;
    for (const std::uint32_t m : group_members[group]) out.named.emplace_back(m, representative);
  }
  std::sort(out.named_people.begin(), out.named_people.end());
  std::sort(out.named.begin(), out.named.end());
  for (NumberSuccession& succession : out.successions) {
    succession.anchor = anchor[component_of(succession.previous)];
  }
  finish();
  return out;
}

namespace {

// The place a payment names, as a dense id (0: none) of its place key (PlaceMatcher): one
// gazetteer place in any spelling or script is one id. Each distinct raw text is matched once.
class PaymentPlaces {
 public:
  explicit PaymentPlaces(const RecordTable& records) : records_(records) {}
  std::uint32_t Of(RecordIndex transfer) {
    for (const FieldValue& value : records_.fields(transfer)) {
      if (value.field != Field::kPlace) continue;
      const auto [raw, added] = place_of_raw_.try_emplace(value.value, 0);
      if (added) {
        const std::string key = matcher_.Key(records_.strings().View(value.value));
        if (!key.empty()) {
          raw->second =
              place_of_key_.try_emplace(key, static_cast<std::uint32_t>(place_of_key_.size() + 1))
                  .first->second;
        }
      }
      return raw->second;
    }
    return 0;
  }

 private:
  const RecordTable& records_;
  PlaceMatcher matcher_;
  std::unordered_map<StringId, std::uint32_t> place_of_raw_;
  std::unordered_map<std::string, std::uint32_t> place_of_key_;
};

// The people a mention's name points at: a shared group's, or a named group's (none for any
// other mention).
std::span<const SharedPerson> PeopleOf(const PayeeCalls& payees, std::uint32_t payee) {
  const auto by_group = [](const SharedPerson& x, const SharedPerson& y) {
    return x.group < y.group;
  };
  const auto kept = std::lower_bound(payees.kept_apart.begin(), payees.kept_apart.end(), payee);
  if (kept != payees.kept_apart.end() && *kept == payee) {
    const std::uint32_t group =
        payees.kept_apart_group[static_cast<std::size_t>(kept - payees.kept_apart.begin())];
    const auto [first, last] =
        std::equal_range(payees.shared_people.begin(), payees.shared_people.end(),
                         SharedPerson{group, 0, 0}, by_group);
    return std::span<const SharedPerson>(first, last);
  }
  const auto named = std::lower_bound(payees.named.begin(), payees.named.end(),
                                      std::pair(payee, std::uint32_t{0}));
  if (named == payees.named.end() || named->first != payee) return {};
  const auto [first, last] =
      std::equal_range(payees.named_people.begin(), payees.named_people.end(),
                       SharedPerson{named->second, 0, 0}, by_group);
  return std::span<const SharedPerson>(first, last);
}

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinByPayers(
    const CaseData& data, const PersonMentions& persons, const std::vector<std::uint32_t>& label,
    const PayeeCallOptions& options, PayeeCalls& payees) {
  if (payees.shared_people.empty() && payees.named_people.empty()) return {};
  // Payments by payer's cluster, then record.
  std::vector<Paid> paid = PaymentsBetweenMentions(data, persons);
  std::stable_sort(paid.begin(), paid.end(),
                   [&](const Paid& x, const Paid& y) { return label[x.payer] < label[y.payer]; });
  std::vector<std::uint32_t> cluster_size(label.size(), 0);
  for (const std::uint32_t root : label) ++cluster_size[root];
  // A line has its own payment's evidence, which a judgement may have refused, and so has a
  // mention this rule or its payer's caller placed before; and the only kept-apart anchors are
  // lines, which must stay where the joins to them go.
  std::vector<std::uint32_t> lines;
  for (const PayeeCallTie& tie : payees.ties) {
    if (tie.basis == PayeeCallTie::Basis::kLine || tie.basis == PayeeCallTie::Basis::kPayer ||
        tie.basis == PayeeCallTie::Basis::kCalled) {
      lines.push_back(tie.representative);
    }
  }
  std::sort(lines.begin(), lines.end());

  std::vector<PayeeCallTie> rows;
  for (std::size_t begin = 0; begin < paid.size();) {
    std::size_t end = begin;
    while (end < paid.size() && label[paid[end].payer] == label[paid[begin].payer]) ++end;
    const auto payments = static_cast<std::uint32_t>(end - begin);
    for (std::size_t i = begin; payments <= options.max_payer_payments && i < end; ++i) {
      const std::uint32_t line = paid[i].payee;
      if (cluster_size[label[line]] != 1 || std::binary_search(lines.begin(), lines.end(), line)) {
        continue;
      }
      const std::span<const SharedPerson> people = PeopleOf(payees, line);
      const SharedPerson* chosen = nullptr;
      std::uint32_t votes = 0;
      bool several = false;
      for (auto person = people.begin(); person != people.end() && !several; ++person) {
        const std::uint32_t target = label[person->anchor];
        std::uint32_t to_person = 0;
        for (std::size_t j = begin; j < end; ++j) {
          if (label[paid[j].payee] == target) ++to_person;  // never the line: it is no anchor
        }
        if (to_person == 0) continue;
        several = chosen != nullptr && label[chosen->anchor] != target;
        chosen = &*person;
        votes = to_person;
      }
      if (chosen == nullptr || several) continue;
      rows.push_back(PersonRow(PayeeCallTie::Basis::kPayer, line, *chosen, votes, payments));
    }
    begin = end;
  }
  return AppendRows(std::move(rows), payees);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinPayersByCalls(
    const CaseData& data, const PersonMentions& persons, const std::vector<std::uint32_t>& label,
    const PayeeCallOptions& options, PayeeCalls& payees) {
  CallerNumbers callers = std::move(payees.callers);
  Release(payees.callers);
  if (!options.enabled) return {};
  const RecordTable& records = data.records;
  const auto skeleton = [&](std::uint32_t m) { return persons.skeleton_of_name[persons.name[m]]; };
  const auto tokens = [&](std::uint32_t m) {
    return persons.token_begin[persons.name[m] + 1] - persons.token_begin[persons.name[m]];
  };
  std::vector<std::uint32_t> cluster_size(label.size(), 0);
  for (const std::uint32_t root : label) ++cluster_size[root];
  // A line still alone has no number of its own, but a shared or named name points at its
  // people: its payer rang one of them.
  const auto people_of_line = [&](std::uint32_t payee) {
    const auto none = std::span<const SharedPerson>();
    if (cluster_size[label[payee]] != 1) return none;
    return PeopleOf(payees, payee);
  };

  // Dated payments, with the place the ledger wrote (0: none), and which of them are a lone
  // name-only payer's of two names or more (one name, "Stanikzai", is a whole clan's).
  struct Dated {
    std::uint32_t payer = 0;
    std::uint32_t payee = 0;
    std::int64_t day = 0;
    std::uint32_t place = 0;
    std::uint32_t name_with_people = kNoId;  // of a line whose name points at people: below
    std::uint32_t index = 0;                 // in `dated`
  };
  PaymentPlaces places(records);
  std::vector<Dated> dated, lone;
  for (const Paid& payment : PaymentsBetweenMentions(data, persons)) {
    const PartialTime& time = records.time(payment.transfer);
    if (!AtLeastDay(time)) continue;
    const std::uint32_t place = places.Of(payment.transfer);
    dated.push_back({payment.payer, payment.payee, DayOf(time.seconds()), place, kNoId,
                     static_cast<std::uint32_t>(dated.size())});
  }
  // The names with people that lines still alone are written under, numbered; a payment is
  // looked at several times below, and the look-ups are into arrays of millions.
  parallel::For(0, dated.size(), parallel::kGrainCoarse, [&](std::size_t i) {
    const auto people = people_of_line(dated[i].payee);
    if (!people.empty()) dated[i].name_with_people = people.front().group;
  });
  std::vector<std::uint32_t> names_with_people;  // their groups' representatives
  for (const Dated& d : dated) {
    if (d.name_with_people != kNoId) names_with_people.push_back(d.name_with_people);
  }
  SortUnique(names_with_people);
  for (Dated& d : dated) {
    if (d.name_with_people == kNoId) continue;
    d.name_with_people = static_cast<std::uint32_t>(
        std::lower_bound(names_with_people.begin(), names_with_people.end(), d.name_with_people) -
        names_with_people.begin());
  }
  for (const Dated& d : dated) {
    if (NameOnly(persons, d.payer) && cluster_size[label[d.payer]] == 1 && tokens(d.payer) >= 2) {
      lone.push_back(d);
    }
  }
  if (lone.empty()) return {};
  // Only a lone payer's day and name matter to the namesakes' payments.
  std::vector<std::pair<std::int64_t, std::uint32_t>> lone_names;
  for (const Dated& d : lone) lone_names.emplace_back(d.day, skeleton(d.payer));
  SortUnique(lone_names);
  const auto namesake_of_lone = [&](const Dated& d) {
    return persons.name[d.payer] != 0 && std::binary_search(lone_names.begin(), lone_names.end(),
                                                            std::pair(d.day, skeleton(d.payer)));
  };

  // The clusters a payment went to: its payee's, or those of the people its line's name points
  // at, worked out once per name (a name written for a hundred people has thousands of
  // payments).
  std::vector<std::span<const SharedPerson>> people_of_name(names_with_people.size());
  std::vector<std::vector<std::uint32_t>> clusters_of_name(names_with_people.size());
  for (std::size_t n = 0; n < names_with_people.size(); ++n) {
    people_of_name[n] = PeopleOf(payees, names_with_people[n]);  // a mention of its group
    for (const SharedPerson& person : people_of_name[n]) {
      clusters_of_name[n].push_back(label[person.anchor]);
    }
    SortUnique(clusters_of_name[n]);
  }
  const auto clusters_paid = [&](const Dated& d) {
    return d.name_with_people == kNoId
               ? std::span<const std::uint32_t>(&label[d.payee], 1)
               : std::span<const std::uint32_t>(clusters_of_name[d.name_with_people]);
  };
  // The numbers of the clusters those payments went to, as (cluster, number).
  std::vector<bool> payee_clusters(label.size(), false);
  for (const Dated& d : dated) {
    if (!namesake_of_lone(d)) continue;
    for (const std::uint32_t cluster : clusters_paid(d)) payee_clusters[cluster] = true;
  }
  std::vector<std::pair<std::uint32_t, std::uint64_t>> numbers_of;
  for (std::uint32_t m = 0; m < persons.size(); ++m) {
    if (!payee_clusters[label[m]]) continue;
    for (const std::uint64_t number : persons.Phones(m)) numbers_of.emplace_back(label[m], number);
  }
  // A hawaladar's entity often holds his payees' lines and no mention carrying a phone: the
  // numbers its mentions' payments point at (as groups or as lines) are his all the same,
  // whether or not a guard held back their joins (the payments still point there).
  for (const PayeeCallTie& tie : payees.ties) {
    const bool points =
        tie.basis == PayeeCallTie::Basis::kPayments || tie.basis == PayeeCallTie::Basis::kLine;
    if (points && payee_clusters[label[tie.representative]]) {
      numbers_of.emplace_back(label[tie.representative], tie.e164);
    }
  }
  Release(payee_clusters);
  SortUnique(numbers_of);
  std::vector<std::uint64_t> numbers_flat;  // numbers_of's numbers: each cluster's, ascending
  for (const auto& [cluster, number] : numbers_of) numbers_flat.push_back(number);
  const auto numbers_of_cluster = [&](std::uint32_t cluster) {
    const auto first = std::lower_bound(numbers_of.begin(), numbers_of.end(),
                                        std::pair(cluster, std::uint64_t{0}));
    auto last = first;
    while (last != numbers_of.end() && last->first == cluster) ++last;
    return std::span<const std::uint64_t>(numbers_flat.data() + (first - numbers_of.begin()),
                                          static_cast<std::size_t>(last - first));
  };
  std::vector<std::vector<std::uint64_t>> numbers_of_name(names_with_people.size());
  for (std::size_t n = 0; n < names_with_people.size(); ++n) {
    for (const std::uint32_t cluster : clusters_of_name[n]) {
      const auto numbers = numbers_of_cluster(cluster);
      numbers_of_name[n].insert(numbers_of_name[n].end(), numbers.begin(), numbers.end());
    }
    SortUnique(numbers_of_name[n]);
  }
  // A payment's numbers, ascending (a number two of its clusters hold counts once).
  const auto numbers_paid = [&](const Dated& d) {
    return d.name_with_people == kNoId
               ? numbers_of_cluster(label[d.payee])
               : std::span<const std::uint64_t>(numbers_of_name[d.name_with_people]);
  };
  std::vector<std::pair<std::uint64_t, std::uint32_t>> clusters_of_number;
  for (const auto& [cluster, number] : numbers_of) clusters_of_number.emplace_back(number, cluster);
  std::sort(clusters_of_number.begin(), clusters_of_number.end());
  // Each of `clusters` (ascending) a call to `called` reached.
  const auto reached = [&](std::uint64_t called, std::span<const std::uint32_t> clusters) {
    std::vector<std::uint32_t> found;
    auto it = std::lower_bound(clusters_of_number.begin(), clusters_of_number.end(),
                               std::pair(called, std::uint32_t{0}));
    for (; it != clusters_of_number.end() && it->first == called; ++it) {
      if (std::binary_search(clusters.begin(), clusters.end(), it->second)) {
        found.push_back(it->second);
      }
    }
    return found;
  };
  const auto reaches_any = [&](std::uint64_t called, std::span<const std::uint32_t> clusters) {
    auto it = std::lower_bound(clusters_of_number.begin(), clusters_of_number.end(),
                               std::pair(called, std::uint32_t{0}));
    for (; it != clusters_of_number.end() && it->first == called; ++it) {
      if (std::binary_search(clusters.begin(), clusters.end(), it->second)) return true;
    }
    return false;
  };

  // The namesakes' payments by (day, payer's name skeleton): two payers of one name paying one
  // person on one day leave no telling whose call was whose. By number, not by the payee's
  // cluster, since a hawaladar's payee mentions are often in several; a payee no number
  // identifies may be the same man if paid in the same place, or where either payment names
  // none.
  std::vector<std::tuple<std::int64_t, std::uint32_t, std::size_t>> namesakes;  // into `dated`
  for (std::size_t i = 0; i < dated.size(); ++i) {
    if (namesake_of_lone(dated[i])) {
      namesakes.emplace_back(dated[i].day, skeleton(dated[i].payer), i);
    }
  }
  std::sort(namesakes.begin(), namesakes.end());
  const auto refused_by_namesake = [&](const Dated& d, std::span<const std::uint64_t> numbers) {
    const std::uint32_t name = skeleton(d.payer);
    auto it = std::lower_bound(namesakes.begin(), namesakes.end(),
                               std::tuple(d.day, name, std::size_t{0}));
    for (; it != namesakes.end() && std::get<0>(*it) == d.day && std::get<1>(*it) == name; ++it) {
      if (std::get<2>(*it) == d.index) continue;
      const Dated& other = dated[std::get<2>(*it)];
      const std::span<const std::uint64_t> other_numbers = numbers_paid(other);
      if (other_numbers.empty()) {
        if (other.place == 0 || d.place == 0 || other.place == d.place) return true;
        continue;
      }
      for (const std::uint64_t number : other_numbers) {
        if (std::binary_search(numbers.begin(), numbers.end(), number)) return true;
      }
    }
    return false;
  };

  // Calls to the lone payers' payees' numbers on the lone payers' days, as (called, day,
  // caller): any of them on any of those days, since a name written for a hundred people gives
  // each of its payments all their numbers, too many (number, day) pairs to list, and a payment
  // reads only its own day's calls to its own numbers below.
  std::vector<std::uint64_t> wanted;
  std::vector<std::int64_t> days;
  {
    std::vector<bool> paid_by_lone(label.size(), false), name_paid(names_with_people.size(), false);
    for (const Dated& d : lone) {
      days.push_back(d.day);
      const std::uint32_t n = d.name_with_people;
      if (n == kNoId) {
        paid_by_lone[label[d.payee]] = true;
      } else if (!name_paid[n]) {
        name_paid[n] = true;
        for (const std::uint32_t cluster : clusters_of_name[n]) paid_by_lone[cluster] = true;
      }
    }
    for (const auto& [cluster, number] : numbers_of) {
      if (paid_by_lone[cluster]) wanted.push_back(number);
    }
  }
  if (wanted.empty()) return {};
  SortUnique(wanted);
  SortUnique(days);
  std::vector<RecordIndex> to_wanted;
  std::vector<std::pair<std::uint64_t, std::int64_t>> called;
  for (const CallTo& call : CallsTo(
           data, persons, DatedCalls(records), wanted,
           [&](std::int64_t day) { return std::binary_search(days.begin(), days.end(), day); })) {
    to_wanted.push_back(call.record);
    called.emplace_back(call.called, call.day);
  }
  if (!callers.parsed) {
    callers = FirstValid(NormalisePhones(data, to_wanted, Field::kFrom, persons.phone_cache));
  }
  std::vector<std::tuple<std::uint64_t, std::int64_t, std::uint64_t>> calls;
  for (std::size_t i = 0; i < to_wanted.size(); ++i) {
    const auto it = std::lower_bound(callers.calls.begin(), callers.calls.end(), to_wanted[i]);
    if (it == callers.calls.end() || *it != to_wanted[i]) continue;
    const std::uint64_t from = callers.from[static_cast<std::size_t>(it - callers.calls.begin())];
    if (from != 0 && from != called[i].first) {
      calls.emplace_back(called[i].first, called[i].second, from);
    }
  }
  Release(callers);
  SortUnique(calls);

  // The callers' numbers as mentions carry them, one holder per number and cluster (its
  // smallest mention: a migrant's tickets all carry his phone); the name skeletons and the
  // days of payment of those clusters.
  std::vector<std::uint64_t> caller_numbers;
  for (const auto& call : calls) caller_numbers.push_back(std::get<2>(call));
  SortUnique(caller_numbers);
  std::vector<std::uint8_t> holds(persons.size(), 0);
  parallel::For(0, persons.size(), parallel::kGrainCoarse, [&](std::size_t m) {
    for (const std::uint64_t number : persons.Phones(m)) {
      holds[m] |= std::binary_search(caller_numbers.begin(), caller_numbers.end(), number);
    }
  });
  std::vector<std::tuple<std::uint64_t, std::uint32_t, std::uint32_t>> holders;
  for (std::uint32_t m = 0; m < persons.size(); ++m) {
    if (holds[m] == 0) continue;
    for (const std::uint64_t number : persons.Phones(m)) {
      if (std::binary_search(caller_numbers.begin(), caller_numbers.end(), number)) {
        holders.emplace_back(number, label[m], m);
      }
    }
  }
  Release(holds);
  std::sort(holders.begin(), holders.end());
  holders.erase(std::unique(holders.begin(), holders.end(),
                            [](const auto& x, const auto& y) {
                              return std::get<0>(x) == std::get<0>(y) &&
                                     std::get<1>(x) == std::get<1>(y);
                            }),
                holders.end());
  std::vector<bool> holding(label.size(), false);
  for (const auto& holder : holders) holding[std::get<1>(holder)] = true;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> skeletons;
  for (std::uint32_t m = 0; m < persons.size(); ++m) {
    if (holding[label[m]] && persons.name[m] != 0) skeletons.emplace_back(label[m], skeleton(m));
  }
  SortUnique(skeletons);
  // Days each holding cluster paid: a person pays once a day, so a caller whose cluster paid
  // on the day is not the lone payer (he is a namesake of the same group).
  std::vector<std::pair<std::uint32_t, std::int64_t>> paid_on;
  for (const Dated& d : dated) {
    if (holding[label[d.payer]]) paid_on.emplace_back(label[d.payer], d.day);
  }
  SortUnique(paid_on);
  // The calls whose caller's cluster bears the name of a lone payer of that day and did not pay
  // that day, by (name, day, called): a hawaladar takes hundreds of calls a day on a large
  // case, and a payer's name picks out a few of them.
  struct NamedCall {
    std::uint32_t name = 0;
    std::int64_t day = 0;
    std::uint64_t called = 0;
    std::uint32_t cluster = 0;
    std::uint64_t caller = 0;
    std::uint32_t holder = 0;  // the cluster's smallest mention carrying the caller's number
    auto Key() const { return std::tie(name, day, called, cluster, caller, holder); }
  };
  std::vector<NamedCall> named_calls;
  for (const auto& [called, day, caller] : calls) {
    auto holder = std::lower_bound(holders.begin(), holders.end(), std::tuple(caller, 0u, 0u));
    for (; holder != holders.end() && std::get<0>(*holder) == caller; ++holder) {
      const std::uint32_t cluster = std::get<1>(*holder);
      if (std::binary_search(paid_on.begin(), paid_on.end(), std::pair(cluster, day))) continue;
      auto name = std::lower_bound(skeletons.begin(), skeletons.end(), std::pair(cluster, 0u));
      for (; name != skeletons.end() && name->first == cluster; ++name) {
        if (std::binary_search(lone_names.begin(), lone_names.end(),
                               std::pair(day, name->second))) {
          named_calls.push_back({name->second, day, called, cluster, caller, std::get<2>(*holder)});
        }
      }
    }
  }
  std::sort(named_calls.begin(), named_calls.end(),
            [](const NamedCall& x, const NamedCall& y) { return x.Key() < y.Key(); });
  const auto named_calls_on = [&](std::uint32_t name, std::int64_t day) {
    const auto [first, last] =
        std::equal_range(named_calls.begin(), named_calls.end(), NamedCall{name, day, 0, 0, 0, 0},
                         [](const NamedCall& x, const NamedCall& y) {
                           return std::tie(x.name, x.day) < std::tie(y.name, y.day);
                         });
    return std::span<const NamedCall>(first, last);
  };

  // Each lone payment is decided on its own, so in parallel, into its own slot.
  std::vector<PayeeCallTie> decided(lone.size()), decided_line(lone.size());
  std::vector<std::uint8_t> joined(lone.size(), 0), line_found(lone.size(), 0);
  parallel::For(0, lone.size(), parallel::kGrainFine, [&](std::size_t i) {
    const Dated& d = lone[i];
    const std::uint32_t name = skeleton(d.payer);
    const std::span<const std::uint32_t> clusters = clusters_paid(d);
    // The one cluster of the name that rang the payee; its smallest number that did.
    const NamedCall* target = nullptr;
    for (const NamedCall& call : named_calls_on(name, d.day)) {
      if (!reaches_any(call.called, clusters)) continue;
      if (target != nullptr && call.cluster != target->cluster) return;
      if (target == nullptr || call.caller < target->caller) target = &call;
    }
    if (target == nullptr) return;
    const std::span<const std::uint64_t> numbers = numbers_paid(d);
    if (refused_by_namesake(d, numbers)) return;
    // A line whose name points at people goes to the one of them the caller rang.
    if (d.name_with_people != kNoId) {
      const std::span<const SharedPerson> people = people_of_name[d.name_with_people];
      std::uint32_t person_cluster = kNoId;
      std::uint64_t person_number = 0;
      bool two_people = false;
      for (const NamedCall& call : named_calls_on(name, d.day)) {  // all the target's, above
        for (const std::uint32_t cluster : reached(call.called, clusters)) {
          if (cluster == person_cluster) continue;
          two_people = two_people || person_cluster != kNoId;
          person_cluster = cluster;
          person_number = call.called;
        }
      }
      if (!two_people) {
        const auto person = std::find_if(people.begin(), people.end(), [&](const SharedPerson& p) {
          return label[p.anchor] == person_cluster;
        });
        PayeeCallTie& line = decided_line[i];
        line.basis = PayeeCallTie::Basis::kCalled;
        line.representative = d.payee;
        line.mentions = line.payments = 1;
        line.in_window = static_cast<std::uint32_t>(people.size());
        line.e164 = person_number;
        line.first_day = line.last_day = d.day;
        line.anchor = person->anchor;
        line_found[i] = 1;
      }
    }
    PayeeCallTie& row = decided[i];
    row.basis = PayeeCallTie::Basis::kCaller;
    row.representative = d.payer;
    row.mentions = 1;
    row.e164 = target->caller;
    row.payments = 1;
    row.in_window = static_cast<std::uint32_t>(numbers.size());
    row.first_day = row.last_day = d.day;
    row.anchor = target->holder;
    joined[i] = 1;
  });
  std::vector<PayeeCallTie> rows;
  std::vector<CalledLine> called_lines;
  for (std::size_t i = 0; i < lone.size(); ++i) {
    if (joined[i] == 0) continue;
    rows.push_back(decided[i]);
    if (line_found[i] != 0) {
      called_lines.push_back({lone[i].payer, decided[i].anchor, decided_line[i]});
    }
  }
  // Two payers joining one caller on one day (two hawaladars he rang, each paid by a namesake)
  // would make him pay twice that day: neither joins.
  std::vector<std::pair<std::uint32_t, std::int64_t>> targets;
  for (const PayeeCallTie& row : rows) targets.emplace_back(label[row.anchor], row.first_day);
  std::sort(targets.begin(), targets.end());
  std::erase_if(rows, [&](const PayeeCallTie& row) {
    const auto [first, last] = std::equal_range(targets.begin(), targets.end(),
                                                std::pair(label[row.anchor], row.first_day));
    return last - first > 1;
  });
  payees.called_lines = std::move(called_lines);
  return AppendRows(std::move(rows), payees);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinLinesByCallers(
    const std::vector<std::uint32_t>& label, PayeeCalls& payees) {
  std::vector<PayeeCallTie> rows;
  for (const CalledLine& called : payees.called_lines) {
    if (label[called.payer] == label[called.caller]) rows.push_back(called.line);
  }
  Release(payees.called_lines);
  return AppendRows(std::move(rows), payees);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinLinesByPlace(
    const CaseData& data, const PersonMentions& persons, const std::vector<std::uint32_t>& label,
    const PayeeCallOptions& options, PayeeCalls& payees) {
  if (payees.shared_people.empty() && payees.named_people.empty()) return {};
  std::vector<std::uint32_t> cluster_size(label.size(), 0);
  for (const std::uint32_t root : label) ++cluster_size[root];
  // Lines with a row of their own, or whose payer rang one number that day (tied to no one,
  // perhaps a second man under the name with no anchor), have their own evidence: they are not
  // placed. Those that joined by the number their payer rang (a line, a called line) vote: a
  // payer's line follows its payer's other payments, and an organiser paying his transporter
  // under a hawaladar's name would make the transporter the place's man for it.
  std::vector<std::uint32_t> own_rows, rang;
  for (const PayeeCallTie& tie : payees.ties) {
    const bool by_call =
        tie.basis == PayeeCallTie::Basis::kLine || tie.basis == PayeeCallTie::Basis::kCalled;
    if (by_call || tie.basis == PayeeCallTie::Basis::kPayer) own_rows.push_back(tie.representative);
    if (by_call && tie.joined) rang.push_back(tie.representative);
  }
  own_rows.insert(own_rows.end(), payees.pointing.begin(), payees.pointing.end());
  std::sort(own_rows.begin(), own_rows.end());
  std::sort(rang.begin(), rang.end());

  // Lines of names with people, by (name's group, place, line): one sort leaves each name's
  // lines in each place together.
  struct Placed {
    std::uint32_t group = 0, place = 0, line = 0;
    auto Key() const { return std::tie(group, place, line); }
  };
  std::vector<Placed> placed;
  PaymentPlaces places(data.records);
  for (const Paid& payment : PaymentsBetweenMentions(data, persons)) {
    const std::span<const SharedPerson> people = PeopleOf(payees, payment.payee);
    if (people.empty()) continue;
    const std::uint32_t place = places.Of(payment.transfer);
    if (place != 0) placed.push_back({people.front().group, place, payment.payee});
  }
  std::sort(placed.begin(), placed.end(),
            [](const Placed& x, const Placed& y) { return x.Key() < y.Key(); });

  std::vector<PayeeCallTie> rows;
  for (std::size_t begin = 0; begin < placed.size();) {
    std::size_t end = begin;
    while (end < placed.size() && placed[end].group == placed[begin].group &&
           placed[end].place == placed[begin].place) {
      ++end;
    }
    // The lines there that joined by their payer's call all went to one cluster, at least
    // min_payments of them, and it holds one of the name's people (two people the joins put in
    // one cluster are one).
    std::uint32_t target = kNoId, votes = 0;
    bool dissent = false;
    for (std::size_t i = begin; i < end && !dissent; ++i) {
      if (!std::binary_search(rang.begin(), rang.end(), placed[i].line)) continue;
      const std::uint32_t cluster = label[placed[i].line];
      dissent = target != kNoId && cluster != target;
      target = cluster;
      ++votes;
    }
    const std::span<const SharedPerson> people = PeopleOf(payees, placed[begin].line);
    const auto person = std::find_if(people.begin(), people.end(), [&](const SharedPerson& p) {
      return label[p.anchor] == target;
    });
    if (dissent || person == people.end() || votes < options.min_payments) {
      begin = end;
      continue;
    }
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t line = placed[i].line;
      if (cluster_size[label[line]] != 1 ||
          std::binary_search(own_rows.begin(), own_rows.end(), line)) {
        continue;
      }
      rows.push_back(PersonRow(PayeeCallTie::Basis::kPlace, line, *person, votes,
                               static_cast<std::uint32_t>(end - begin)));
    }
    begin = end;
  }
  return AppendRows(std::move(rows), payees);
}

}  // namespace corridor
