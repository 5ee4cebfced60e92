#pragma once
// The case file: one JSON document naming every source of a case, how its columns map onto
// Corridor's field vocabulary, and optional analysts' judgements. Format and an example per
// kind: docs/case-format.md. Every error names the case file, with line and column for JSON
// syntax errors and the source and field for mapping errors, before any data is read.

#include <optional>
#include <string>
#include <vector>

#include "engine/record.h"

namespace corridor {

enum class SourceFormat { kCsv, kJsonLines, kFtm };

std::string_view SourceFormatName(SourceFormat format);

struct FieldMapping {
  Field field;
  // Columns (CSV), keys or JSON Pointers (JSON lines); several are joined with spaces.
  std::vector<std::string> columns;
};

struct SourceSpec {
  std::string name;           // unique within the case; default: file name without extension
  std::string path;           // as written in the case file
  std::string resolved_path;  // relative to the case file's folder
  SourceFormat format = SourceFormat::kCsv;
  std::optional<RecordKind> kind;  // required except for FtM
  std::string region;              // default phone region (ISO 3166 alpha-2)
  std::vector<FieldMapping> fields;
  std::vector<std::string> time_formats;
  bool trim = false;
  char delimiter = '\0';  // CSV only; '\0': detect
};

struct CaseFile {
  std::string path;
  std::string name;
  std::string region;
  std::vector<SourceSpec> sources;
  std::string judgements_path;  // resolved; empty if none
};

// Throws InvalidInput naming the case file for anything wrong with it.
CaseFile ReadCaseFile(const std::string& path);

// Fields a source of `kind` may map (the vocabulary of docs/case-format.md).
bool FieldAllowed(RecordKind kind, Field field);

}  // namespace corridor
