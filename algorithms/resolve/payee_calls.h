#pragma once
// Payees tied to the number their payer rang on the day of payment.
//
// A hawala ledger names the receiving side of a payment by a name alone (a nickname, a first
// name and a town, a name in another script), and the few hawaladars of a case fill that column
// thousands of times in hundreds of spellings: no pair of such mentions carries enough evidence
// for the model. But clients ring the hawaladar before they pay, and call records keep the
// number. So a payment *points at* a number when the payer's phone, as the ledger writes it,
// rang exactly one number on the payment's day (before the payment, when the ledger gives its
// time).
//
// A *name group* is the name-only payees (no phone, document, email or birth date) of one list
// under one name key. A group is *tied* to a number when at least `min_payments` of its
// payments point at it and, between the first and the last of those, at least `min_share` of
// the group's payments that point anywhere point at that number. Only that window is read
// because a hawaladar changes numbers: his clients ring his old number before the change and
// the new one after. Groups tied to one number, directly or through other groups, are taken as
// one person, the number's user, and their mentions join one entity. A namesake's payments
// inside the window that point elsewhere count against the tie, so a name two hawaladars share
// ties to neither unless one of them dominates it.
//
// The result is deterministic: groups, numbers and components are numbered in record order.

#include <cstdint>
#include <utility>
#include <vector>

#include "algorithms/resolve/features.h"
#include "engine/case_data.h"

namespace corridor {

struct PayeeCallOptions {
  bool enabled = true;
  // On the generated 100k case, 5 and 0.9 move 98% of the mentions they move into the right
  // person; 3 and 0.9 move more, at 96%.
  std::uint32_t min_payments = 5;
  double min_share = 0.9;
};

struct PayeeCallTie {
  std::uint32_t representative = 0;  // the group's smallest mention
  std::uint32_t mentions = 0;        // in the group
  std::uint64_t e164 = 0;            // the number tied to
  std::uint32_t payments = 0;        // of the group, pointing at the number
  std::uint32_t in_window = 0;       // of the group, pointing anywhere, first to last of those
  std::int64_t first_day = 0;        // days since 1970-01-01
  std::int64_t last_day = 0;
  std::uint32_t anchor = 0;  // smallest mention of all groups tied with it: the join's target
};

struct PayeeCalls {
  std::uint64_t payments = 0;           // payments to a name-only payee, with payer phone and day
  std::uint64_t payments_pointing = 0;  // of which the payer rang exactly one number that day
  std::vector<PayeeCallTie> ties;       // by representative, then number
  // (mention, anchor) for every mention of a tied group but the anchor, by mention.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> joins;
};

PayeeCalls TiePayeesByCalls(const CaseData& data, const PersonMentions& persons,
                            const PayeeCallOptions& options);

}  // namespace corridor
