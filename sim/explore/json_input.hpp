#pragma once
// JSON read from files the program does not control (scenario files, shard partials): parsed
// once, with the limits every such file shares enforced while parsing, so nothing after it
// (a copy, a dump, a recursive walk) ever sees an unbounded document.
//   - nesting deeper than `maxDepth` is refused as soon as the parser reaches it;
//   - a key given twice in one object is refused (JSON leaves it undefined; last-wins would
//     hide a typo);
//   - a number too large for a double ("1e400") is refused;
//   - any other syntax error is reported with its byte offset.
// Each problem names the JSON pointer where it is.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace syncsim::sim {

struct JsonInputError {
  std::string pointer;   // where, as a JSON pointer ("" for the document)
  std::string expected;
  std::string found;
};

// The document, or nullopt and `error`.
std::optional<nlohmann::json> parse_json_input(const std::string& text, std::size_t maxDepth, JsonInputError& error);

// Reads a whole regular file of at most `maxBytes` into `text`; false and `error` (pointer
// "") if it is missing, a directory, unreadable or larger.
bool read_input_file(const std::string& path, std::size_t maxBytes, std::string& text, JsonInputError& error);

// A JSON pointer token: "~" and "/" escaped as the pointer syntax requires.
std::string pointer_token(const std::string& key);

}  // namespace syncsim::sim
