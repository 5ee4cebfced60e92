#pragma once
// Small formatting rules shared by the commands' output files, so that a number, an amount or
// a citation reads the same in every file of a run.

#include <string>

#include "engine/case_data.h"
#include "engine/case_writers.h"
#include "engine/csv_writer.h"
#include "engine/graphml_writer.h"
#include "engine/link.h"

namespace corridor::cli {

// Shortest round-trip form; empty for NaN (a measure undefined at that node, such as the
// constraint of an isolated one).
std::string Number(double value);

// GraphML strings are never empty: networkx before 3.0 drops an empty <data> element, and
// an attribute missing from some nodes reads as "no value" rather than "unknown".
std::string IsoOrUnknown(const PartialTime& time);

// Money in plain decimals, never in exponent form ("110000000", "500.5"): ledgers are read
// by people.
std::string Money(double amount);

// A link's amounts, "PKR 218000 | USD 500", one per currency in currency order.
std::string Amounts(const CaseData& data, const LinkTable& links, std::size_t link);

// Where a record came from, "sources/bus_manifest.csv:17".
std::string Citation(const CaseData& data, RecordIndex record);

WrittenFile Written(const CsvWriter& out);
WrittenFile Written(const GraphmlWriter& out);

}  // namespace corridor::cli
