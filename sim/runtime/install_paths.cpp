#include "sim/runtime/install_paths.hpp"

#include <filesystem>

namespace syncsim::sim {

std::string data_path(std::string_view what, const std::string& buildTree) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // Linux: the running binary
  if (ec) return buildTree;
  const fs::path installed = exe.parent_path().parent_path() / "share" / "syncsim" / fs::path(what);
  if (fs::is_directory(installed, ec)) return installed.lexically_normal().string();
  return buildTree;
}

}  // namespace syncsim::sim
