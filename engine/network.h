#pragma once
// The typed property graph of an operation (DESIGN.md section 2) and its person projection.
//
// Nodes are the resolved entities, numbered as in the EntityTable (node e is entity e), then
// the identifiers that events name but no record describes: a number seen only in call
// records, a document or account written on a person mention, a place named by a journey.
// Those extra nodes are numbered after the entities in order of their key, so node ids depend
// on the input alone. Every node lists the records that evidence it (an entity its members,
// an identifier node the records naming it).
//
// Links aggregate events per (type, source, target) as LinkTable does: count, first and last
// time, duration, amounts per currency, and the records behind each.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/csr_graph.h"
#include "engine/entity.h"
#include "engine/ids.h"
#include "engine/link.h"

namespace corridor {

struct NetworkNodes {
  std::vector<EntityType> types;
  // Stable text key: "E12" for an entity, else the identifier itself ("+923001234567",
  // "document:AB1234567", "account:...", "place:gazetteer:4", "place:name:...").
  std::vector<std::string> keys;
  std::vector<std::string> labels;            // what a chart shows
  std::vector<EntityId> entity;               // the resolved entity, kNoId for identifier nodes
  std::vector<std::uint64_t> evidence_begin;  // size() + 1 offsets into evidence
  std::vector<RecordIndex> evidence;          // ascending within each node

  std::size_t size() const { return types.size(); }
  std::span<const RecordIndex> Evidence(NodeId v) const {
    return {evidence.data() + evidence_begin[v], evidence.data() + evidence_begin[v + 1]};
  }
};

struct Network {
  NetworkNodes nodes;
  LinkTable links;
  // The links as a directed CSR graph for traversal (paths, neighbourhoods): one arc per link,
  // source to target, weighted by the link's event count; arcs of a node sorted by target,
  // then link type. link_of_arc[i] is the link behind arc i, for its evidence.
  CsrGraph graph;
  std::vector<std::uint64_t> link_of_arc;
  // Events whose end could not be named (an invalid number, a reference to no record): kept
  // out of the graph, counted here so the manifest says what was left out and why.
  std::uint64_t events_without_end = 0;

  // Builds graph and link_of_arc from nodes and links. O(n + m log m).
  void BuildGraph();

  // Checks that every link joins existing nodes and carries evidence, evidence is sorted,
  // entity nodes come first with their own ids, and every arc is its link. Throws
  // InternalError on a violation.
  void Validate() const;
};

// The kinds of person-to-person evidence the projection weighs.
enum class Tie : std::uint8_t {
  kCall,            // calls or messages between phones the two use
  kContact,         // one's number in the other's handset
  kSharedPhone,     // both use one phone
  kSharedDocument,  // both hold one document or account
  kSharedAddress,   // both give one address
  kPayment,         // money between them
  kCoTravel,        // on one journey: same from, to and departure
  kAssociate,       // a declared relation (family, associate)
};
inline constexpr int kTieCount = 8;
std::string_view TieName(Tie tie);
std::optional<Tie> ParseTie(std::string_view name);

// Weight of each tie kind. A pair's link weight is the sum over kinds of
// weight * log2(1 + s), s the pair's shares of the events (calls, payments) or shared
// identifiers (phones, addresses, journeys) of that kind (ProjectionBuilder): one call counts
// its weight once, a thousand calls ten times, so heavy callers stand out without drowning
// every other kind of evidence.
struct ProjectionWeights {
  std::array<double, kTieCount> weight = {
      1.0,  // call: everyday contact, the bulk of the evidence
      1.0,  // contact: stored number, one-sided
      2.0,  // shared phone: handsets pass within a cell
      4.0,  // shared document or account: close to identity
      1.0,  // shared address: a safe house, or a family
      2.0,  // payment: the business itself
      0.5,  // co-travel: migrants share buses with strangers
      3.0,  // associate: declared by a partner agency
  };
};

// Person-person links with the evidence of each kind behind them. Persons are numbered
// 0..n-1 in network node order.
struct PersonProjection {
  std::vector<NodeId> node_of_person;  // network node of each person
  std::vector<NodeId> first, second;   // first < second, sorted by (first, second)
  // Whole events, or shared identifiers, per tie kind (the weights count shares of them).
  std::vector<std::array<std::uint32_t, kTieCount>> ties;
  std::vector<double> weights;
  CsrGraph graph;  // undirected, weighted, over persons
  // Per person: a money service, paid by many distinct payers (NetworkOptions). Empty when
  // the build looked for none.
  std::vector<bool> money_service;
  // The weights without the evidence of money services (their payments, the calls and stored
  // numbers of their phones): cells are found on these (CellGraph). A hawaladar paid by the
  // migrants of four cells ties the four together as strongly as their own members do, and
  // modularity then finds one community where there are four; his ties stay in `weights` and
  // `graph`, where betweenness shows him as the broker he is. A tie of services' evidence
  // alone has cell weight 0.
  std::vector<double> cell_weights;

  std::size_t size() const { return first.size(); }
};

}  // namespace corridor
