#pragma once
// Output that appears whole or not at all: written to PATH.tmp, renamed over PATH on commit,
// removed if the writer goes away without committing (an error, an exception).
#include <fstream>
#include <string>

namespace syncsim::sim {

class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool ok() const { return static_cast<bool>(out_); }
  std::ostream& stream() { return out_; }
  // Flushes and renames into place; false (and nothing left behind) on any failure.
  bool commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace syncsim::sim
