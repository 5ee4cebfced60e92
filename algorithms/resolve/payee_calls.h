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
// The numbers a group is tied to must also account for `min_share` of all its pointing
// payments: where more point elsewhere, the group is likely two people under one name (two
// hawaladars called Mohammad from Herat), and it is tied to nothing. On the generated 100k case
// this rule cut the share of mentions in the joined entities that belong to someone else from
// 3.3% to 1.3%, at the cost of a fifth of the joins. A payment counts once per payer and day
// (an amount split in two is one piece of evidence). Calls and payments are read in the time
// the sources give, without time zones: a call in the first hours of a day whose source
// writes a UTC offset, against a ledger that writes none, can fall on the previous day.
//
// A hawaladar's change of number shows in the calls too: calls to the old number end and calls
// to the new one begin, from the same clients. Two numbers are *successive*, one person's, when
// calls to the first end and calls to the second begin within three days (the same day at the
// earliest), at least
// `min_payments` callers of the first in its last three weeks ring the second in its first three
// weeks, and each is the other's only best such partner (NumberSuccession). Only numbers at
// least `min_payments` payments point at are looked at: the same migrants ring a cell's
// recruiter and then its transporter in turn. Successive numbers are one component (so a line
// to the new number joins the person a name is tied to at the old one); and a group the ties
// above leave untied, whose pointing payments one person's successive numbers draw at least
// `min_payments` and `min_share` of between them, is tied to each of them that it points at (its
// rows count all its pointing payments as in the window): a name written a dozen times, half
// before a change and half after, has too few payments at either number. On the generated 100k
// case 134 successions were found, every one a hawaladar's own by the truth, and 223 groups
// were tied this way: 19,596 of their mentions went to their own person and 490 (2.4%) to
// another.
//
// A mention that carries a tied number under the name key of a group tied to it (a seized
// handset's contact entry "Commander", the number's subscriber record) joins too, so the
// ledger's name meets the person the other sources identify.
//
// A group no payments tie *follows* the tied groups of its list whose names share its name
// skeleton (they differ only in spelling or script) when those are all in one component and the
// group's own pointing payments, if any, point at that component's numbers in the `min_share`
// a tie needs. A ledger misspells its hawaladar in hundreds of ways, most written once or
// twice: far too few payments to tie, but the list and the skeleton say whose name it is.
//
// A payment of a group that is neither tied nor following that points at a tied number joins
// that number's person on its own: a *line*. Its payer rang the number that day and no other;
// a call to someone else's number (a relative, a recruiter) points too, but such numbers are
// tied to no payee. Resolution moves a line's mention only where the model left it alone or in
// a cluster of lines to the same person: one payment says nothing of the other mentions of a
// cluster formed on names. Many do: a cluster whose lines point at one person, at least
// `min_payments` of them and `min_share` of its mentions whose payments point anywhere, moves
// whole, unless it holds a mention the ties join or an anchor. A
// number a shared name points at (below) belongs to a payee as surely, though no name may be
// tied to him: lines to it join the first kept-apart line to it, which is alone. On the generated
// 100k case 24,836 lines pointed at such numbers; the 21,758 whose own join held put 37 mentions
// (0.2%) with the wrong person.
//
// A name group whose pointing payments point at two people at once is *shared*: a name two
// hawaladars are both written under ("Karwan Erbil" for two brokers from Erbil). It takes two
// components that each draw at least `min_payments` of the group's pointing payments and more
// than the 1 - `min_share` a tie leaves to others (so a shared group can neither tie nor follow),
// and that each draw `min_payments` of them while both are in use (between the later first and
// the earlier last of their payments): a hawaladar who changed numbers is called at the old one,
// then at the new one, never at both for weeks. Pairwise resolution would merge such a group's
// mentions on the name (and what little else a ledger writes beside it) into one entity paid
// for two people's business; its mentions are kept apart instead, merged with nothing by
// pairwise scoring: the name says nothing of which of them a line meant, and only a line's own
// payment does (a line to a tied number joins its person as any line does). A
// hawaladar who answers two phones at once, neither tied by any of his names, looks the same
// and is kept apart too. On the generated 1M case 96% of the mentions kept apart are in groups
// no person holds 80% of.
//
// A name written for many people at once, none of them drawing enough of its payments to make
// it shared ("Muhammad" for a dozen hawaladars), is left to the model, but the people with an
// anchor whose numbers at least `min_payments` of its payments point at are kept: its *named
// people*. A line's payer may still say which of them it meant.
//
// A kept-apart mention, or a mention of a name with named people, still alone once every join
// above is made, and neither a line nor an anchor, may join through its *payer*: a client pays
// his instalments to one hawaladar. When the entity of its payer made at most
// `max_payer_payments` payments, and those of its other payments that went to any of the people
// the mention's name points at (to the entity holding that person's anchor) all went to one of
// them, the mention joins him, one by one as lines do.
// The few payments cap keeps out a payer entity that pays several brokers (an organiser, or
// two clients the model merged). On the generated 100k case a script measured the rule at
// 5,266 lines right and 35 wrong with the cap, against 68 right and 122 wrong above it. It
// runs after clustering (JoinByPayers), since it needs the payer's entity.
//
// A name-only payer of two names or more still alone once those joins are made may join
// through his *call*: clients ring their hawaladar before they pay. When the payee's entity
// holds numbers (its mentions' phones, and the numbers its groups' and lines' payments point
// at: a hawaladar's entity often holds lines and no phone; for a line still alone whose name
// points at people, theirs), and among the callers of those numbers on
// the payment's day exactly one entity bears the payer's name skeleton and made no payment
// that day itself, the payer joins it (JoinPayersByCalls, one by one as lines do). Another
// payment that day under that skeleton refuses it when it went to one of those numbers'
// entities, or to a payee no number identifies (who may be the same hawaladar) in the same
// place or where either payment names none: a group of migrants pays together, and two
// namesakes in it leave no telling whose call was whose (a migrant splitting a payment in two
// that day refuses his own). Nor do two payers join one caller on one day. A namesake who rang
// the hawaladar when the payer did not is indistinguishable from the payer: on the generated
// 100k case 41,969 of the 43,148 payers joined this way went to their own entity (97.3%), most
// of the others to a namesake of the payer's travelling group.
//
// Once such a payer's join holds, his line joins the one of its people the caller rang that
// day (JoinLinesByCallers; none when he rang two of them): 15,084 of 15,303 right on the same
// case. The payers' entities have grown by then, so JoinByPayers runs once more for the lines
// still alone.
//
// A kept-apart mention, or one of a name with named people, still alone after all that, with
// no row of its own and no payment pointing at a number, may join through its *place*: a
// ledger writes where the money changed hands, and two hawaladars under one name mostly work
// in different cities. When at least `min_payments` of the name's mentions in the payment's
// place (PlaceMatcher's key: one gazetteer place in any spelling or script, another place by
// its text folded to ASCII) joined by the number their payer rang (lines and called lines
// whose joins held), all to one cluster, and that cluster holds one of the name's people, the
// mention joins him (JoinLinesByPlace, one by one as lines do). One of them anywhere else and
// the place says nothing. Only mentions joined by a call vote: those that payers' other
// payments placed are mostly an organiser's regular payments to his transporter, and a place
// where they went to a transporter would send him the hawaladar's lines there. A mention whose
// payment points at a number of no one with an anchor stays: that call says more than the
// place, and may be to a second man under the name. Mentions whose payments point at no number
// are a different sample of the name's payees from those whose payments do (a man paid only
// without calls never votes), so this rule is the least sure of the joins: on the generated
// 100k case 13,907 of the 14,518 mentions it joined (95.8%) went to an entity most of whose
// mentions are their own person's; letting 90% of the voters decide, as a tie does, and
// placing mentions whose payment points at such a number, joined 16,395 at 93.4%.
//
// The result is deterministic: groups and components are numbered in record order, numbers in
// ascending order.

#include <cstdint>
#include <utility>
#include <vector>

#include "algorithms/resolve/features.h"
#include "engine/case_data.h"

namespace corridor {

struct PayeeCallOptions {
  bool enabled = true;
  // Lower values join more and wrongly more often: on the generated 100k case, before the
  // other guards, 3 payments put 1.8 times as many mentions with the wrong person as 5 did.
  std::uint32_t min_payments = 5;
  double min_share = 0.9;
  std::uint32_t max_payer_payments = 4;
};

struct PayeeCallTie {
  enum class Basis : std::uint8_t {
    kPayments,  // a name group, by the payments pointing at the number
    kHolder,    // a mention carrying the number under the name of a group tied to it
    kSpelling,  // a group no payments tie, under the skeleton of tied groups of its list
    kShared,    // a group whose payments point at two people at once: one row per person
    kLine,      // a line: a mention of a group neither tied nor following, by its payment
    kPayer,     // a line whose name points at people, by its payer's other payments
    kCaller,    // a lone name-only payer, by the one caller of his name to his payee that day
    kCalled,    // a line whose name points at people, by the one of them its payer's caller
                // rang
    kPlace,     // a mention whose name points at people, by the one of them the name's
                // other mentions in its payment's place went to
  };
  Basis basis = Basis::kPayments;
  std::uint32_t representative = 0;  // the group's smallest mention; the holder; the line;
                                     // the payer
  std::uint32_t mentions = 0;        // in the group; 1 for a holder or a line
  // Tied to; a spelling: the smallest number its largest followed group is tied to; shared:
  // the number of that person the group's payments point at most (the smallest of equals); a
  // line: the number its payer rang; a payer's line: the number of the person it joins; a
  // caller: the number he rang the payee from; a called line: the person's number he rang; a
  // line by place: the number of the person it joins.
  std::uint64_t e164 = 0;
  // Of the group, pointing at the number (a spelling or shared: at its component's numbers; 0
  // for a holder, 1 for a line), and pointing anywhere from the first to the last of those (a
  // spelling or shared: at all; 1 for a line). A payer's line: the payer entity's other
  // payments to the person, and all its payments. A caller: 1, and the payee's numbers (those
  // he may have rung). A called line: 1, and the people its name points at. A line by place:
  // the name's mentions there that joined the person by their payers' calls, and all the
  // name's mentions there.
  std::uint32_t payments = 0;
  std::uint32_t in_window = 0;
  // Days since 1970-01-01 (0 for a holder, a spelling, a payer's line or a line by place; a
  // line's, a caller's or a called line's payment day for both).
  std::int64_t first_day = 0;
  std::int64_t last_day = 0;
  // Smallest mention of all groups tied with it, the join's target; shared: its representative;
  // a line to a man no name is tied to: the first kept-apart line to him (itself, for that one,
  // which counts as joined when another line joined it); a payer's line: the person's anchor;
  // a caller: the smallest mention of the joined entity carrying his number; a called line or a
  // line by place: the person's anchor.
  std::uint32_t anchor = 0;
  // Set by resolution: the group's first mention went to the anchor (never for shared); a line,
  // a payer's line, a caller, a called line or a line by place: its own join held.
  bool joined = false;
};

// One of the people a shared or named name points at, with the anchor his joins go to.
struct SharedPerson {
  std::uint32_t group = 0;  // the group's representative
  std::uint64_t e164 = 0;
  std::uint32_t anchor = 0;
  friend auto operator<=>(const SharedPerson&, const SharedPerson&) = default;
};

// The caller's number of every call dated to the day at least: parsing them is the costly
// part of both TiePayeesByCalls and JoinPayersByCalls, so it is done once (96 MB on the
// generated 1M case, held from the payees stage to the join).
struct CallerNumbers {
  bool parsed = false;
  std::vector<RecordIndex> calls;   // ascending
  std::vector<std::uint64_t> from;  // the first valid caller's number of each; 0: none
};

// A number that took over from another as one person's (FindSuccessions in payee_calls.cc).
struct NumberSuccession {
  std::uint64_t previous = 0, next = 0;
  // Days since 1970-01-01 of the last call to `previous` and the first to `next` (calls from a
  // valid number other than the one rung).
  std::int64_t previous_last_day = 0, next_first_day = 0;
  // Callers of `previous` in its last weeks who rang `next` in its first; the distinct callers
  // of each in those weeks.
  std::uint32_t shared_callers = 0, previous_callers = 0, next_callers = 0;
  std::uint32_t anchor = kNoId;  // the mention the person's joins go to; kNoId: none
  friend auto operator<=>(const NumberSuccession&, const NumberSuccession&) = default;
};

// A line whose name points at people, which its lone payer's caller points at one of, waiting
// for the payer's own join.
struct CalledLine {
  std::uint32_t payer = 0;
  std::uint32_t caller = 0;  // the payer's anchor
  PayeeCallTie line;
};

struct PayeeCalls {
  std::uint64_t payments = 0;           // payments to a name-only payee, with payer phone and day
  std::uint64_t payments_pointing = 0;  // of which the payer rang exactly one number that day
  // Rows of groups, holders, spellings, lines, shared groups and (after JoinByPayers,
  // JoinPayersByCalls, JoinLinesByCallers and JoinLinesByPlace) payers' lines, callers, called
  // lines and lines by place, by representative, basis, then number.
  std::vector<PayeeCallTie> ties;
  // (mention, anchor) for every mention of a tied or following group but the anchor, every
  // holder and every line, by mention; resolution keeps those that held (JoinClusters' guards;
  // lines: JoinOneByOne's) and adds the payers' lines, callers, called lines and lines by place
  // that held.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> joins;
  // Name-only payees whose payment points at a number (any: tied or not), in record order.
  std::vector<std::uint32_t> pointing;
  // Mentions of shared groups, ascending: resolution merges them with nothing on their name.
  std::vector<std::uint32_t> kept_apart;
  // kept_apart_group[i]: the representative of kept_apart[i]'s group.
  std::vector<std::uint32_t> kept_apart_group;
  // Per shared group, the people it points at who have an anchor, by group then number.
  std::vector<SharedPerson> shared_people;
  // Per group neither tied, following nor shared, the people with an anchor at least
  // min_payments of its payments point at, by group then number; and (mention, group
  // representative) for the mentions of groups with any, by mention (emptied by resolution
  // once the rules that read it have run).
  std::vector<SharedPerson> named_people;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> named;
  // Components, clusters of lines, payers' lines, callers, called lines and lines by place,
  // whose joins cannot-link judgements refused.
  std::uint64_t refused_by_judgement = 0;
  std::uint64_t held_back = 0;  // mentions whose cluster two components claimed
  // Numbers taken as one person's, the second succeeding the first, by previous number.
  std::vector<NumberSuccession> successions;
  // Filled by TiePayeesByCalls when it parses calls, released by JoinPayersByCalls.
  CallerNumbers callers;
  // Filled by JoinPayersByCalls, taken by JoinLinesByCallers.
  std::vector<CalledLine> called_lines;
};

PayeeCalls TiePayeesByCalls(const CaseData& data, const PersonMentions& persons,
                            const PayeeCallOptions& options);

// The payers' joins of lines still alone whose names point at people, given the clusters after
// the other joins (`label`, per mention): appends a kPayer row per line to payees.ties
// (unsorted, not yet joined) and returns the (line, anchor) pairs, by line. Lines that have a
// row of their own (line, payer's line, called line) are left alone.
std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinByPayers(
    const CaseData& data, const PersonMentions& persons, const std::vector<std::uint32_t>& label,
    const PayeeCallOptions& options, PayeeCalls& payees);

// The callers' joins of lone payers, given the clusters after every other join: appends a
// kCaller row per payer to payees.ties (not yet joined) and returns the (payer, anchor) pairs,
// by payer.
std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinPayersByCalls(
    const CaseData& data, const PersonMentions& persons, const std::vector<std::uint32_t>& label,
    const PayeeCallOptions& options, PayeeCalls& payees);

// The lines of payers whose callers' joins held: appends a kCalled row per line to payees.ties
// (not yet joined) and returns the (line, anchor) pairs, by line.
std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinLinesByCallers(
    const std::vector<std::uint32_t>& label, PayeeCalls& payees);

// The place joins of mentions still alone whose names point at people, given the clusters
// after every other join and whether the rows of earlier rules joined (PayeeCallTie::joined):
// appends a kPlace row per mention to payees.ties (not yet joined) and returns the (mention,
// anchor) pairs, by mention. Mentions with a row of their own (line, payer's line, called
// line) or a payment pointing at a number are left alone.
std::vector<std::pair<std::uint32_t, std::uint32_t>> JoinLinesByPlace(
    const CaseData& data, const PersonMentions& persons, const std::vector<std::uint32_t>& label,
    const PayeeCallOptions& options, PayeeCalls& payees);

}  // namespace corridor
