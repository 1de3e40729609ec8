#include "sim/explore/json_check.hpp"

#include <cmath>

#include <fmt/format.h>

#include "sim/explore/json_input.hpp"

namespace syncsim::sim {

using nlohmann::json;

std::string JsonCheck::describe(const json& j) {
  switch (j.type()) {
    case json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      return s.size() > 40 ? "a string of " + std::to_string(s.size()) + " bytes" : "the string " + j.dump();
    }
    case json::value_t::boolean: return "the boolean " + j.dump();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "the number " + j.dump();
    case json::value_t::object: return fmt::format("an object of {} field(s)", j.size());
    case json::value_t::array: return fmt::format("an array of {} element(s)", j.size());
    case json::value_t::null: return "null";
    default: return "something else";
  }
}

bool JsonCheck::fail(const std::string& ptr, const std::string& expected, const std::string& found) {
  if (error.empty()) error = fmt::format("{}: {}: expected {}, found {}", file_, ptr.empty() ? "/" : ptr, expected, found);
  return false;
}

bool JsonCheck::object(const json& j, const std::string& ptr, std::initializer_list<const char*> keys) {
  std::string names;
  for (const char* k : keys) names += (names.empty() ? "" : ", ") + std::string(k);
  if (!j.is_object()) return fail(ptr, "an object with " + names, describe(j));
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* k : keys) known = known || it.key() == k;
    if (!known) return fail(ptr + "/" + pointer_token(it.key()), "one of the known fields (" + names + ")", "an unknown field");
  }
  for (const char* k : keys)
    if (!j.contains(k)) return fail(ptr + "/" + k, "a value (the field is required)", "nothing");
  return true;
}

bool JsonCheck::array(const json& j, const std::string& ptr, std::size_t minSize, std::size_t maxSize) {
  if (!j.is_array() || j.size() < minSize || j.size() > maxSize)
    return fail(ptr, minSize == maxSize ? fmt::format("an array of {} element(s)", minSize)
                                        : fmt::format("an array of {} to {} element(s)", minSize, maxSize),
                describe(j));
  return true;
}

bool JsonCheck::uint(const json& j, const std::string& ptr, std::uint64_t lo, std::uint64_t hi) {
  if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<std::int64_t>() >= 0))
    return fail(ptr, fmt::format("an integer in [{}, {}]", lo, hi), describe(j));
  const auto v = j.get<std::uint64_t>();
  if (v < lo || v > hi) return fail(ptr, fmt::format("an integer in [{}, {}]", lo, hi), describe(j));
  return true;
}

bool JsonCheck::sint(const json& j, const std::string& ptr, std::int64_t lo, std::int64_t hi) {
  const bool fits = j.is_number_integer() && (!j.is_number_unsigned() || j.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX));
  if (!fits) return fail(ptr, fmt::format("an integer in [{}, {}]", lo, hi), describe(j));
  const auto v = j.get<std::int64_t>();
  if (v < lo || v > hi) return fail(ptr, fmt::format("an integer in [{}, {}]", lo, hi), describe(j));
  return true;
}

bool JsonCheck::number(const json& j, const std::string& ptr) {
  if (!j.is_number() || !std::isfinite(j.get<double>())) return fail(ptr, "a number", describe(j));
  return true;
}

bool JsonCheck::boolean(const json& j, const std::string& ptr) {
  return j.is_boolean() || fail(ptr, "true or false", describe(j));
}

bool JsonCheck::string(const json& j, const std::string& ptr) {
  return j.is_string() || fail(ptr, "a string", describe(j));
}

bool JsonCheck::uints(const json& j, const std::string& ptr, std::size_t maxSize, std::uint64_t hi) {
  if (!array(j, ptr, 0, maxSize)) return false;
  for (std::size_t i = 0; i < j.size(); ++i)
    if (!uint(j[i], fmt::format("{}/{}", ptr, i), 0, hi)) return false;
  return true;
}

bool JsonCheck::sints(const json& j, const std::string& ptr, std::size_t maxSize, std::int64_t lo, std::int64_t hi) {
  if (!array(j, ptr, 0, maxSize)) return false;
  for (std::size_t i = 0; i < j.size(); ++i)
    if (!sint(j[i], fmt::format("{}/{}", ptr, i), lo, hi)) return false;
  return true;
}

}  // namespace syncsim::sim
