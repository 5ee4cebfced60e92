#include "loaders/case_file.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/errors.h"
#include "loaders/time_parse.h"

namespace corridor {
namespace {

using rapidjson::Value;

constexpr Field kPersonFields[] = {
    Field::kId,          Field::kFullName, Field::kGivenName, Field::kFamilyName,
    Field::kFatherName,  Field::kAlias,    Field::kDob,       Field::kSex,
    Field::kNationality, Field::kDocument, Field::kPhone,     Field::kEmail,
    Field::kAddress,     Field::kCity,     Field::kPostcode,  Field::kRole};

bool IsPersonField(Field field) {
  return std::find(std::begin(kPersonFields), std::end(kPersonFields), field) !=
         std::end(kPersonFields);
}

std::string LineColumn(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

class CaseParser {
 public:
  explicit CaseParser(std::string path) : path_(std::move(path)) {}

  CaseFile Parse() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw InvalidInput(path_, "cannot open the case file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    rapidjson::Document document;
    document.Parse(text.c_str(), text.size());
    if (document.HasParseError()) {
      throw InvalidInput(path_ + ":" + LineColumn(text, document.GetErrorOffset()),
                         std::string("JSON syntax error: ") +
                             rapidjson::GetParseError_En(document.GetParseError()));
    }
    if (!document.IsObject()) Fail("the case file must be a JSON object");
    CaseFile result;
    result.path = path_;
    const auto folder = std::filesystem::path(path_).parent_path();
    for (auto it = document.MemberBegin(); it != document.MemberEnd(); ++it) {
      const std::string key = it->name.GetString();
      if (key == "name") {
        result.name = String(it->value, "name");
      } else if (key == "region") {
        result.region = Region(it->value, "region");
      } else if (key == "judgements") {
        result.judgements_path = (folder / String(it->value, "judgements")).string();
      } else if (key != "sources") {
        Fail("unknown key '" + key + "' (known: name, region, sources, judgements)");
      }
    }
    if (!document.HasMember("sources") || !document["sources"].IsArray() ||
        document["sources"].Empty()) {
      Fail("'sources' must be a non-empty array");
    }
    std::set<std::string> names;
    for (const Value& source : document["sources"].GetArray()) {
      SourceSpec spec = Source(source, folder, result.region, result.sources.size());
      if (!names.insert(spec.name).second) {
        Fail("two sources are named '" + spec.name + "'; give one a distinct \"name\"");
      }
      result.sources.push_back(std::move(spec));
    }
    return result;
  }

 private:
  [[noreturn]] void Fail(const std::string& reason) const { throw InvalidInput(path_, reason); }

  std::string String(const Value& value, const std::string& what) const {
    if (!value.IsString()) Fail("'" + what + "' must be a string");
    return {value.GetString(), value.GetStringLength()};
  }

  std::string Region(const Value& value, const std::string& what) const {
    std::string region = String(value, what);
    if (region.size() != 2 ||
        !std::all_of(region.begin(), region.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      Fail("'" + what + "' must be an ISO 3166 two-letter country code such as \"PK\", not \"" +
           region + "\"");
    }
    return region;
  }

  SourceSpec Source(const Value& source, const std::filesystem::path& folder,
                    const std::string& case_region, std::size_t index) const {
    const std::string where = "sources[" + std::to_string(index) + "]";
    if (!source.IsObject()) Fail(where + " must be an object");
    if (!source.HasMember("path")) Fail(where + " has no \"path\"");
    SourceSpec spec;
    spec.path = String(source["path"], where + ".path");
    spec.resolved_path = (folder / spec.path).string();
    const std::string label = "source '" + spec.path + "'";
    spec.region = case_region;
    spec.format = DefaultFormat(spec.path);
    std::string file_name = std::filesystem::path(spec.path).filename().string();
    spec.name = file_name.substr(0, file_name.find('.'));
    for (auto it = source.MemberBegin(); it != source.MemberEnd(); ++it) {
      const std::string key = it->name.GetString();
      const std::string what = label + " key '" + key + "'";
      if (key == "path" || key == "fields") continue;
      if (key == "name") {
        spec.name = String(it->value, what);
        if (spec.name.empty()) Fail(what + " must not be empty");
      } else if (key == "kind") {
        const std::string kind = String(it->value, what);
        spec.kind = ParseRecordKind(kind);
        if (!spec.kind || *spec.kind > RecordKind::kPlace) {
          Fail(label + ": unknown kind '" + kind +
               "' (known: person, phone, contact, call, message, transfer, travel, place)");
        }
      } else if (key == "format") {
        const std::string format = String(it->value, what);
        if (format == "csv" || format == "tsv") {
          spec.format = SourceFormat::kCsv;
          if (format == "tsv") spec.delimiter = '\t';
        } else if (format == "jsonl" || format == "ndjson") {
          spec.format = SourceFormat::kJsonLines;
        } else if (format == "ftm") {
          spec.format = SourceFormat::kFtm;
        } else {
          Fail(label + ": unknown format '" + format + "' (known: csv, tsv, jsonl, ndjson, ftm)");
        }
      } else if (key == "region") {
        spec.region = Region(it->value, what);
      } else if (key == "trim") {
        if (!it->value.IsBool()) Fail(what + " must be true or false");
        spec.trim = it->value.GetBool();
      } else if (key == "delimiter") {
        const std::string delimiter = String(it->value, what);
        if (delimiter == "\\t" || delimiter == "tab") {
          spec.delimiter = '\t';
        } else if (delimiter.size() == 1 && delimiter != "\"" && delimiter != "\n") {
          spec.delimiter = delimiter[0];
        } else {
          Fail(what + " must be one character, or \"tab\"");
        }
      } else if (key == "time_format") {
        if (it->value.IsString()) {
          spec.time_formats.push_back(String(it->value, what));
        } else if (it->value.IsArray()) {
          for (const Value& format : it->value.GetArray()) {
            spec.time_formats.push_back(String(format, what));
          }
        } else {
          Fail(what + " must be a string or an array of strings");
        }
        for (const std::string& format : spec.time_formats) {
          try {
            CheckTimeFormat(format);
          } catch (const InvalidInput& error) {
            Fail(what + ": " + std::string(error.what()).substr(2));
          }
        }
      } else {
        Fail(label + ": unknown key '" + key +
             "' (known: path, name, kind, format, region, fields, time_format, trim, "
             "delimiter)");
      }
    }
    if (spec.format == SourceFormat::kFtm) {
      if (spec.kind) Fail(label + ": FtM sources take their kinds from the entity schemata");
      if (source.HasMember("fields")) Fail(label + ": FtM sources have no \"fields\" mapping");
      return spec;
    }
    if (!spec.kind) Fail(label + " has no \"kind\"");
    if (!source.HasMember("fields") || !source["fields"].IsObject() ||
        source["fields"].MemberCount() == 0) {
      Fail(label + ": \"fields\" must be a non-empty object");
    }
    for (auto it = source["fields"].MemberBegin(); it != source["fields"].MemberEnd(); ++it) {
      const std::string field_name = it->name.GetString();
      const auto field = ParseField(field_name);
      if (!field || !FieldAllowed(*spec.kind, *field)) {
        Fail(label + ": unknown field '" + field_name + "' for kind '" +
             std::string(RecordKindName(*spec.kind)) + "' (see docs/case-format.md)");
      }
      FieldMapping mapping{*field, {}};
      const std::string what = label + " field '" + field_name + "'";
      if (it->value.IsArray()) {
        for (const Value& column : it->value.GetArray()) {
          mapping.columns.push_back(String(column, what));
        }
      } else {
        mapping.columns.push_back(String(it->value, what));
      }
      if (mapping.columns.empty()) Fail(what + " names no column");
      for (const std::string& column : mapping.columns) {
        if (column.empty()) Fail(what + " names an empty column");
      }
      spec.fields.push_back(std::move(mapping));
    }
    return spec;
  }

  static SourceFormat DefaultFormat(const std::string& file) {
    const auto ends_with = [&](std::string_view suffix) {
      return file.size() >= suffix.size() &&
             file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(".ftm.json") || ends_with(".ftm.jsonl")) return SourceFormat::kFtm;
    if (ends_with(".jsonl") || ends_with(".ndjson")) return SourceFormat::kJsonLines;
    return SourceFormat::kCsv;
  }

  std::string path_;
};

}  // namespace

std::string_view SourceFormatName(SourceFormat format) {
  switch (format) {
    case SourceFormat::kCsv:
      return "csv";
    case SourceFormat::kJsonLines:
      return "jsonl";
    case SourceFormat::kFtm:
      return "ftm";
  }
  return "csv";
}

bool FieldAllowed(RecordKind kind, Field field) {
  switch (kind) {
    case RecordKind::kPerson:
      return IsPersonField(field);
    case RecordKind::kPhone:
      return IsPersonField(field) || field == Field::kImei || field == Field::kImsi;
    case RecordKind::kContact:
      return field == Field::kId || field == Field::kOwnerPhone || field == Field::kOwnerName ||
             field == Field::kContactName || field == Field::kContactPhone;
    case RecordKind::kCall:
    case RecordKind::kMessage:
      return field == Field::kId || field == Field::kFrom || field == Field::kTo ||
             field == Field::kTime || field == Field::kDuration || field == Field::kPlace ||
             field == Field::kCell;
    case RecordKind::kTransfer:
      return field == Field::kId || (field >= Field::kPayerName && field <= Field::kChannel) ||
             field == Field::kTime || field == Field::kPlace;
    case RecordKind::kTravel:
      return IsPersonField(field) || field == Field::kFromPlace || field == Field::kToPlace ||
             field == Field::kTime || field == Field::kMode;
    case RecordKind::kPlace:
      return field == Field::kId || field == Field::kName || field == Field::kAlias ||
             field == Field::kCountry || field == Field::kLat || field == Field::kLon;
    case RecordKind::kOrganisation:
    case RecordKind::kAccount:
    case RecordKind::kRelation:
      return false;
  }
  return false;
}

CaseFile ReadCaseFile(const std::string& path) { return CaseParser(path).Parse(); }

}  // namespace corridor
