#include "algorithms/resolve/network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "algorithms/resolve/projection.h"
#include "engine/parallel.h"
#include "loaders/case_file.h"
#include "loaders/load_case.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

using testing::TempDir;

// Akbar (+92 300 1234567) and Gul (+92 333 1112222) are subscribers; Akbar calls Gul three
// times and once rings an Afghan number no record describes. Sher pays Akbar twice, and Sher
// and Akbar ride the same bus (Quetta -> Taftan, same departure); Wali takes a bus later.
// Akbar's CNIC is on his subscription and his ticket, his number on the ledger; Sher's number
// is on the ledger and his ticket. Nine mentions are too few to train a model on, and these
// tests are about the network, not resolution, so judgements say who is who.
CaseData SmallCase(const TempDir& dir) {
  dir.Write("subs.csv",
            "msisdn,name,cnic\n"
            "03001234567,Akbar Khan,54400-0000777-1\n"
            "03331112222,Gul Zaman,61101-1234567-3\n");
  dir.Write("cdr.csv",
            "id,a,b,start,dur\n"
            "c1,923001234567,923331112222,2024-03-01T10:00:00,60\n"
            "c2,923001234567,923331112222,2024-03-02T10:00:00,30\n"
            "c3,923331112222,923001234567,2024-03-03T10:00:00,5\n"
            "c4,923001234567,923331112222,2024-03-04T10:00:00,15\n"
            "c5,923001234567,0093700123456,2024-03-05T10:00:00,100\n"
            "c6,923001234567,12,2024-03-06T10:00:00,100\n");
  dir.Write("hawala.csv",
            "id,from,from_phone,to,to_phone,amount,cur,date\n"
            "h1,Sher Durrani,0345-9998877,Akbar Khan,0300-1234567,1000,PKR,2024-02-01T00:00:00\n"
            "h2,Sher Durrani,0345-9998877,Akbar Khan,0300-1234567,500.5,PKR,"
            "2024-02-10T00:00:00\n");
  dir.Write("bus.csv",
            "ticket,name,cnic,mobile,from,to,departure\n"
            "t1,Akbar Khan,54400-0000777-1,,Quetta,Taftan,2024-03-10T08:00:00\n"
            "t2,Sher Durrani,,03459998877,Quetta,Taftan,2024-03-10T08:00:00\n"
            "t3,Wali Noorzai,,03215554433,Quetta,Taftan,2024-03-11T08:00:00\n");
  const std::string path = dir.Write("case.json", R"({"region": "PK", "sources": [
      {"path": "subs.csv", "kind": "phone",
       "fields": {"phone": "msisdn", "full_name": "name", "document": "cnic"}},
      {"path": "cdr.csv", "kind": "call",
       "fields": {"id": "id", "from": "a", "to": "b", "time": "start", "duration": "dur"}},
      {"path": "hawala.csv", "kind": "transfer",
       "fields": {"id": "id", "payer_name": "from", "payer_phone": "from_phone",
                  "payee_name": "to", "payee_phone": "to_phone", "amount": "amount",
                  "currency": "cur", "time": "date"}},
      {"path": "bus.csv", "kind": "travel",
       "fields": {"id": "ticket", "full_name": "name", "document": "cnic", "phone": "mobile",
                  "from_place": "from", "to_place": "to", "time": "departure"}}],
      "judgements": "judgements.csv"})");
  dir.Write("judgements.csv",
            "record_id_a,record_id_b,verdict\n"
            "subs:2#subscriber,t1#person,same\n"
            "t1#person,h1#payee,same\n"
            "h1#payee,h2#payee,same\n"
            "h1#payer,h2#payer,same\n"
            "h1#payer,t2#person,same\n");
  return LoadCase(ReadCaseFile(path));
}

NodeId NodeByLabel(const Network& network, EntityType type, const std::string& label) {
  for (NodeId v = 0; v < network.nodes.size(); ++v) {
    if (network.nodes.types[v] == type && network.nodes.labels[v] == label) return v;
  }
  ADD_FAILURE() << "no " << EntityTypeName(type) << " node labelled " << label;
  return kNoId;
}

std::size_t FindLink(const LinkTable& links, LinkType type, NodeId source, NodeId target) {
  for (std::size_t l = 0; l < links.size(); ++l) {
    if (links.types[l] == type && links.sources[l] == source && links.targets[l] == target) {
      return l;
    }
  }
  return links.size();
}

std::size_t FindTie(const PersonProjection& projection, NodeId a, NodeId b) {
  const auto person = [&](NodeId node) {
    return static_cast<NodeId>(
        std::find(projection.node_of_person.begin(), projection.node_of_person.end(), node) -
        projection.node_of_person.begin());
  };
  const NodeId pa = std::min(person(a), person(b)), pb = std::max(person(a), person(b));
  for (std::size_t i = 0; i < projection.size(); ++i) {
    if (projection.first[i] == pa && projection.second[i] == pb) return i;
  }
  return projection.size();
}

TEST(Network, EventsBecomeLinksBetweenResolvedEntities) {
  const TempDir dir;
  const CaseData data = SmallCase(dir);
  const Resolution resolution = Resolve(data, {});
  const NetworkBuild build = BuildNetwork(data, resolution, {});
  const Network& network = build.network;
  network.Validate();

  const NodeId akbar = NodeByLabel(network, EntityType::kPerson, "Akbar Khan");
  const NodeId sher = NodeByLabel(network, EntityType::kPerson, "Sher Durrani");
  const NodeId akbar_phone = NodeByLabel(network, EntityType::kPhone, "+923001234567");
  const NodeId gul_phone = NodeByLabel(network, EntityType::kPhone, "+923331112222");
  ASSERT_NE(akbar_phone, kNoId);

  // Three calls one way, one back: two links, with counts, durations and times folded.
  const LinkTable& links = network.links;
  const std::size_t out = FindLink(links, LinkType::kCalled, akbar_phone, gul_phone);
  ASSERT_LT(out, links.size());
  EXPECT_EQ(links.counts[out], 3u);
  EXPECT_DOUBLE_EQ(links.total_duration_s[out], 105.0);
  EXPECT_EQ(links.first_seen[out].ToIso(), "2024-03-01T10:00:00Z");
  EXPECT_EQ(links.last_seen[out].ToIso(), "2024-03-04T10:00:00Z");
  EXPECT_EQ(links.Evidence(out).size(), 3u);
  const std::size_t back = FindLink(links, LinkType::kCalled, gul_phone, akbar_phone);
  ASSERT_LT(back, links.size());
  EXPECT_EQ(links.counts[back], 1u);

  // The Afghan number has no record of its own: an identifier node evidenced by the call.
  const NodeId afghan = NodeByLabel(network, EntityType::kPhone, "+93700123456");
  ASSERT_NE(afghan, kNoId);
  EXPECT_EQ(network.nodes.entity[afghan], kNoId);
  EXPECT_EQ(network.nodes.Evidence(afghan).size(), 1u);
  EXPECT_LT(FindLink(links, LinkType::kCalled, akbar_phone, afghan), links.size());
  // "12" is no phone number: that call is counted, not linked.
  EXPECT_EQ(network.events_without_end, 1u);

  // Two payments fold into one link with the amount summed per currency.
  const std::size_t paid = FindLink(links, LinkType::kPaid, sher, akbar);
  ASSERT_LT(paid, links.size());
  EXPECT_EQ(links.counts[paid], 2u);
  ASSERT_EQ(links.Amounts(paid).size(), 1u);
  EXPECT_DOUBLE_EQ(links.Amounts(paid)[0].amount, 1500.5);
  EXPECT_EQ(data.records.strings().View(links.Amounts(paid)[0].currency), "PKR");

  // Journeys: person -> both places, and a leg between the places.
  const NodeId quetta = NodeByLabel(network, EntityType::kPlace, "Quetta");
  const NodeId taftan = NodeByLabel(network, EntityType::kPlace, "Taftan");
  EXPECT_LT(FindLink(links, LinkType::kTravelled, akbar, taftan), links.size());
  const std::size_t leg = FindLink(links, LinkType::kLeg, quetta, taftan);
  ASSERT_LT(leg, links.size());
  EXPECT_EQ(links.counts[leg], 3u);

  // The CSR view: each arc is its link.
  ASSERT_EQ(network.graph.num_arcs(), links.size());
  bool arc_found = false;
  const auto arcs = network.graph.Neighbors(akbar_phone);
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    const std::uint64_t l = network.link_of_arc[network.graph.offsets()[akbar_phone] + i];
    arc_found |= l == out;
    EXPECT_EQ(links.sources[l], akbar_phone);
    EXPECT_EQ(links.targets[l], arcs[i]);
  }
  EXPECT_TRUE(arc_found);

  // Akbar uses his phone and holds his CNIC.
  EXPECT_LT(FindLink(links, LinkType::kUses, akbar, akbar_phone), links.size());
  const NodeId cnic = NodeByLabel(network, EntityType::kDocument, "5440000007771");
  const std::size_t holds = FindLink(links, LinkType::kHolds, akbar, cnic);
  ASSERT_LT(holds, links.size());
  EXPECT_EQ(links.Evidence(holds).size(), 2u);  // subscription and ticket
}

// A seized handset's contact list and a partner agency's Family entity: CONTACT links from the
// owner's phone to each stored number (two entries of one number fold into one link), an
// ASSOCIATE link between the related persons, and both as kinds of the persons' tie.
TEST(Network, ContactListsAndDeclaredRelationsBecomeLinks) {
  const TempDir dir;
  dir.Write("subs.csv",
            "msisdn,name,cnic\n"
            "03001234567,Akbar Khan,54400-0000777-1\n"
            "03331112222,Gul Zaman,61101-1234567-3\n");
  dir.Write("handset.csv",
            "owner,name,number\n"
            "03001234567,Gul,03331112222\n"
            "03001234567,Gul Bhai,0333-1112222\n");
  dir.Write(
      "partner.ftm.json",
      R"({"id": "p1", "schema": "Person", "properties": {"name": ["Akbar Khan"]}})"
      "\n"
      R"({"id": "p2", "schema": "Person", "properties": {"name": ["Gul Zaman"]}})"
      "\n"
      R"({"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p2"], "relationship": ["cousin"]}})"
      "\n");
  dir.Write("judgements.csv",
            "record_id_a,record_id_b,verdict\n"
            "subs:2#subscriber,p1,same\n"
            "subs:3#subscriber,p2,same\n");
  const std::string path = dir.Write("case.json", R"({"region": "PK", "sources": [
      {"path": "subs.csv", "kind": "phone",
       "fields": {"phone": "msisdn", "full_name": "name", "document": "cnic"}},
      {"path": "handset.csv", "kind": "contact",
       "fields": {"owner_phone": "owner", "contact_name": "name", "contact_phone": "number"}},
      {"path": "partner.ftm.json"}],
      "judgements": "judgements.csv"})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  const NetworkBuild build = BuildNetwork(data, Resolve(data, {}), {});
  const Network& network = build.network;
  network.Validate();
  const NodeId akbar = NodeByLabel(network, EntityType::kPerson, "Akbar Khan");
  const NodeId gul = NodeByLabel(network, EntityType::kPerson, "Gul Zaman");
  const NodeId akbar_phone = NodeByLabel(network, EntityType::kPhone, "+923001234567");
  const NodeId gul_phone = NodeByLabel(network, EntityType::kPhone, "+923331112222");

  const LinkTable& links = network.links;
  const std::size_t contact = FindLink(links, LinkType::kContact, akbar_phone, gul_phone);
  ASSERT_LT(contact, links.size());
  EXPECT_EQ(links.counts[contact], 2u);
  EXPECT_EQ(links.Evidence(contact).size(), 2u);
  EXPECT_EQ(FindLink(links, LinkType::kContact, gul_phone, akbar_phone), links.size());
  const std::size_t related = FindLink(links, LinkType::kAssociate, akbar, gul);
  ASSERT_LT(related, links.size());
  EXPECT_EQ(links.counts[related], 1u);

  const PersonProjection& persons = build.persons;
  const std::size_t tie = FindTie(persons, akbar, gul);
  ASSERT_LT(tie, persons.size());
  EXPECT_EQ(persons.ties[tie][static_cast<int>(Tie::kContact)], 2u);
  EXPECT_EQ(persons.ties[tie][static_cast<int>(Tie::kAssociate)], 1u);
  EXPECT_EQ(persons.ties[tie][static_cast<int>(Tie::kCall)], 0u);
}

TEST(Network, ProjectionWeighsEachKindOfTie) {
  const TempDir dir;
  const CaseData data = SmallCase(dir);
  const Resolution resolution = Resolve(data, {});
  const NetworkBuild build = BuildNetwork(data, resolution, {});
  const Network& network = build.network;
  const PersonProjection& persons = build.persons;
  persons.graph.Validate();
  EXPECT_EQ(persons.graph.num_edges(), persons.size());
  EXPECT_EQ(persons.node_of_person.size(), 4u);  // Akbar, Gul, Sher, Wali: one entity each

  const NodeId akbar = NodeByLabel(network, EntityType::kPerson, "Akbar Khan");
  const NodeId gul = NodeByLabel(network, EntityType::kPerson, "Gul Zaman");
  const NodeId sher = NodeByLabel(network, EntityType::kPerson, "Sher Durrani");
  const NodeId wali = NodeByLabel(network, EntityType::kPerson, "Wali Noorzai");
  const ProjectionWeights weights;

  const std::size_t calls = FindTie(persons, akbar, gul);
  ASSERT_LT(calls, persons.size());
  EXPECT_EQ(persons.ties[calls][static_cast<int>(Tie::kCall)], 4u);
  EXPECT_DOUBLE_EQ(persons.weights[calls], weights.weight[0] * std::log2(5.0));

  const std::size_t business = FindTie(persons, akbar, sher);
  ASSERT_LT(business, persons.size());
  EXPECT_EQ(persons.ties[business][static_cast<int>(Tie::kPayment)], 2u);
  EXPECT_EQ(persons.ties[business][static_cast<int>(Tie::kCoTravel)], 1u);
  EXPECT_DOUBLE_EQ(persons.weights[business],
                   weights.weight[static_cast<int>(Tie::kPayment)] * std::log2(3.0) +
                       weights.weight[static_cast<int>(Tie::kCoTravel)] * std::log2(2.0));

  // Wali left a day later: no tie.
  EXPECT_EQ(FindTie(persons, wali, akbar), persons.size());
  EXPECT_EQ(FindTie(persons, wali, sher), persons.size());
}

// Akbar and Gul are written on one phone number with their own CNICs, Gul and Sher on one
// CNIC with their own numbers; judgements keep the three apart.
TEST(Network, SharingAPhoneOrADocumentTiesPersonsByThatKind) {
  const TempDir dir;
  dir.Write("subs.csv",
            "msisdn,name,cnic\n"
            "03001234567,Akbar Khan,54400-0000777-1\n"
            "03001234567,Gul Zaman,61101-1234567-3\n"
            "03339998877,Sher Durrani,61101-1234567-3\n");
  dir.Write("judgements.csv",
            "record_id_a,record_id_b,verdict\n"
            "subs:2#subscriber,subs:3#subscriber,different\n"
            "subs:3#subscriber,subs:4#subscriber,different\n");
  const std::string path = dir.Write("case.json", R"({"region": "PK", "sources": [
      {"path": "subs.csv", "kind": "phone",
       "fields": {"phone": "msisdn", "full_name": "name", "document": "cnic"}}],
      "judgements": "judgements.csv"})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  const NetworkBuild build = BuildNetwork(data, Resolve(data, {}), {});
  const NodeId akbar = NodeByLabel(build.network, EntityType::kPerson, "Akbar Khan");
  const NodeId gul = NodeByLabel(build.network, EntityType::kPerson, "Gul Zaman");
  const NodeId sher = NodeByLabel(build.network, EntityType::kPerson, "Sher Durrani");
  const PersonProjection& persons = build.persons;
  ASSERT_EQ(persons.size(), 2u);
  const std::size_t phone = FindTie(persons, akbar, gul);
  ASSERT_LT(phone, persons.size());
  EXPECT_EQ(persons.ties[phone][static_cast<int>(Tie::kSharedPhone)], 1u);
  EXPECT_EQ(persons.ties[phone][static_cast<int>(Tie::kSharedDocument)], 0u);
  const std::size_t document = FindTie(persons, gul, sher);
  ASSERT_LT(document, persons.size());
  EXPECT_EQ(persons.ties[document][static_cast<int>(Tie::kSharedDocument)], 1u);
  EXPECT_EQ(persons.ties[document][static_cast<int>(Tie::kSharedPhone)], 0u);
  EXPECT_EQ(FindTie(persons, akbar, sher), persons.size());
}

// Akbar and Gul are both written on 0300-1234567, which rings Sher's number twice: each call
// was one of theirs, so each of them gets half of it, though both see both calls counted.
TEST(Network, CallsOfASharedPhoneAreSpreadOverItsUsers) {
  const TempDir dir;
  dir.Write("subs.csv",
            "msisdn,name,cnic\n"
            "03001234567,Akbar Khan,54400-0000777-1\n"
            "03001234567,Gul Zaman,61101-1234567-3\n"
            "03339998877,Sher Durrani,61101-7654321-5\n");
  dir.Write("cdr.csv",
            "id,a,b,start\n"
            "c1,923001234567,923339998877,2024-03-01T10:00:00\n"
            "c2,923001234567,923339998877,2024-03-02T10:00:00\n");
  dir.Write("judgements.csv",
            "record_id_a,record_id_b,verdict\n"
            "subs:2#subscriber,subs:3#subscriber,different\n");
  const std::string path = dir.Write("case.json", R"({"region": "PK", "sources": [
      {"path": "subs.csv", "kind": "phone",
       "fields": {"phone": "msisdn", "full_name": "name", "document": "cnic"}},
      {"path": "cdr.csv", "kind": "call",
       "fields": {"id": "id", "from": "a", "to": "b", "time": "start"}}],
      "judgements": "judgements.csv"})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  const NetworkBuild build = BuildNetwork(data, Resolve(data, {}), {});
  const PersonProjection& persons = build.persons;
  const NodeId sher = NodeByLabel(build.network, EntityType::kPerson, "Sher Durrani");
  const ProjectionWeights weights;
  for (const char* user : {"Akbar Khan", "Gul Zaman"}) {
    const std::size_t calls =
        FindTie(persons, NodeByLabel(build.network, EntityType::kPerson, user), sher);
    ASSERT_LT(calls, persons.size()) << user;
    EXPECT_EQ(persons.ties[calls][static_cast<int>(Tie::kCall)], 2u);
    EXPECT_DOUBLE_EQ(persons.weights[calls], weights.weight[0] * std::log2(1.0 + 2.0 / 2));
  }
}

// Hanif (0300-7654321) is paid by Sher, Gul and Wali, and Sher and Gul each call him; Sher
// also calls Gul. With three distinct payers enough to make a money service, the payments and
// the calls on Hanif's phone stay in the weights but leave the cell weights; the call between
// two of his customers is theirs and stays in both.
TEST(Network, MoneyServicesAreLeftOutOfTheCellWeights) {
  const TempDir dir;
  dir.Write("hawala.csv",
            "id,from,from_phone,to,to_phone,amount\n"
            "h1,Sher Durrani,0345-9998877,Hanif Butt,0300-7654321,1000\n"
            "h2,Gul Zaman,0333-1112222,Hanif Butt,0300-7654321,2000\n"
            "h3,Wali Noorzai,0321-5554433,Hanif Butt,0300-7654321,3000\n");
  dir.Write("cdr.csv",
            "id,a,b\n"
            "c1,923459998877,923007654321\n"
            "c2,923331112222,923007654321\n"
            "c3,923459998877,923331112222\n");
  dir.Write("judgements.csv",
            "record_id_a,record_id_b,verdict\n"
            "h1#payee,h2#payee,same\nh2#payee,h3#payee,same\n");
  const std::string path = dir.Write("case.json", R"({"region": "PK", "sources": [
      {"path": "hawala.csv", "kind": "transfer",
       "fields": {"id": "id", "payer_name": "from", "payer_phone": "from_phone",
                  "payee_name": "to", "payee_phone": "to_phone", "amount": "amount"}},
      {"path": "cdr.csv", "kind": "call", "fields": {"id": "id", "from": "a", "to": "b"}}],
      "judgements": "judgements.csv"})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  const Resolution resolution = Resolve(data, {});
  NetworkOptions options;
  options.money_service_payers = 3;
  const NetworkBuild build = BuildNetwork(data, resolution, options);
  const PersonProjection& persons = build.persons;
  const auto person = [&](const char* name) {
    const NodeId node = NodeByLabel(build.network, EntityType::kPerson, name);
    return static_cast<std::size_t>(
        std::find(persons.node_of_person.begin(), persons.node_of_person.end(), node) -
        persons.node_of_person.begin());
  };
  ASSERT_EQ(persons.money_service.size(), persons.node_of_person.size());
  EXPECT_TRUE(persons.money_service[person("Hanif Butt")]);
  EXPECT_FALSE(persons.money_service[person("Sher Durrani")]);
  const NodeId hanif = NodeByLabel(build.network, EntityType::kPerson, "Hanif Butt");
  const NodeId sher = NodeByLabel(build.network, EntityType::kPerson, "Sher Durrani");
  const NodeId gul = NodeByLabel(build.network, EntityType::kPerson, "Gul Zaman");
  const std::size_t paid_and_called = FindTie(persons, sher, hanif);
  ASSERT_LT(paid_and_called, persons.size());
  EXPECT_EQ(persons.ties[paid_and_called][static_cast<int>(Tie::kPayment)], 1u);
  EXPECT_EQ(persons.ties[paid_and_called][static_cast<int>(Tie::kCall)], 1u);
  EXPECT_GT(persons.weights[paid_and_called], 0.0);
  EXPECT_EQ(persons.cell_weights[paid_and_called], 0.0);
  const std::size_t customers = FindTie(persons, sher, gul);
  ASSERT_LT(customers, persons.size());
  EXPECT_GT(persons.cell_weights[customers], 0.0);
  EXPECT_EQ(persons.cell_weights[customers], persons.weights[customers]);
  // Cells are found on the graph without Hanif's ties: he has no arc there.
  const CsrGraph cells = CellGraph(persons);
  ASSERT_EQ(cells.num_nodes(), persons.graph.num_nodes());
  EXPECT_EQ(cells.Degree(static_cast<NodeId>(person("Hanif Butt"))), 0u);
  EXPECT_EQ(cells.Degree(static_cast<NodeId>(person("Gul Zaman"))), 1u);

  // One payer short of a service: every tie counts for the cells, and the weights are what
  // they are with a service.
  options.money_service_payers = 4;
  const NetworkBuild plain = BuildNetwork(data, resolution, options);
  EXPECT_EQ(plain.persons.cell_weights, plain.persons.weights);
  EXPECT_EQ(plain.persons.weights, persons.weights);
  EXPECT_EQ(plain.persons.ties, persons.ties);
  EXPECT_EQ(CellGraph(plain.persons).num_nodes(), 0u);
}

// Akbar and Gul live at one house; Sher and Wali only give the same street. By default only
// the house ties its residents; --street-addresses ties the street's too.
TEST(Network, AddressesTieOnlyWhenTheyNameADwelling) {
  const TempDir dir;
  dir.Write("people.csv",
            "id,name,address\n"
            "p1,Akbar Khan,\"House 7, Street 2, Quetta\"\n"
            "p2,Gul Zaman,\"house 7 street 2 quetta\"\n"
            "p3,Sher Durrani,\"Mohalla Noorzai, Street 33, Herat\"\n"
            "p4,Wali Noorzai,\"Mohalla Noorzai, Street 33, Herat\"\n");
  dir.Write("judgements.csv",
            "record_id_a,record_id_b,verdict\np1,p2,different\np3,p4,different\n");
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "people.csv", "kind": "person",
       "fields": {"id": "id", "full_name": "name", "address": "address"}}],
      "judgements": "judgements.csv"})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  const Resolution resolution = Resolve(data, {});
  const auto shared_address = [&](const NetworkBuild& build, const char* a, const char* b) {
    const std::size_t tie =
        FindTie(build.persons, NodeByLabel(build.network, EntityType::kPerson, a),
                NodeByLabel(build.network, EntityType::kPerson, b));
    return tie < build.persons.size()
               ? build.persons.ties[tie][static_cast<int>(Tie::kSharedAddress)]
               : 0u;
  };
  NetworkOptions options;
  const NetworkBuild dwellings = BuildNetwork(data, resolution, options);
  EXPECT_EQ(shared_address(dwellings, "Akbar Khan", "Gul Zaman"), 1u);
  EXPECT_EQ(shared_address(dwellings, "Sher Durrani", "Wali Noorzai"), 0u);
  options.street_addresses = true;
  const NetworkBuild streets = BuildNetwork(data, resolution, options);
  EXPECT_EQ(shared_address(streets, "Akbar Khan", "Gul Zaman"), 1u);
  EXPECT_EQ(shared_address(streets, "Sher Durrani", "Wali Noorzai"), 1u);
}

TEST(Network, GroupsOverTheLimitAreSkippedAndCounted) {
  const TempDir dir;
  const CaseData data = SmallCase(dir);
  const Resolution resolution = Resolve(data, {});
  NetworkOptions options;
  options.max_group = 1;
  const NetworkBuild build = BuildNetwork(data, resolution, options);
  const NodeId akbar = NodeByLabel(build.network, EntityType::kPerson, "Akbar Khan");
  const NodeId sher = NodeByLabel(build.network, EntityType::kPerson, "Sher Durrani");
  const std::size_t business = FindTie(build.persons, akbar, sher);
  ASSERT_LT(business, build.persons.size());
  EXPECT_EQ(build.persons.ties[business][static_cast<int>(Tie::kCoTravel)], 0u);
  EXPECT_EQ(build.groups_skipped, 1u);  // the shared bus
}

TEST(Network, SameAtAnyThreadCount) {
  const TempDir dir;
  const CaseData data = SmallCase(dir);
  const auto build_with = [&](int threads) {
    const parallel::ThreadLimit limit(threads);
    return BuildNetwork(data, Resolve(data, {}), {});
  };
  const NetworkBuild one = build_with(1), two = build_with(2);
  EXPECT_EQ(one.network.nodes.keys, two.network.nodes.keys);
  EXPECT_EQ(one.network.nodes.labels, two.network.nodes.labels);
  EXPECT_EQ(one.network.links.sources, two.network.links.sources);
  EXPECT_EQ(one.network.links.targets, two.network.links.targets);
  EXPECT_EQ(one.network.links.evidence, two.network.links.evidence);
  EXPECT_EQ(one.persons.weights, two.persons.weights);
}

}  // namespace
}  // namespace corridor
