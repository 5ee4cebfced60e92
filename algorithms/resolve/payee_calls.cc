#include "algorithms/resolve/payee_calls.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "algorithms/union_find.h"
#include "engine/parallel.h"
#include "engine/record_finder.h"

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
  payer_phone = {};
  transfers = {};
  if (payments.empty()) return out;

  // Only calls from a payer's phone on a day it paid matter.
  std::vector<std::pair<std::uint64_t, std::int64_t>> paying;
  paying.reserve(payments.size());
  for (const Payment& p : payments) paying.emplace_back(p.payer, p.day);
  std::sort(paying.begin(), paying.end());
  paying.erase(std::unique(paying.begin(), paying.end()), paying.end());
  // Callers first; the called number only of calls from a paying phone on its day, since
  // libphonenumber's validation of every distinct number is the costly part.
  std::vector<RecordIndex> call_records;
  for (RecordIndex r = 0; r < records.size(); ++r) {
    if (records.kind(r) == RecordKind::kCall && AtLeastDay(records.time(r))) {
      call_records.push_back(r);
    }
  }
  // Which callers paid that day is looked up in parallel: a million-person case has 8M calls,
  // and the binary searches took 2.6 s on one core.
  std::vector<PhoneValue> callers =
      NormalisePhones(data, call_records, Field::kFrom, persons.phone_cache);
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
  callers = {};
  paid_that_day = {};
  call_records = {};
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
    if (!group_ties.empty() &&
        static_cast<double>(explained) >= options.min_share * static_cast<double>(end - begin)) {
      for (const PayeeCallTie& tie : group_ties) {
        const auto number_id = static_cast<std::uint32_t>(
            std::lower_bound(numbers.begin(), numbers.end(), tie.e164) - numbers.begin());
        components.Unite(group, groups + number_id);
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
    return components.Find(
        groups + static_cast<std::uint32_t>(
                     std::lower_bound(numbers.begin(), numbers.end(), number) - numbers.begin()));
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
  finish();
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinByPayers(
    const CaseData& data, const PersonMentions& persons, const std::vector<std::uint32_t>& label,
    const PayeeCallOptions& options, PayeeCalls& payees) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> joins;
  if (payees.kept_apart.empty() || payees.shared_people.empty()) return joins;
  const RecordTable& records = data.records;
  const auto mention_of = [&](RecordIndex r) {
    const auto it = std::lower_bound(persons.records.begin(), persons.records.end(), r);
    return it != persons.records.end() && *it == r
               ? static_cast<std::uint32_t>(it - persons.records.begin())
               : kNoId;
  };
  // Payments as (payer's cluster, payee mention), by payer's cluster then record.
  struct Paid {
    std::uint32_t payer_cluster = 0;
    std::uint32_t payee = 0;
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
    if (payer == kNoId || payee == kNoId) continue;
    paid.push_back({label[payer], payee});
  }
  std::stable_sort(paid.begin(), paid.end(),
                   [](const Paid& x, const Paid& y) { return x.payer_cluster < y.payer_cluster; });
  std::vector<std::uint32_t> cluster_size(label.size(), 0);
  for (const std::uint32_t root : label) ++cluster_size[root];
  // A line has its own payment's evidence, which a judgement may have refused; and the only
  // kept-apart anchors are lines, which must stay where the joins to them go.
  std::vector<std::uint32_t> lines;
  for (const PayeeCallTie& tie : payees.ties) {
    if (tie.basis == PayeeCallTie::Basis::kLine) lines.push_back(tie.representative);
  }
  std::sort(lines.begin(), lines.end());

  std::vector<PayeeCallTie> rows;
  for (std::size_t begin = 0; begin < paid.size();) {
    std::size_t end = begin;
    while (end < paid.size() && paid[end].payer_cluster == paid[begin].payer_cluster) ++end;
    const auto payments = static_cast<std::uint32_t>(end - begin);
    for (std::size_t i = begin; payments <= options.max_payer_payments && i < end; ++i) {
      const std::uint32_t line = paid[i].payee;
      if (cluster_size[label[line]] != 1 || std::binary_search(lines.begin(), lines.end(), line)) {
        continue;
      }
      const auto kept = std::lower_bound(payees.kept_apart.begin(), payees.kept_apart.end(), line);
      if (kept == payees.kept_apart.end() || *kept != line) continue;
      const std::uint32_t group =
          payees.kept_apart_group[static_cast<std::size_t>(kept - payees.kept_apart.begin())];
      const auto [first, last] = std::equal_range(
          payees.shared_people.begin(), payees.shared_people.end(), SharedPerson{group, 0, 0},
          [](const SharedPerson& x, const SharedPerson& y) { return x.group < y.group; });
      const SharedPerson* chosen = nullptr;
      std::uint32_t votes = 0;
      bool several = false;
      for (auto person = first; person != last && !several; ++person) {
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
      PayeeCallTie row;
      row.basis = PayeeCallTie::Basis::kPayer;
      row.representative = line;
      row.mentions = 1;
      row.e164 = chosen->e164;
      row.payments = votes;
      row.in_window = payments;
      row.anchor = chosen->anchor;
      rows.push_back(row);
    }
    begin = end;
  }
  std::sort(rows.begin(), rows.end(), [](const PayeeCallTie& x, const PayeeCallTie& y) {
    return x.representative < y.representative;
  });
  // A payee on two payments' rows (no loader writes one) would give a mention two anchors.
  std::vector<PayeeCallTie> once;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool repeated =
        (i > 0 && rows[i - 1].representative == rows[i].representative) ||
        (i + 1 < rows.size() && rows[i + 1].representative == rows[i].representative);
    if (!repeated) once.push_back(rows[i]);
  }
  rows = std::move(once);
  for (const PayeeCallTie& row : rows) joins.emplace_back(row.representative, row.anchor);
  payees.ties.insert(payees.ties.end(), rows.begin(), rows.end());
  return joins;
}

}  // namespace corridor
