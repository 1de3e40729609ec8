#pragma once
// Checking a parsed JSON document against the schema its reader expects, before anything in it
// is used: each check names the JSON pointer, what was expected and what was found, and the
// first problem stops the check (`error` is "FILE: /POINTER: expected ..., found ...").
// Readers of files written by another process (shard partials) use it so that no value they
// read afterwards can throw, wrap or allocate without bound.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace syncsim::sim {

class JsonCheck {
 public:
  explicit JsonCheck(std::string file) : file_(std::move(file)) {}
  bool ok() const { return error.empty(); }
  std::string error;

  // Records the problem (only the first is kept); always false.
  bool fail(const std::string& ptr, const std::string& expected, const std::string& found);

  // An object with exactly these keys, all present.
  bool object(const nlohmann::json& j, const std::string& ptr, std::initializer_list<const char*> keys);
  bool array(const nlohmann::json& j, const std::string& ptr, std::size_t minSize, std::size_t maxSize);
  bool uint(const nlohmann::json& j, const std::string& ptr, std::uint64_t lo, std::uint64_t hi);
  bool sint(const nlohmann::json& j, const std::string& ptr, std::int64_t lo, std::int64_t hi);
  bool number(const nlohmann::json& j, const std::string& ptr);  // any finite number
  bool boolean(const nlohmann::json& j, const std::string& ptr);
  bool string(const nlohmann::json& j, const std::string& ptr);
  // An array of at most maxSize unsigned integers <= hi.
  bool uints(const nlohmann::json& j, const std::string& ptr, std::size_t maxSize, std::uint64_t hi);
  bool sints(const nlohmann::json& j, const std::string& ptr, std::size_t maxSize, std::int64_t lo, std::int64_t hi);

  // A short description of a value for "found ...".
  static std::string describe(const nlohmann::json& j);

 private:
  std::string file_;
};

}  // namespace syncsim::sim
