#pragma once
// Person mentions with their normalised, comparable features: the input of blocking and
// comparison.
//
// Every record of kind person is a mention (a passenger, a subscriber, a payer, a contact
// entry). Raw values are interned per category first, so each distinct raw string is
// normalised once (in parallel, one ICU transliterator per chunk of work); mentions then hold
// dense ids into the tables of distinct normalised values. Work is O(mentions) plus the
// normalisation of distinct raw values; nothing depends on the thread count.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "algorithms/resolve/normalise.h"
#include "engine/case_data.h"
#include "engine/string_pool.h"

namespace corridor {

// Phone numbers already parsed, by region and punctuation-free raw text: libphonenumber's
// parse costs ~30 us, so a number seen on a person mention is not parsed again for its
// phone record.
struct PhoneCache {
  StringPool keys;
  std::vector<NormalisedPhone> values;  // by key id
};

// The journey a passenger mention was written for, from the travel record of its row: place
// ids into PersonMentions::places (0: none) and the departure, when dated.
struct MentionJourney {
  std::uint32_t from = 0, to = 0;
  std::int64_t depart_s = 0;
  bool dated = false;
};

struct PersonMentions {
  std::vector<RecordIndex> records;  // ascending; mention m is record records[m]
  // The list each mention was written in: its source and, where the loader gave the mention a
  // role (payer, payee, person, subscriber, owner: emit.h), that role, so a ledger's payers and
  // its payees are two lists. Lists differ in how often they name one person again: a few
  // hawaladars fill a ledger's payee column, while each migrant pays a few times. Ids into
  // column_names, in order of first appearance.
  std::vector<std::uint32_t> column;
  std::vector<std::string> column_names;  // "source" or "source#role"

  // Names: ids into `names`, one per distinct sorted-token key; 0 means no name. The full
  // name, else given + family.
  std::vector<std::uint32_t> name;
  std::vector<std::uint32_t> father;  // father_name field, or what followed s/o in the name
  // Given and family names where the source keeps them apart; 0 otherwise. A mention with
  // either is "structured", and two structured mentions compare given and family separately.
  std::vector<std::uint32_t> given, family;
  std::vector<NormalisedName> names;
  // Per name id: a dense id of its skeleton, so names that differ only in spelling or script
  // share one; for term frequencies at the skeleton level.
  std::vector<std::uint32_t> skeleton_of_name;
  // Per name id, its tokens as ids of distinct token texts, in the order of `tokens`:
  // name_tokens[token_begin[id] .. token_begin[id + 1]]. A case of millions of mentions has
  // tens of thousands of distinct tokens, so comparison remembers the similarity of two tokens
  // by these ids (compare.cc) instead of computing it for each of ~80M pairs. The ids mean
  // something only within the tables of one extraction, which `token_table` numbers.
  std::vector<std::uint32_t> token_begin, name_tokens;
  std::uint64_t token_table = 0;

  std::vector<DateOfBirth> dob;

  // Free-text and identifier values: ids into `texts`; 0 means none.
  std::vector<std::uint32_t> document, email, address, city, postcode, nationality, sex;
  std::vector<std::string> texts;

  // Valid phones as E.164 digits, CSR by mention (a subscriber may list several).
  std::vector<std::uint64_t> phone_begin;
  std::vector<std::uint64_t> phones;
  PhoneCache phone_cache;

  std::vector<MentionJourney> journey;
  std::vector<std::string> places;  // place keys (PlaceMatcher); "" at id 0
  // Journeys continue each other only one to one. A *leg* is a distinct (name skeleton, from,
  // to, departure); per mention its leg (kNoLeg without a whole dated journey or a name), and
  // per leg the one leg of the same skeleton leaving its destination within
  // kContinuationSeconds after it, if exactly one does (next_leg), and the one leg of the
  // skeleton bound for its origin that left within kContinuationSeconds before it, if exactly
  // one did (previous_leg). A leg continues another only when each is the other's: two
  // travellers of one name on one corridor in one week make both ambiguous, so continuation is
  // never taken as evidence where it could be a namesake's.
  static constexpr std::uint32_t kNoLeg = ~std::uint32_t{0};
  static constexpr std::int64_t kContinuationSeconds = 7 * 86400;
  std::vector<std::uint32_t> leg;
  std::vector<std::uint32_t> next_leg, previous_leg;
  std::vector<bool> crowded_leg;  // per leg: written on two tickets or more
  // A busy corridor has several travellers of a common name each week, so most legs have no
  // unique continuation; but a migrant usually moves on within hours. Per leg, the leg that
  // *follows* it: the first of the skeleton to leave its destination after it (within
  // kContinuationSeconds), provided it is the last of the skeleton to have left for that place
  // before then; kNoLeg otherwise, or where either leg is crowded or another leg of the
  // skeleton leaves, or left for that place, at the same time. `follows` is the inverse.
  // Weaker evidence than a unique continuation: the model weighs it apart.
  std::vector<std::uint32_t> followed_by, follows;

  // Travelling companions. Smuggled migrants move in groups, and a group leaves a trail of
  // *trips* (distinct from, to and departure: one bus, one border crossing) written with mostly
  // the same names. A trip's linked successor is the trip leaving its destination within
  // kContinuationSeconds that shares the most name skeletons with it, provided no other trip
  // shares as many and the successor has no other predecessor as good. It must share at least
  // kMinSharedSkeletons, or kMinSharedSkeletonsLater when it leaves more than kGroupGapSeconds
  // after: a group mostly moves on within a day or so, and the longer the wait, the more groups
  // of one clan pass through, sharing two names by chance (on the generated 100k case, links
  // on two names made later than that were 73-78% right, all others 96-100%). A trip left
  // without a successor that way links to one leaving an onward stop instead (the stops
  // between unrecorded: within 1,000 km of its destination and further from its origin than
  // the destination is), sharing kMinSharedSkeletonsLater names written in full. On linked trips a
  // passenger need only be told apart from the few people of one group, not from everyone of that
  // name in the case, so a name in another spelling or script on the next ticket still finds
  // its owner. The weight of a link counts the shared skeleton again on top of the name's own
  // (its u is over all pairs, not over namesakes as the journey's is): on the generated case
  // 97% of the pairs merged on it are right, more than the name and journey weights alone
  // would allow.
  static constexpr std::uint32_t kNoTrip = ~std::uint32_t{0};
  static constexpr std::uint32_t kMinSharedSkeletons = 2;
  static constexpr std::uint32_t kMinSharedSkeletonsLater = 3;
  static constexpr std::int64_t kGroupGapSeconds = 36 * 3600;
  std::vector<std::uint32_t> trip;  // per mention: kNoTrip without a whole dated journey
  // Per mention: another ticket on its trip bears its name skeleton (two brothers named
  // Muhammad), so which of them went on is unknowable. 0 or 1, not a vector<bool>: profiles
  // gather columns in parallel.
  std::vector<std::uint8_t> crowded_on_trip;
  std::vector<std::uint32_t> next_trip, previous_trip;  // per trip: linked, or kNoTrip
  // Per mention on a trip with a linked predecessor: the skeleton of its mate there, kNoMate if
  // none. A mate bears the same skeleton or, where that is on no ticket of the other trip, a
  // name one of the two writes in part ("Wahid" on the bus after "WAHID DURRANI" at the
  // border), when no other unpaired name of either trip is so related to them (MateSkeletons
  // in features.cc). A clerk often writes only a given name; on linked trips the group is few
  // enough that the part still tells its bearer apart. Such partial mates vote for the link
  // as shared names do.
  static constexpr std::uint32_t kNoMate = ~std::uint32_t{0};
  std::vector<std::uint32_t> previous_mate;

  std::size_t size() const { return records.size(); }
  // Mentions of one traveller on linked trips, told apart from the rest of the group by name:
  // the same skeleton, and no one else on either trip bears it.
  bool TripMates(std::size_t a, std::size_t b) const {
    return name[a] != 0 && name[b] != 0 && skeleton_of_name[name[a]] == skeleton_of_name[name[b]] &&
           crowded_on_trip[a] == 0 && crowded_on_trip[b] == 0;
  }
  bool Structured(std::size_t m) const { return given[m] != 0 || family[m] != 0; }
  std::span<const std::uint64_t> Phones(std::size_t m) const {
    return {phones.data() + phone_begin[m], phones.data() + phone_begin[m + 1]};
  }
};

struct NormaliseReport {
  std::uint64_t names = 0;           // distinct raw names normalised
  std::uint64_t phones = 0;          // phone values seen on person mentions
  std::uint64_t invalid_phones = 0;  // of which not valid numbers for their region
  std::uint64_t invalid_dates = 0;   // dob values that gave no year
};

PersonMentions ExtractPersons(const CaseData& data, NormaliseReport& report);

// Valid E.164 digits of every phone-like value (phones, contact numbers, call ends, payer and
// payee phones) of the records of kind `kind`, read with the record's source region; 0 where
// invalid. One entry per (record, field value) in record order.
struct PhoneValue {
  RecordIndex record = kNoId;
  Field field = Field::kPhone;
  std::uint64_t e164 = 0;
};
std::vector<PhoneValue> NormalisePhones(const CaseData& data, RecordKind kind,
                                        const PhoneCache& cache);
// The same for the values of one field of the given records, in their order.
std::vector<PhoneValue> NormalisePhones(const CaseData& data, std::span<const RecordIndex> records,
                                        Field field, const PhoneCache& cache);

}  // namespace corridor
