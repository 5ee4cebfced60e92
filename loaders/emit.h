#pragma once
// Turns one mapped row into records. One row may yield several records, all carrying the row's
// RecordRef and ids built from one base id (the mapped `id`, else `<source>:<line>`):
//
//   person    BASE                       (person mention)
//   phone     BASE#phone                 (phone, imei, imsi)
//             BASE#subscriber            (person mention, when any person field is set)
//   contact   BASE#contact               (link: owner_phone -> contact_phone)
//             BASE#phone                 (phone mention of the contact's number)
//             BASE#person                (person mention: contact_name, contact_phone)
//             BASE#owner                 (person mention, when owner_name is set)
//   call      BASE, message BASE         (event)
//   transfer  BASE#payer, BASE#payee     (person mentions, when their fields are set)
//             BASE#transfer              (event; from_ref/to_ref name the mentions)
//   travel    BASE#person                (person mention)
//             BASE#travel                (event; from_ref names the mention)
//   place     BASE
//
// A row missing what its kind cannot do without is rejected with the reason; an optional
// value that does not parse (a time, a number) keeps the row, raw, and counts a warning.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "engine/provenance.h"
#include "engine/record.h"
#include "loaders/case_file.h"

namespace corridor {

struct FieldText {
  Field field;
  std::string_view value;
  // The value's id in the output table's pool when the caller has interned it already
  // (StringPool::InternBatch); kNoId: the emitter stores the text.
  StringId id = kNoId;
};

// Appends the row's records to `out` and returns "", or returns why the row cannot be used
// (and appends nothing). `warnings` counts problems in optional values by name.
std::string EmitRow(const SourceSpec& spec, const RecordRef& ref, std::span<const FieldText> row,
                    RecordTable& out, std::map<std::string, std::uint64_t>& warnings);

}  // namespace corridor
