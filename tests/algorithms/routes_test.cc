#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "algorithms/gazetteer.h"
#include "algorithms/routes/corridors.h"
#include "algorithms/routes/flows.h"
#include "algorithms/routes/movements.h"

namespace corridor {
namespace {

PartialTime At(int day, int hour = 8, int minute = 0,
               TimePrecision precision = TimePrecision::kMinute) {
  return PartialTime::FromCivil({2024, 3, day, hour, minute, 0}, precision);
}

// A hand-made network: persons, phones and gazetteer places as nodes, one record per event
// with its time, and the sightings the network builder would have made of them.
class Scene {
 public:
  NodeId Person() { return Add(EntityType::kPerson, "E" + std::to_string(nodes_.size())); }
  NodeId Phone() { return Add(EntityType::kPhone, "+92300" + std::to_string(nodes_.size())); }
  NodeId Place(std::string_view name) {
    return Add(EntityType::kPlace, "place:gazetteer:" + std::to_string(*FindPlace(name)));
  }
  void Uses(NodeId person, NodeId phone) { uses_.push_back({person, phone}); }

  RecordIndex Journey(NodeId person, NodeId from, NodeId to, PartialTime time) {
    const RecordIndex r = Record(RecordKind::kTravel, time);
    sightings_.push_back({r, person, from, SightingKind::kDeparture});
    sightings_.push_back({r, person, to, SightingKind::kArrival});
    return r;
  }
  RecordIndex Payment(NodeId payer, NodeId place, PartialTime time) {
    const RecordIndex r = Record(RecordKind::kTransfer, time);
    sightings_.push_back({r, payer, place, SightingKind::kTransfer});
    return r;
  }
  RecordIndex Call(NodeId phone, NodeId place, PartialTime time) {
    const RecordIndex r = Record(RecordKind::kCall, time);
    sightings_.push_back({r, phone, place, SightingKind::kCall});
    return r;
  }

  Network Build() const {
    Network network;
    network.nodes.types = types_;
    network.nodes.keys = nodes_;
    network.nodes.labels = nodes_;
    network.nodes.entity.assign(nodes_.size(), kNoId);
    network.nodes.evidence_begin.assign(nodes_.size() + 1, 0);
    std::vector<LinkEvent> events;
    for (const auto& [person, phone] : uses_) {
      events.push_back({LinkType::kUses, person, phone, 0, PartialTime()});
    }
    network.links = LinkTable::Aggregate(std::move(events));
    network.BuildGraph();
    return network;
  }
  const RecordTable& records() const { return records_; }
  const std::vector<Sighting>& sightings() const { return sightings_; }

 private:
  NodeId Add(EntityType type, std::string key) {
    types_.push_back(type);
    nodes_.push_back(std::move(key));
    return static_cast<NodeId>(nodes_.size() - 1);
  }
  RecordIndex Record(RecordKind kind, PartialTime time) {
    const auto line = static_cast<std::uint32_t>(records_.size() + 2);
    const RecordIndex r = records_.BeginRecord(kind, {0, line, 0}, "r" + std::to_string(line));
    records_.SetTime(r, time);
    return r;
  }

  std::vector<EntityType> types_;
  std::vector<std::string> nodes_;
  std::vector<std::pair<NodeId, NodeId>> uses_;
  RecordTable records_;
  std::vector<Sighting> sightings_;
};

Movements Move(const Scene& scene, const Network& network, const MovementOptions& options = {}) {
  const PlaceCoordinates places = LocatePlaces(network, scene.records());
  Movements movements =
      BuildMovements(network, scene.records(), scene.sightings(), places, options);
  VerifyMovements(movements, network, places, options);
  return movements;
}

TEST(Movements, JourneysGivenOutOfOrderBecomeLegsInTimeOrder) {
  Scene scene;
  const NodeId akbar = scene.Person();
  const NodeId quetta = scene.Place("Quetta"), taftan = scene.Place("Taftan");
  const NodeId mirjaveh = scene.Place("Mirjaveh"), zahedan = scene.Place("Zahedan");
  // The border crossing comes first in the source, the bus ticket after it; a gap between
  // Mirjaveh and Zahedan (a car leg nobody recorded) is bridged by the next ticket.
  const RecordIndex crossing = scene.Journey(akbar, taftan, mirjaveh, At(12, 7, 51));
  const RecordIndex bus = scene.Journey(akbar, quetta, taftan, At(10, 8));
  const RecordIndex onward = scene.Journey(akbar, zahedan, scene.Place("Kerman"), At(13, 20));
  const Network network = scene.Build();
  const Movements movements = Move(scene, network);

  ASSERT_EQ(movements.size(), 1u);
  EXPECT_EQ(movements.persons[0], akbar);
  const auto legs = movements.Legs(0);
  ASSERT_EQ(legs.size(), 4u);
  EXPECT_EQ(legs[0].from, quetta);
  EXPECT_EQ(legs[0].to, taftan);
  EXPECT_TRUE(legs[0].recorded);
  EXPECT_EQ(legs[0].depart_record, bus);
  // Arrival at Taftan is dated by the next sighting there, the crossing's departure.
  EXPECT_EQ(legs[0].arrive_record, crossing);
  EXPECT_EQ(legs[0].DurationSeconds(), At(12, 7, 51).seconds() - At(10, 8).seconds());
  EXPECT_EQ(legs[1].from, taftan);
  EXPECT_EQ(legs[1].to, mirjaveh);
  EXPECT_TRUE(legs[1].recorded);
  EXPECT_EQ(legs[2].from, mirjaveh);
  EXPECT_EQ(legs[2].to, zahedan);
  EXPECT_FALSE(legs[2].recorded);
  EXPECT_EQ(legs[2].depart_record, crossing);
  EXPECT_EQ(legs[2].arrive_record, onward);
  // Nothing dates the arrival in Kerman.
  EXPECT_FALSE(legs[3].arrive.known());
  EXPECT_EQ(legs[3].DurationSeconds(), -1);
  for (const Leg& leg : legs) {
    EXPECT_EQ(leg.flags, 0) << leg.from << " > " << leg.to;
    EXPECT_GT(leg.km, 0);
  }
  // Quetta to Taftan is about 600 km by the great circle.
  EXPECT_NEAR(legs[0].km, 600, 100);
}

TEST(Movements, AJourneyRecordedTwiceIsOneLeg) {
  Scene scene;
  const NodeId akbar = scene.Person();
  const NodeId quetta = scene.Place("Quetta"), nushki = scene.Place("Nushki");
  scene.Journey(akbar, quetta, nushki, At(10));
  scene.Journey(akbar, quetta, nushki, At(10));
  scene.Journey(akbar, nushki, scene.Place("Dalbandin"), At(11));
  const Network network = scene.Build();
  const Movements movements = Move(scene, network);
  const auto legs = movements.Legs(0);
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].from, quetta);
  EXPECT_EQ(legs[0].to, nushki);
  EXPECT_TRUE(legs[0].recorded);
  EXPECT_EQ(legs[0].flags, 0);
  EXPECT_EQ(legs[1].from, nushki);
}

TEST(Movements, UndatedStopsAreKeptAndMakeNoLeg) {
  Scene scene;
  const NodeId sher = scene.Person();
  const NodeId quetta = scene.Place("Quetta"), taftan = scene.Place("Taftan");
  scene.Journey(sher, quetta, taftan, At(10));
  const RecordIndex undated = scene.Journey(sher, taftan, scene.Place("Zahedan"), PartialTime());
  const Network network = scene.Build();
  const Movements movements = Move(scene, network);
  ASSERT_EQ(movements.size(), 1u);
  EXPECT_EQ(movements.Legs(0).size(), 1u);
  EXPECT_EQ(movements.undated_stops, 2u);
  const auto stops = movements.Stops(0);
  ASSERT_EQ(stops.size(), 4u);
  EXPECT_EQ(stops[2].record, undated);
  EXPECT_FALSE(stops[3].time.known());
}

TEST(Movements, ImpossibleSpeedAndUnorderableTimesAreFlaggedNotDropped) {
  Scene scene;
  const NodeId wali = scene.Person();
  const NodeId quetta = scene.Place("Quetta"), istanbul = scene.Place("Istanbul");
  const NodeId dubai = scene.Place("Dubai");
  // Paid in Quetta, then seen leaving Istanbul half an hour later: about 3,000 km.
  scene.Payment(wali, quetta, At(10, 8));
  scene.Journey(wali, istanbul, dubai, At(10, 8, 30));
  // A flight Dubai > Istanbul, departing a day later and sighted five hours after: plausible.
  scene.Journey(wali, dubai, istanbul, At(11, 8));
  scene.Payment(wali, istanbul, At(11, 13));
  // Two payments at the same minute in two cities cannot be ordered.
  scene.Payment(wali, quetta, At(12, 9));
  scene.Payment(wali, dubai, At(12, 9));
  const Network network = scene.Build();
  const Movements movements = Move(scene, network);
  const auto legs = movements.Legs(0);
  ASSERT_EQ(legs.size(), 5u);
  EXPECT_EQ(legs[0].from, quetta);
  EXPECT_EQ(legs[0].to, istanbul);
  EXPECT_TRUE(legs[0].flags & kLegTooFast);
  EXPECT_EQ(legs[1].flags, 0);  // Istanbul > Dubai, recorded, dated by the flight back
  EXPECT_EQ(legs[2].from, dubai);
  EXPECT_EQ(legs[2].to, istanbul);
  EXPECT_EQ(legs[2].flags, 0);
  EXPECT_EQ(legs[3].to, quetta);
  EXPECT_EQ(legs[3].flags, 0);  // Istanbul at 13:00, Quetta at 09:00 next day: a flight
  EXPECT_EQ(legs[4].from, quetta);
  EXPECT_EQ(legs[4].to, dubai);
  EXPECT_TRUE(legs[4].flags & kLegOrderUncertain);
  EXPECT_TRUE(legs[4].flags & kLegTooFast);
  // A date known to the day spans the day: Quetta on the 14th, Taftan at noon on the 14th is
  // unorderable but not too fast.
  Scene day;
  const NodeId gul = day.Person();
  day.Payment(gul, day.Place("Quetta"), At(14, 0, 0, TimePrecision::kDay));
  day.Payment(gul, day.Place("Taftan"), At(14, 12));
  const Network day_network = day.Build();
  const Movements day_movements = Move(day, day_network);
  ASSERT_EQ(day_movements.legs.size(), 1u);
  EXPECT_EQ(day_movements.legs[0].flags, kLegOrderUncertain);
}

TEST(Movements, CallsCountForThePhonesOnlyUserAndSightingKindsCanBeLeftOut) {
  Scene scene;
  const NodeId akbar = scene.Person(), gul = scene.Person(), sher = scene.Person();
  const NodeId own = scene.Phone(), shared = scene.Phone();
  scene.Uses(akbar, own);
  scene.Uses(gul, shared);
  scene.Uses(sher, shared);
  const NodeId quetta = scene.Place("Quetta"), taftan = scene.Place("Taftan");
  scene.Call(own, quetta, At(9));
  scene.Journey(akbar, quetta, taftan, At(10));
  scene.Call(shared, taftan, At(11));
  scene.Payment(gul, quetta, At(12));
  const Network network = scene.Build();
  const Movements movements = Move(scene, network);
  EXPECT_EQ(movements.unattributed_calls, 1u);
  ASSERT_EQ(movements.size(), 2u);
  EXPECT_EQ(movements.persons[0], akbar);
  EXPECT_EQ(movements.Stops(0).size(), 3u);
  EXPECT_EQ(movements.persons[1], gul);

  MovementOptions journeys_only;
  journeys_only.calls = false;
  journeys_only.transfers = false;
  const Movements journeys = Move(scene, network, journeys_only);
  ASSERT_EQ(journeys.size(), 1u);
  EXPECT_EQ(journeys.Stops(0).size(), 2u);
  EXPECT_EQ(journeys.unattributed_calls, 0u);
}

// Movements made directly from place sequences: person p follows trips[p], one leg a day.
Movements FromTrips(const std::vector<std::vector<std::vector<NodeId>>>& people) {
  Movements movements;
  movements.stop_begin.push_back(0);
  movements.leg_begin.push_back(0);
  for (std::size_t p = 0; p < people.size(); ++p) {
    int day = 1;
    for (const auto& trip : people[p]) {
      for (std::size_t i = 0; i + 1 < trip.size(); ++i) {
        Leg leg;
        leg.person = static_cast<NodeId>(p);
        leg.from = trip[i];
        leg.to = trip[i + 1];
        leg.depart = PartialTime::FromSeconds(std::int64_t{day} * 86400, TimePrecision::kMinute);
        leg.arrive =
            PartialTime::FromSeconds(std::int64_t{day} * 86400 + 3600, TimePrecision::kMinute);
        leg.depart_record = leg.arrive_record = static_cast<RecordIndex>(movements.legs.size());
        movements.legs.push_back(leg);
        ++day;
      }
      day += 60;  // a stay longer than the trip limit
    }
    movements.persons.push_back(static_cast<NodeId>(p));
    movements.stop_begin.push_back(0);
    movements.leg_begin.push_back(movements.legs.size());
  }
  return movements;
}

TEST(Corridors, KnownFrequentPathsOfHandWrittenTrips) {
  // A=0 B=1 C=2 D=3 E=4 F=5. Five people go A>B>C>D, three A>B>C>E, two F>B>C>D.
  std::vector<std::vector<std::vector<NodeId>>> people;
  for (int i = 0; i < 5; ++i) people.push_back({{0, 1, 2, 3}});
  for (int i = 0; i < 3; ++i) people.push_back({{0, 1, 2, 4}});
  for (int i = 0; i < 2; ++i) people.push_back({{5, 1, 2, 3}});
  // One of them, later and in another trip, goes C>D>E: not a continuation of A>B>C>D.
  people[0].push_back({2, 3, 4});
  const Movements movements = FromTrips(people);
  CorridorOptions options;
  options.min_support = 3;
  const Corridors corridors = MineCorridors(movements, options);
  VerifyCorridors(corridors, movements, options, 6);
  // Maximal: A>B>C (8: its extensions have 5 and 3), B>C>D (7: A>B>C>D has 5),
  // A>B>C>D (5), A>B>C>E (3). B>C is not reported (2 legs minimum).
  ASSERT_EQ(corridors.corridors.size(), 4u);
  EXPECT_EQ(corridors.corridors[0].places, (std::vector<NodeId>{0, 1, 2}));
  EXPECT_EQ(corridors.corridors[0].support(), 8u);
  EXPECT_EQ(corridors.corridors[1].places, (std::vector<NodeId>{1, 2, 3}));
  EXPECT_EQ(corridors.corridors[1].support(), 7u);
  EXPECT_EQ(corridors.corridors[2].places, (std::vector<NodeId>{0, 1, 2, 3}));
  EXPECT_EQ(corridors.corridors[2].support(), 5u);
  EXPECT_EQ(corridors.corridors[3].places, (std::vector<NodeId>{0, 1, 2, 4}));
  EXPECT_EQ(corridors.corridors[3].support(), 3u);
  // Three legs of an hour a day apart: two days and an hour.
  EXPECT_EQ(corridors.corridors[2].median_duration_s, 2 * 86400 + 3600);

  options.min_support = 6;
  const Corridors strict = MineCorridors(movements, options);
  VerifyCorridors(strict, movements, options, 6);
  ASSERT_EQ(strict.corridors.size(), 2u);
  EXPECT_EQ(strict.corridors[1].places, (std::vector<NodeId>{1, 2, 3}));
}

TEST(Corridors, RandomTripsAgreeWithExhaustiveEnumeration) {
  std::size_t found = 0, multi_leg = 0;
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const int places = 3 + static_cast<int>(rng() % 5);
    std::vector<std::vector<std::vector<NodeId>>> people(5 + rng() % 30);
    for (auto& trips : people) {
      const int count = 1 + static_cast<int>(rng() % 3);
      for (int t = 0; t < count; ++t) {
        std::vector<NodeId> trip{static_cast<NodeId>(rng() % places)};
        const int length = 1 + static_cast<int>(rng() % 6);
        while (static_cast<int>(trip.size()) <= length) {
          const auto next = static_cast<NodeId>(rng() % places);
          if (next != trip.back()) trip.push_back(next);
        }
        trips.push_back(std::move(trip));
      }
    }
    const Movements movements = FromTrips(people);
    CorridorOptions options;
    options.min_support = 1 + rng() % 4;
    options.min_legs = 1 + rng() % 2;
    const Corridors corridors = MineCorridors(movements, options);
    VerifyCorridors(corridors, movements, options, 7);
    found += corridors.corridors.size();
    for (const Corridor& corridor : corridors.corridors) multi_leg += corridor.legs() > 2;
  }
  // The draws must exercise the miner, not only its empty case.
  EXPECT_GT(found, 100u);
  EXPECT_GT(multi_leg, 10u);
}

TEST(RouteGraph, LegsFoldPerPlacePairWithDurationQuartiles) {
  const Movements movements = FromTrips({{{0, 1, 2}}, {{0, 1}}, {{0, 1}, {0, 1}}});
  const RouteGraph graph = BuildRouteGraph(movements);
  ASSERT_EQ(graph.edges.size(), 2u);
  const RouteEdge& ab = graph.edges[0];
  EXPECT_EQ(ab.from, 0u);
  EXPECT_EQ(ab.to, 1u);
  EXPECT_EQ(ab.legs, 4u);
  EXPECT_EQ(ab.persons, 3u);
  EXPECT_EQ(ab.duration_median_s, 3600);
  EXPECT_EQ(ab.evidence.size(), 4u);
  EXPECT_EQ(graph.edges[1].persons, 1u);
}

TEST(Corridors, FacilitatorsAreTiedToTravellersByCallsOrPayments) {
  // Persons 0-5 travel A>B>C; 6 is rung by 0, 1 and 2 (a transporter), 7 is paid by all six
  // (a broker), 8 only shares an address with 0.
  std::vector<std::vector<std::vector<NodeId>>> people(6, {{10, 11, 12}});
  const Movements movements = FromTrips(people);
  CorridorOptions options;
  options.min_support = 5;
  const Corridors corridors = MineCorridors(movements, options);
  ASSERT_EQ(corridors.corridors.size(), 1u);

  PersonProjection projection;
  for (NodeId v = 0; v < 9; ++v) projection.node_of_person.push_back(v);
  std::vector<WeightedEdge> edges;
  const auto tie = [&](NodeId a, NodeId b, Tie kind, std::uint32_t n) {
    projection.first.push_back(a);
    projection.second.push_back(b);
    projection.ties.emplace_back();
    projection.ties.back()[static_cast<int>(kind)] = n;
    projection.weights.push_back(1);
    edges.push_back({a, b, 1.0});
  };
  tie(0, 6, Tie::kCall, 3);
  tie(0, 7, Tie::kPayment, 2);
  tie(0, 8, Tie::kSharedAddress, 1);
  tie(1, 6, Tie::kCall, 1);
  tie(1, 7, Tie::kPayment, 1);
  tie(2, 6, Tie::kCall, 2);  // pairs are added in the projection's (first, second) order
  for (NodeId t = 2; t < 6; ++t) tie(t, 7, Tie::kPayment, 1);
  projection.graph = CsrGraph::Build(9, edges);
  const auto facilitators = FindFacilitators(corridors, movements, projection);
  ASSERT_EQ(facilitators.size(), 1u);
  ASSERT_EQ(facilitators[0].size(), 2u);
  EXPECT_EQ(facilitators[0][0].person, 7u);
  EXPECT_EQ(facilitators[0][0].travellers, 6u);
  EXPECT_EQ(facilitators[0][0].payments, 7u);
  EXPECT_EQ(facilitators[0][1].person, 6u);
  EXPECT_EQ(facilitators[0][1].travellers, 3u);
  EXPECT_EQ(facilitators[0][1].calls, 6u);
}

TEST(Corridors, FacilitatorNumbersAreUnattributedNumbersTheTravellersCalled) {
  // Persons 0-5 travel A>B>C; 6 does not travel. Phones: 7 and 15 are 0's, 8 is 1's, 9 is
  // 2's, 11 is 6's. 10, 12, 13 and 14 have no known user.
  std::vector<std::vector<std::vector<NodeId>>> people(6, {{20, 21, 22}});
  const Movements movements = FromTrips(people);
  CorridorOptions options;
  options.min_support = 5;
  const Corridors corridors = MineCorridors(movements, options);
  ASSERT_EQ(corridors.corridors.size(), 1u);

  Network network;
  network.nodes.types.assign(23, EntityType::kPhone);
  std::vector<LinkEvent> events;
  const auto link = [&](LinkType type, NodeId a, NodeId b, int times) {
    for (int i = 0; i < times; ++i) events.push_back({type, a, b, 0, PartialTime()});
  };
  link(LinkType::kUses, 0, 7, 1);
  link(LinkType::kUses, 0, 15, 1);
  link(LinkType::kUses, 1, 8, 1);
  link(LinkType::kUses, 2, 9, 1);
  link(LinkType::kUses, 6, 11, 1);
  link(LinkType::kCalled, 7, 10, 3);
  link(LinkType::kCalled, 15, 10, 1);  // 0's second phone: still one traveller
  link(LinkType::kCalled, 8, 10, 1);
  link(LinkType::kCalled, 10, 9, 2);  // the number rang the traveller
  link(LinkType::kCalled, 7, 11, 9);  // 11 has a user: a person facilitator, not a number
  link(LinkType::kCalled, 7, 12, 1);
  link(LinkType::kCalled, 12, 7, 4);
  link(LinkType::kCalled, 13, 14, 5);  // between two unknown numbers, no traveller
  link(LinkType::kContact, 8, 13, 1);  // a contact entry is no call
  network.links = LinkTable::Aggregate(std::move(events));

  const auto numbers = FindFacilitatorNumbers(corridors, movements, network);
  ASSERT_EQ(numbers.size(), 1u);
  ASSERT_EQ(numbers[0].size(), 2u);
  EXPECT_EQ(numbers[0][0].phone, 10u);
  EXPECT_EQ(numbers[0][0].travellers, 3u);
  EXPECT_EQ(numbers[0][0].calls, 7u);
  EXPECT_EQ(numbers[0][1].phone, 12u);
  EXPECT_EQ(numbers[0][1].travellers, 1u);
  EXPECT_EQ(numbers[0][1].calls, 5u);
}

// Transfers on hand-made records: (payer, payee, amount, day; day 0 means undated).
struct Payments {
  RecordTable records;
  std::vector<Transfer> transfers;
  StringId pkr = 0, usd = 0;

  Payments() {
    pkr = records.strings().Intern("PKR");
    usd = records.strings().Intern("USD");
  }
  RecordIndex Add(NodeId payer, NodeId payee, double amount, int day, StringId currency) {
    const auto line = static_cast<std::uint32_t>(records.size() + 2);
    const RecordIndex r =
        records.BeginRecord(RecordKind::kTransfer, {0, line, 0}, "h" + std::to_string(line));
    if (day > 0) records.SetTime(r, At(day, 0, 0, TimePrecision::kDay));
    transfers.push_back({r, payer, payee, amount, currency});
    return r;
  }
};

TEST(Flows, MoneyIsFollowedOnlyForwardInTime) {
  // Migrant 0 pays broker 1 on the 5th; the broker pays organiser 2 on the 7th, who pays
  // transporter 3 on the 9th. The organiser's payment to 4 on the 2nd came before the
  // migrant's money, and 5's payment to the organiser on the 12th after the transporter's.
  Payments p;
  p.Add(0, 1, 200000, 5, p.pkr);
  p.Add(0, 1, 100000, 6, p.pkr);
  p.Add(1, 2, 1000, 7, p.usd);
  p.Add(2, 3, 300, 9, p.usd);
  p.Add(2, 4, 50, 2, p.usd);
  p.Add(5, 2, 70, 12, p.usd);
  p.Add(2, 3, 10, 0, p.usd);  // undated

  FlowTreeOptions down;
  const FlowTree tree = TraceFlows(p.transfers, p.records, 0, down);
  VerifyFlowTree(tree, p.transfers, p.records, down);
  EXPECT_EQ(tree.nodes, (std::vector<NodeId>{0, 1, 2, 3}));
  EXPECT_EQ(tree.depth, (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(tree.reached_at[1].ToIso(), "2024-03-05");
  EXPECT_EQ(tree.reached_at[3].ToIso(), "2024-03-09");
  ASSERT_EQ(tree.flows.size(), 3u);
  EXPECT_EQ(tree.flows[0].amount, 300000);
  EXPECT_EQ(tree.flows[0].count, 2u);
  EXPECT_EQ(tree.flows[0].first_seen.ToIso(), "2024-03-05");
  EXPECT_EQ(tree.flows[0].last_seen.ToIso(), "2024-03-06");
  EXPECT_EQ(tree.flows[2].amount, 300);  // not the undated 10

  FlowTreeOptions up;
  up.downstream = false;
  const FlowTree funders = TraceFlows(p.transfers, p.records, 3, up);
  VerifyFlowTree(funders, p.transfers, p.records, up);
  EXPECT_EQ(funders.nodes, (std::vector<NodeId>{3, 0, 1, 2}));

  FlowTreeOptions shallow;
  shallow.max_depth = 2;
  const FlowTree near = TraceFlows(p.transfers, p.records, 0, shallow);
  VerifyFlowTree(near, p.transfers, p.records, shallow);
  EXPECT_EQ(near.nodes, (std::vector<NodeId>{0, 1, 2}));

  FlowTreeOptions any_time;
  any_time.time_respecting = false;
  const FlowTree all = TraceFlows(p.transfers, p.records, 0, any_time);
  VerifyFlowTree(all, p.transfers, p.records, any_time);
  EXPECT_EQ(all.nodes, (std::vector<NodeId>{0, 1, 2, 3, 4}));
}

TEST(Flows, RandomLedgersAgreeWithChainEnumeration) {
  std::size_t followed = 0;
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    Payments p;
    const int nodes = 3 + static_cast<int>(rng() % 6);
    const int count = static_cast<int>(rng() % 14);
    for (int i = 0; i < count; ++i) {
      p.Add(static_cast<NodeId>(rng() % nodes), static_cast<NodeId>(rng() % nodes), 1 + rng() % 100,
            static_cast<int>(rng() % 8), rng() % 2 ? p.pkr : p.usd);
    }
    FlowTreeOptions options;
    options.downstream = rng() % 2 == 0;
    options.max_depth = rng() % 4;
    options.time_respecting = rng() % 4 != 0;
    const FlowTree tree = TraceFlows(p.transfers, p.records, 0, options);
    VerifyFlowTree(tree, p.transfers, p.records, options);
    for (const Flow& flow : tree.flows) followed += flow.count;
  }
  EXPECT_GT(followed, 40u);  // the draws reach past the seed
}

TEST(Flows, EntityAndPlaceFlowsFoldPerPairAndCurrency) {
  Scene scene;
  const NodeId migrant = scene.Person(), broker = scene.Person();
  const NodeId quetta = scene.Place("Quetta"), zahedan = scene.Place("Zahedan");
  scene.Journey(migrant, quetta, zahedan, At(3));
  const RecordIndex paid_in_quetta = scene.Payment(migrant, quetta, At(2));
  const RecordIndex paid_later = scene.Payment(migrant, zahedan, At(8));
  const Network network = scene.Build();
  const Movements movements = Move(scene, network);
  std::vector<Transfer> transfers = {{paid_in_quetta, migrant, broker, 100, 0},
                                     {paid_later, migrant, broker, 50, 0}};
  const auto entity = EntityFlows(transfers, scene.records());
  ASSERT_EQ(entity.size(), 1u);
  EXPECT_EQ(entity[0].amount, 150);
  EXPECT_EQ(entity[0].count, 2u);
  const auto places = PlaceFlows(transfers, scene.records(), movements);
  ASSERT_EQ(places.size(), 2u);
  EXPECT_EQ(places[0].from, quetta);
  EXPECT_EQ(places[0].to, kNoId);  // the broker is never sighted
  EXPECT_EQ(places[1].from, zahedan);
}

}  // namespace
}  // namespace corridor
