#include "sim/explore/output_file.hpp"

#include <cstdio>
#include <filesystem>

namespace syncsim::sim {

OutputFile::OutputFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp") {
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
}

OutputFile::~OutputFile() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

bool OutputFile::commit() {
  out_.flush();
  const bool good = static_cast<bool>(out_);
  out_.close();
  std::error_code ec;
  if (good) std::filesystem::rename(tmp_, path_, ec);
  if (!good || ec) {
    std::filesystem::remove(tmp_, ec);
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace syncsim::sim
