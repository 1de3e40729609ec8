#pragma once
// An output directory that appears whole or not at all (check's replay files, report's four
// files). The files are written into a hidden staging directory beside it
// (.NAME.tmp-PID); commit() adds the manifest and renames the staging directory into place,
// replacing a directory an earlier run wrote, so stale files never sit beside new ones. A
// run stopped before commit (an error, SIGINT) leaves the old directory untouched and at most
// a hidden .tmp directory, which no reader takes for a result.
//
// The manifest, MANIFEST_NAME, lists the files and marks the directory as syncsim's own: only
// such a directory (or an empty one) is ever replaced, so `--out .` or `--out docs` cannot
// delete a user's files.
#include <string>
#include <vector>

namespace syncsim::sim {

inline constexpr const char* kManifestName = "syncsim-output.json";

// Whether `path` may become an output directory, checked before any work: absent (with a
// parent that is, or can become, a directory), an empty directory, or one syncsim wrote.
// Writes nothing; false and `error` ("--out: ...") if not.
bool output_dir_usable(const std::string& path, std::string& error);

class OutputDir {
 public:
  // `command` goes into the manifest ("check", "report").
  OutputDir(std::string path, std::string command);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Creates the staging directory; false and `error` if it cannot.
  bool open(std::string& error);
  // Where to write the file `name` (a file name, or a relative path such as "failures/x.json",
  // whose directory is created) before commit; it is listed in the manifest.
  std::string file(const std::string& name);
  // Writes the manifest and renames the staging directory to the path; false and `error`
  // (and nothing changed at the path) if it cannot.
  bool commit(std::string& error);
  const std::string& path() const { return path_; }

 private:
  std::string path_, command_, staging_;
  std::vector<std::string> files_;
  bool committed_ = false;
};

}  // namespace syncsim::sim
