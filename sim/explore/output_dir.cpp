#include "sim/explore/output_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace syncsim::sim {

namespace fs = std::filesystem;

namespace {
fs::path sibling(const std::string& path, const char* what) {
  fs::path p = fs::path(path).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();  // "out/" -> "out"
  return p.parent_path() / fmt::format(".{}.{}-{}", p.filename().string(), what, ::getpid());
}
}  // namespace

bool output_dir_usable(const std::string& path, std::string& error) {
  std::error_code ec;
  if (path.empty()) {
    error = "--out: expected a directory, found an empty path";
    return false;
  }
  const fs::path norm = fs::path(path).lexically_normal();
  const std::string last = (norm.filename().empty() ? norm.parent_path() : norm).filename().string();
  if (last.empty() || last == "." || last == "..") {
    error = fmt::format("--out: expected a directory of its own (it is replaced as a whole), found {}", path);
    return false;
  }
  const auto st = fs::status(path, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      error = fmt::format("--out: expected a directory, found a file: {}", path);
      return false;
    }
    bool empty = true, ours = false;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      empty = false;
      ours = ours || it->path().filename() == kManifestName;
    }
    if (ec) {
      error = fmt::format("--out: cannot read {}: {}", path, ec.message());
      return false;
    }
    if (!empty && !ours) {
      error = fmt::format("--out: expected a new or empty directory, or one syncsim wrote (with {}), found other files in {}",
                          kManifestName, path);
      return false;
    }
    if (access(path.c_str(), W_OK) != 0) {
      error = fmt::format("--out: cannot write into {}", path);
      return false;
    }
  }
  // The nearest existing ancestor must be a writable directory.
  fs::path a = fs::path(path).lexically_normal();
  if (a.filename().empty()) a = a.parent_path();
  for (a = a.parent_path(); !a.empty() && !fs::exists(a, ec); a = a.parent_path()) {
  }
  const fs::path base = a.empty() ? fs::path(".") : a;
  if (!fs::is_directory(base, ec)) {
    error = fmt::format("--out: expected a directory path, but {} is a file", base.string());
    return false;
  }
  if (access(base.c_str(), W_OK) != 0) {
    error = fmt::format("--out: cannot create {}: {} is not writable", path, base.string());
    return false;
  }
  return true;
}

OutputDir::OutputDir(std::string path, std::string command)
    : path_(std::move(path)), command_(std::move(command)), staging_(sibling(path_, "tmp").string()) {}

OutputDir::~OutputDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

bool OutputDir::open(std::string& error) {
  std::error_code ec;
  fs::remove_all(staging_, ec);
  fs::create_directories(staging_, ec);
  if (ec) {
    error = fmt::format("--out: cannot create {}: {}", staging_, ec.message());
    return false;
  }
  return true;
}

std::string OutputDir::file(const std::string& name) {
  if (std::find(files_.begin(), files_.end(), name) == files_.end()) files_.push_back(name);
  const fs::path p = fs::path(staging_) / name;
  std::error_code ec;
  if (p.parent_path() != fs::path(staging_)) fs::create_directories(p.parent_path(), ec);  // "failures/x.json"
  return p.string();
}

bool OutputDir::commit(std::string& error) {
  std::vector<std::string> names = files_;
  std::sort(names.begin(), names.end());
  {
    nlohmann::ordered_json m;
    m["syncsim_output"] = 1;
    m["command"] = command_;
    m["files"] = names;
    std::ofstream out(fs::path(staging_) / kManifestName, std::ios::binary | std::ios::trunc);
    out << m.dump(2) << "\n";
    out.flush();
    if (!out) {
      error = fmt::format("--out: cannot write {}", (fs::path(staging_) / kManifestName).string());
      return false;
    }
  }
  std::error_code ec;
  const fs::path old = sibling(path_, "old");
  const bool replace = fs::exists(path_, ec);
  if (replace) {
    fs::remove_all(old, ec);
    fs::rename(path_, old, ec);
    if (ec) {
      error = fmt::format("--out: cannot replace {}: {}", path_, ec.message());
      return false;
    }
  } else {
    const fs::path parent = fs::path(path_).lexically_normal().parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
  }
  fs::rename(staging_, path_, ec);
  if (ec) {
    error = fmt::format("--out: cannot move the output into {}: {}", path_, ec.message());
    if (replace) fs::rename(old, path_, ec);  // put the earlier output back
    return false;
  }
  committed_ = true;
  if (replace) fs::remove_all(old, ec);
  return true;
}

}  // namespace syncsim::sim
