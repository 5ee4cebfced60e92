// `corridor hash`: SHA-256, size and line count of evidence files, the first step of chain of
// custody. Prints lines `sha256sum -c` accepts, and optionally a JSON manifest.

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "engine/errors.h"
#include "engine/file_reader.h"
#include "engine/version.h"

namespace corridor::cli {
namespace {

struct HashOptions {
  std::vector<std::string> files;
  std::string manifest;
};

void WriteManifest(const std::string& path, const std::vector<std::string>& files,
                   const std::vector<FileDigest>& digests) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw IoError(path, "cannot create the manifest");
  rapidjson::OStreamWrapper stream(out);
  rapidjson::PrettyWriter<rapidjson::OStreamWrapper> writer(stream);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  writer.Key("corridor_version");
  writer.String(kVersion);
  writer.Key("files");
  writer.StartArray();
  for (std::size_t i = 0; i < files.size(); ++i) {
    writer.StartObject();
    writer.Key("path");
    writer.String(files[i]);
    writer.Key("sha256");
    writer.String(digests[i].sha256_hex);
    writer.Key("bytes");
    writer.Uint64(digests[i].bytes);
    writer.Key("lines");
    writer.Uint64(digests[i].lines);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  out << '\n';
  out.flush();
  if (!out) throw IoError(path, "write failed");
}

}  // namespace

Command AddHashCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<HashOptions>();
  CLI::App* app = parent.add_subcommand(
      "hash", "SHA-256, byte size and line count of evidence files (chain of custody)");
  app->add_option("files", options->files, "Files to hash")->required();
  app->add_option("--manifest", options->manifest, "Also write the digests to this JSON file");
  app->footer(
      "Example:\n  corridor hash sources/*.csv --manifest intake.json\n"
      "Output lines are in sha256sum format, so `sha256sum -c` can re-check them.");
  return {app, [options, &global] {
            std::vector<FileDigest> digests;
            for (const std::string& file : options->files) {
              Progress progress("hashing " + file, Progress::Unit::kBytes,
                                Progress::ShouldShow(global.quiet));
              digests.push_back(DigestFile(file, [&](std::uint64_t done, std::uint64_t total) {
                progress.Update(done, total);
              }));
              progress.Finish();
              std::cout << digests.back().sha256_hex << "  " << file << '\n';
            }
            if (!options->manifest.empty()) {
              WriteManifest(options->manifest, options->files, digests);
              if (!global.quiet) std::cerr << "manifest: " << options->manifest << '\n';
            }
            return kExitOk;
          }};
}

}  // namespace corridor::cli
