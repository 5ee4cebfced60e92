#include "algorithms/resolve/payee_calls.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "algorithms/union_find.h"
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
  std::uint64_t number = 0;
  auto Key() const { return std::tie(group, day, number); }
};

}  // namespace

PayeeCalls TiePayeesByCalls(const CaseData& data, const PersonMentions& persons,
                            const PayeeCallOptions& options) {
  PayeeCalls out;
  if (!options.enabled) return out;
  const RecordTable& records = data.records;

  // Name groups, numbered in order of their first payee mention met in record order.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> group_of_key;
  std::vector<std::vector<std::uint32_t>> group_members;
  std::vector<std::uint64_t> payer_phone(records.size(), 0);
  for (const PhoneValue& value : NormalisePhones(data, RecordKind::kTransfer, persons.phone_cache)) {
    if (value.field == Field::kPayerPhone && value.e164 != 0 && payer_phone[value.record] == 0) {
      payer_phone[value.record] = value.e164;
    }
  }
  std::vector<Payment> payments;
  RecordFinder finder(records);
  for (RecordIndex r = 0; r < records.size(); ++r) {
    if (records.kind(r) != RecordKind::kTransfer) continue;
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
    const auto [key, inserted] = group_of_key.try_emplace(
        std::pair(persons.column[m], persons.name[m]),
        static_cast<std::uint32_t>(group_members.size()));
    if (inserted) group_members.emplace_back();
    group_members[key->second].push_back(m);
    const PartialTime& time = records.time(r);
    if (payer_phone[r] == 0 || !AtLeastDay(time)) continue;
    const std::int64_t day = DayOf(time.seconds());
    const std::int64_t latest = time.precision() >= TimePrecision::kMinute
                                    ? time.seconds()
                                    : (day + 1) * kSecondsPerDay - 1;
    payments.push_back({payer_phone[r], day, latest, key->second});
  }
  out.payments = payments.size();
  payer_phone = {};
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
  std::vector<RecordIndex> from_payer;
  std::vector<std::uint64_t> caller;
  for (const PhoneValue& value :
       NormalisePhones(data, call_records, Field::kFrom, persons.phone_cache)) {
    if (value.e164 == 0 || (!from_payer.empty() && from_payer.back() == value.record)) continue;
    const std::int64_t day = DayOf(records.time(value.record).seconds());
    if (std::binary_search(paying.begin(), paying.end(), std::pair(value.e164, day))) {
      from_payer.push_back(value.record);
      caller.push_back(value.e164);
    }
  }
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
  for (const Payment& p : payments) {
    auto call = std::lower_bound(calls.begin(), calls.end(), std::pair(p.payer, p.day),
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
    if (number != 0 && one) votes.push_back({p.group, p.day, number});
  }
  out.payments_pointing = votes.size();
  std::sort(votes.begin(), votes.end(),
            [](const Vote& x, const Vote& y) { return x.Key() < y.Key(); });

  // Ties, group by group; numbers get dense ids after the groups in one union-find.
  std::vector<std::uint64_t> numbers;
  for (const Vote& v : votes) numbers.push_back(v.number);
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  const auto groups = static_cast<std::uint32_t>(group_members.size());
  std::vector<std::uint32_t> smallest(groups);
  for (std::uint32_t g = 0; g < groups; ++g) {
    // An FtM payee record may be named by several payments.
    std::vector<std::uint32_t>& members = group_members[g];
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    smallest[g] = members.front();
  }
  std::vector<std::uint32_t> tie_group;  // per tie, before the ties are sorted
  ConcurrentUnionFind components(groups + static_cast<std::uint32_t>(numbers.size()));
  for (std::size_t begin = 0; begin < votes.size();) {
    std::size_t end = begin;
    while (end < votes.size() && votes[end].group == votes[begin].group) ++end;
    std::map<std::uint64_t, std::vector<std::int64_t>> days_of_number;
    for (std::size_t v = begin; v < end; ++v) days_of_number[votes[v].number].push_back(votes[v].day);
    for (const auto& [number, days] : days_of_number) {
      if (days.size() < options.min_payments) continue;
      const std::int64_t first = days.front(), last = days.back();  // votes are sorted by day
      const auto in_window = static_cast<std::uint32_t>(
          std::count_if(votes.begin() + static_cast<std::ptrdiff_t>(begin),
                        votes.begin() + static_cast<std::ptrdiff_t>(end),
                        [&](const Vote& v) { return v.day >= first && v.day <= last; }));
      if (static_cast<double>(days.size()) < options.min_share * in_window) continue;
      const std::uint32_t group = votes[begin].group;
      const auto number_id = static_cast<std::uint32_t>(
          std::lower_bound(numbers.begin(), numbers.end(), number) - numbers.begin());
      components.Unite(group, groups + number_id);
      tie_group.push_back(group);
      out.ties.push_back({smallest[group],
                          static_cast<std::uint32_t>(group_members[group].size()), number,
                          static_cast<std::uint32_t>(days.size()), in_window, first, last, 0});
    }
    begin = end;
  }
  if (out.ties.empty()) return out;

  // Each component's mentions join its smallest one.
  std::vector<std::uint32_t> anchor(groups + numbers.size(), kNoId);
  std::vector<bool> tied(groups, false);
  for (const std::uint32_t g : tie_group) tied[g] = true;
  for (std::uint32_t g = 0; g < groups; ++g) {
    if (!tied[g]) continue;
    std::uint32_t& a = anchor[components.Find(g)];
    a = std::min(a, smallest[g]);
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
  std::sort(out.joins.begin(), out.joins.end());
  std::sort(out.ties.begin(), out.ties.end(), [](const PayeeCallTie& x, const PayeeCallTie& y) {
    return std::pair(x.representative, x.e164) < std::pair(y.representative, y.e164);
  });
  return out;
}

}  // namespace corridor
