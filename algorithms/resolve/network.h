#pragma once
// From a resolved case to its network: every event's ends named as nodes, events folded into
// typed links, and the person projection (engine/network.h).
//
// Ends: a call's and a contact's numbers are phone nodes by valid E.164 (the phone entity when
// a phone record has that number); a transfer's payer and payee are the entities of its payer
// and payee mentions, else their accounts; a journey's person is the entity of its passenger
// mention and its places are gazetteer entries or folded names; FtM relations join the
// entities of the records they name. Person mentions add USES (their phones) and HOLDS (their
// documents and accounts). TRAVELLED joins whoever an event puts at a place to that place: a
// journey's passenger to its two places, a payer to the transfer's place, a calling phone to
// the call's place; each such pairing is also kept as a Sighting for movements.
//
// Projection: per pair of persons, the evidence of each kind (engine/network.h, Tie) and a
// weighted sum. Shared identifiers and journeys make groups whose every pair is tied; a group
// larger than `max_group` (a bus station's day, a call centre's number) is left out and
// counted, since its pairs say nothing about who works with whom. A pair whose weight comes
// to 0 (every kind of its evidence weighted 0) gets no tie.
//
// Serial over records, O(records + events log events + sum of group sizes squared); the
// output depends on the input alone.

#include <cstdint>
#include <vector>

#include "algorithms/resolve/resolve.h"
#include "engine/case_data.h"
#include "engine/network.h"

namespace corridor {

struct NetworkOptions {
  ProjectionWeights weights;
  std::size_t max_group = 50;
  // A person paid by at least this many distinct payers is a money service: its payments and
  // the calls and stored numbers of the phones it uses stay out of the cell weights
  // (PersonProjection::cell_weights). 0 finds none. A migrant pays one or two hawaladars, a
  // hawaladar is paid by hundreds. A smuggler who collects from 20 or more of his own migrants
  // is taken for a service too: he then stays in his cell only by his other ties (journeys,
  // documents, shared phones, payments he makes). On the generated cases, cells were found
  // about equally well with any value from 5 to 200 (bench/RESULTS.md).
  std::uint32_t money_service_payers = 20;
  // A shared address ties persons only when it names a dwelling (NamesDwelling: a house, flat
  // or plot number); true ties them by any shared address, streets and mohallas included.
  bool street_addresses = false;
};

// Where an event puts someone at some time: the raw material of movements (algorithms/routes).
enum class SightingKind : std::uint8_t {
  kDeparture,  // a journey's passenger at its from-place
  kArrival,    // ... at its to-place (the record's time is the departure's)
  kTransfer,   // a payer at the place a transfer was made
  kCall,       // a calling phone at the call's place
};

struct Sighting {
  RecordIndex record;
  NodeId subject;  // a person (journeys, payers) or a phone (calls)
  NodeId place;
  SightingKind kind;
};

// One payment as its record gives it, for money flows (algorithms/routes/flows.h): PAID links
// hold only the sums.
struct Transfer {
  RecordIndex record;
  NodeId payer, payee;
  double amount;      // 0 when the record has none or it does not parse
  StringId currency;  // interned in the case's records; 0 when none
};

struct NetworkBuild {
  Network network;
  PersonProjection persons;
  std::uint64_t groups_skipped = 0;  // shared identifiers or journeys over max_group
  // In record order, departure before arrival; each is also a TRAVELLED link's evidence.
  std::vector<Sighting> sightings;
  std::vector<Transfer> transfers;  // in record order, each also a PAID link's evidence
};

NetworkBuild BuildNetwork(const CaseData& data, const Resolution& resolution,
                          const NetworkOptions& options);

}  // namespace corridor
