#pragma once
// FollowTheMoney (FtM) entities, as exported by Aleph and OpenSanctions: one JSON object per
// line with "id", "schema" and "properties" (each property an array of strings). Entity ids
// become record ids; references between entities become from_ref/to_ref fields.
//
//   Person, LegalEntity          -> person           (names, birthDate, ids, phones, ...)
//   Organization, Company        -> organisation
//   Passport, Identification     -> person mention holding the document; from_ref = holder
//   Address                      -> place
//   Payment                      -> transfer; from_ref = payer, to_ref = beneficiary
//   Call                         -> call; from_ref = caller, to_ref = receiver
//   Family, Associate            -> relation; role = "family: brother" / "associate: ..."
//   BankAccount                  -> account
// Other schemata are not used: such a line is rejected with the schema named, and counted.

#include <rapidjson/document.h>

#include <map>
#include <string>

#include "engine/provenance.h"
#include "engine/record.h"

namespace corridor {

// Appends the entity's record and returns "", or returns why the line cannot be used.
// `ignored` counts entities of schemata Corridor does not use, by schema.
std::string EmitFtmEntity(const rapidjson::Value& entity, const RecordRef& ref, RecordTable& out,
                          std::map<std::string, std::uint64_t>& warnings,
                          std::map<std::string, std::uint64_t>& ignored);

}  // namespace corridor
