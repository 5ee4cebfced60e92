// `corridor evaluate`: scores a resolution against the truth. Joins the truth file and a
// records file written by corridor on the record id and prints pairwise, B-cubed and adjusted
// Rand scores as JSON on stdout (algorithms/resolve/evaluate.h has the definitions).
//
// Only records with a truth row are scored: a case's records.csv also holds calls, payments
// and other records no truth file labels. Truth rows without a record (rejected rows, a
// truth file from another case) cannot be scored either; both counts are printed so a join
// on the wrong column cannot pass for a good score.

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "algorithms/resolve/evaluate.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "engine/errors.h"
#include "engine/ids.h"
#include "engine/string_pool.h"
#include "loaders/csv_reader.h"

namespace corridor::cli {
namespace {

struct EvaluateOptions {
  std::string truth;
  std::string records;
  std::string truth_key = "record_id";
  std::string truth_cluster = "cluster";
  std::string records_key = "record_id";
  std::string records_cluster = "entity_id";
};

// A column the user named, with the option that named it for the error message.
struct ColumnSpec {
  std::string name;
  std::string option;
};

// A CSV file read row by row, with the key and cluster columns found in its header.
class LabelledCsv {
 public:
  LabelledCsv(const std::string& path, const ColumnSpec& key, const ColumnSpec& cluster,
              bool show_progress)
      : path_(path),
        key_name_(key.name),
        cluster_name_(cluster.name),
        reader_(path, CsvOptions{}),
        progress_("reading " + path, Progress::Unit::kBytes, show_progress) {
    if (!reader_.Next(row_)) throw InvalidInput(path_, "the file is empty: no header row");
    if (!row_.error.empty()) throw InvalidInput(path_, row_.line, "", "header row: " + row_.error);
    width_ = row_.fields.size();
    key_ = Find(key);
    cluster_ = Find(cluster);
  }

  // The next data row; throws on a row that cannot be read, since a skipped row would change
  // the scores without a trace.
  bool Next() {
    if (!reader_.Next(row_)) {
      progress_.Finish();
      return false;
    }
    ++rows_;
    if (rows_ % 4096 == 0) progress_.Update(reader_.bytes_read(), reader_.total_bytes());
    if (!row_.error.empty()) throw InvalidInput(path_, row_.line, "", row_.error);
    if (row_.fields.size() != width_) {
      throw InvalidInput(path_, row_.line, "",
                         "expected " + std::to_string(width_) + " fields as in the header, found " +
                             std::to_string(row_.fields.size()));
    }
    return true;
  }

  std::string_view key() const { return row_.fields[key_]; }
  // The row's cluster label; an empty one is an error, as it would silently merge every
  // unlabelled record into one cluster.
  std::string_view cluster() const {
    const std::string_view label = row_.fields[cluster_];
    if (label.empty()) throw InvalidInput(path_, row_.line, cluster_name_, "empty cluster label");
    return label;
  }
  std::uint64_t line() const { return row_.line; }
  std::uint64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }
  const std::string& key_name() const { return key_name_; }

 private:
  std::size_t Find(const ColumnSpec& column) const {
    const auto it = std::find(row_.fields.begin(), row_.fields.end(), column.name);
    if (it != row_.fields.end()) return static_cast<std::size_t>(it - row_.fields.begin());
    std::string known;
    for (const std::string_view name : row_.fields) {
      known.append(known.empty() ? "" : ", ").append(name);
    }
    throw InvalidInput(path_, row_.line, "",
                       "column '" + column.name + "' is not in the header (columns: " + known +
                           "); name the column with " + column.option);
  }

  std::string path_;
  std::string key_name_;
  std::string cluster_name_;
  CsvReader reader_;
  CsvRow row_;
  Progress progress_;
  std::size_t width_ = 0;
  std::size_t key_ = 0;
  std::size_t cluster_ = 0;
  std::uint64_t rows_ = 0;
};

struct Joined {
  std::vector<std::uint32_t> predicted;
  std::vector<std::uint32_t> truth;
  std::uint64_t truth_rows = 0;
  std::uint64_t record_rows = 0;
  std::uint64_t truth_without_record = 0;
  std::uint64_t records_without_truth = 0;
};

std::string RepeatReason(std::string_view key, std::uint64_t first_line) {
  return "record id '" + std::string(key) + "' already appears on line " +
         std::to_string(first_line);
}

// Truth rows are kept by dense key id (StringPool: compact for millions of ids); records are
// streamed and matched against them, so memory grows with the truth, not the records.
Joined ReadAndJoin(const EvaluateOptions& options, bool show_progress) {
  StringPool keys;  // id 0 is the empty string, so the per-key vectors start with a dummy
  StringPool truth_labels;
  StringPool predicted_labels;
  std::vector<std::uint32_t> truth_label = {kNoId};
  std::vector<std::uint64_t> truth_line = {0};

  LabelledCsv truth(options.truth, {options.truth_key, "--truth-key"},
                    {options.truth_cluster, "--truth-cluster"}, show_progress);
  while (truth.Next()) {
    if (truth.key().empty()) {
      throw InvalidInput(truth.path(), truth.line(), truth.key_name(), "empty record id");
    }
    const std::size_t before = keys.size();
    const StringId id = keys.Intern(truth.key());
    if (keys.size() == before) {
      throw InvalidInput(truth.path(), truth.line(), truth.key_name(),
                         RepeatReason(truth.key(), truth_line[id]));
    }
    truth_label.push_back(truth_labels.Intern(truth.cluster()));
    truth_line.push_back(truth.line());
  }

  Joined joined;
  joined.truth_rows = truth.rows();
  std::vector<std::uint32_t> predicted_label(keys.size(), kNoId);
  std::vector<std::uint64_t> record_line(keys.size(), 0);
  LabelledCsv records(options.records, {options.records_key, "--records-key"},
                      {options.records_cluster, "--records-cluster"}, show_progress);
  while (records.Next()) {
    const auto id = keys.Find(records.key());
    if (!id || *id == StringPool::kEmpty) {
      ++joined.records_without_truth;
      continue;
    }
    if (predicted_label[*id] != kNoId) {
      throw InvalidInput(records.path(), records.line(), records.key_name(),
                         RepeatReason(records.key(), record_line[*id]));
    }
    predicted_label[*id] = predicted_labels.Intern(records.cluster());
    record_line[*id] = records.line();
  }
  joined.record_rows = records.rows();

  for (std::size_t id = 1; id < keys.size(); ++id) {
    if (predicted_label[id] == kNoId) {
      ++joined.truth_without_record;
      continue;
    }
    joined.predicted.push_back(predicted_label[id]);
    joined.truth.push_back(truth_label[id]);
  }
  // Scores over no items would read as perfect; nothing joined is a wrong file or column.
  if (joined.truth_rows == 0) throw InvalidInput(options.truth, "no rows after the header");
  if (joined.truth.empty()) {
    throw InvalidInput(options.records, "no record id in column '" + options.records_key +
                                            "' matches one in column '" + options.truth_key +
                                            "' of " + options.truth);
  }
  return joined;
}

void PrintJson(const EvaluateOptions& options, const Joined& joined,
               const ClusteringEvaluation& scores, std::ostream& out) {
  rapidjson::OStreamWrapper stream(out);
  rapidjson::PrettyWriter<rapidjson::OStreamWrapper> writer(stream);
  writer.SetIndent(' ', 2);
  const auto file = [&](const char* name, const std::string& path, const std::string& key,
                        const std::string& cluster, std::uint64_t rows, const char* unmatched,
                        std::uint64_t unmatched_rows) {
    writer.Key(name);
    writer.StartObject();
    writer.Key("path");
    writer.String(path);
    writer.Key("key");
    writer.String(key);
    writer.Key("cluster");
    writer.String(cluster);
    writer.Key("rows");
    writer.Uint64(rows);
    writer.Key(unmatched);
    writer.Uint64(unmatched_rows);
    writer.EndObject();
  };
  const auto scores3 = [&](const char* name, double precision, double recall, double f1) {
    writer.Key(name);
    writer.StartObject();
    writer.Key("precision");
    writer.Double(precision);
    writer.Key("recall");
    writer.Double(recall);
    writer.Key("f1");
    writer.Double(f1);
    writer.EndObject();
  };
  writer.StartObject();
  file("truth", options.truth, options.truth_key, options.truth_cluster, joined.truth_rows,
       "without_record", joined.truth_without_record);
  file("records", options.records, options.records_key, options.records_cluster, joined.record_rows,
       "without_truth", joined.records_without_truth);
  writer.Key("items");
  writer.Uint64(scores.items);
  writer.Key("clusters");
  writer.StartObject();
  writer.Key("predicted");
  writer.Uint64(scores.predicted_clusters);
  writer.Key("truth");
  writer.Uint64(scores.truth_clusters);
  writer.EndObject();
  writer.Key("pairs");
  writer.StartObject();
  writer.Key("predicted");
  writer.Uint64(scores.predicted_pairs);
  writer.Key("true");
  writer.Uint64(scores.true_pairs);
  writer.Key("true_positive");
  writer.Uint64(scores.true_positive_pairs);
  writer.EndObject();
  scores3("pairwise", scores.pairwise_precision, scores.pairwise_recall, scores.pairwise_f1);
  scores3("bcubed", scores.bcubed_precision, scores.bcubed_recall, scores.bcubed_f1);
  writer.Key("adjusted_rand_index");
  writer.Double(scores.adjusted_rand_index);
  writer.EndObject();
  out << '\n';
}

}  // namespace

Command AddEvaluateCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<EvaluateOptions>();
  CLI::App* app = parent.add_subcommand(
      "evaluate", "Score resolved records against the truth: pairwise, B-cubed, adjusted Rand");
  app->add_option("--truth", options->truth, "CSV of the true cluster of each record id")
      ->required();
  app->add_option("--records", options->records, "records.csv written by corridor")->required();
  app->add_option("--truth-key", options->truth_key, "Record id column of the truth")
      ->capture_default_str();
  app->add_option("--truth-cluster", options->truth_cluster, "Cluster column of the truth")
      ->capture_default_str();
  app->add_option("--records-key", options->records_key, "Record id column of the records")
      ->capture_default_str();
  app->add_option("--records-cluster", options->records_cluster,
                  "Predicted cluster column of the records")
      ->capture_default_str();
  app->footer(
      "Example:\n  corridor evaluate --truth cases/demo/truth/records.csv --truth-cluster person "
      "\\\n"
      "      --records runs/demo/records.csv\n"
      "Prints JSON on stdout. Records without a truth row, and truth rows without a record, are "
      "counted and left out of the scores.");
  return {app, [options, &global] {
            const Joined joined = ReadAndJoin(*options, Progress::ShouldShow(global.quiet));
            const ClusteringEvaluation scores = EvaluateClustering(joined.predicted, joined.truth);
            PrintJson(*options, joined, scores, std::cout);
            std::cout.flush();
            if (!std::cout) throw IoError("stdout", "write failed");
            return kExitOk;
          }};
}

}  // namespace corridor::cli
