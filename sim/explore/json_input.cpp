#include "sim/explore/json_input.hpp"

#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

namespace syncsim::sim {

using nlohmann::json;

std::string pointer_token(const std::string& key) {
  std::string t;
  for (char c : key) {
    if (c == '~') t += "~0";
    else if (c == '/') t += "~1";
    else t += c;
  }
  return t;
}

namespace {

// Where the parser is: one frame per open object or array.
struct Frame {
  bool object = false;
  std::string key;          // object: the last key read
  std::size_t count = 0;    // array: elements started so far
  std::set<std::string> keys;
};

struct Refused {
  JsonInputError error;
};

// The pointer of the value being read; `upTo` frames (all by default).
std::string where(const std::vector<Frame>& frames, std::size_t upTo) {
  std::string p;
  for (std::size_t i = 0; i < upTo && i < frames.size(); ++i) {
    const Frame& f = frames[i];
    p += '/';
    if (f.object) p += pointer_token(f.key);
    else p += std::to_string(f.count == 0 ? 0 : f.count - 1);
  }
  return p;
}

}  // namespace

std::optional<json> parse_json_input(const std::string& text, std::size_t maxDepth, JsonInputError& error) {
  std::vector<Frame> frames;
  auto cb = [&](int /*depth*/, json::parse_event_t event, json& parsed) -> bool {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (!frames.empty() && !frames.back().object) ++frames.back().count;
        if (frames.size() >= maxDepth)
          throw Refused{{where(frames, frames.size()), fmt::format("nesting at most {} deep", maxDepth),
                         "a deeper object or array"}};
        frames.push_back(Frame{event == json::parse_event_t::object_start, {}, 0, {}});
        break;
      case json::parse_event_t::key: {
        const std::string& k = parsed.get_ref<const std::string&>();
        Frame& top = frames.back();
        if (!top.keys.insert(k).second)
          throw Refused{{fmt::format("{}/{}", where(frames, frames.size() - 1), pointer_token(k)), "each key once in an object",
                         fmt::format("the key \"{}\" again", k)}};
        top.key = k;
        break;
      }
      case json::parse_event_t::value:
        if (!frames.empty() && !frames.back().object) ++frames.back().count;
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames.pop_back();
        break;
    }
    return true;
  };
  // Where the parser stopped: the element of an array being read is the next one.
  auto here = [&] {
    if (!frames.empty() && !frames.back().object) ++frames.back().count;
    return where(frames, frames.size());
  };
  try {
    return json::parse(text, cb, true);
  } catch (const Refused& r) {
    error = r.error;
  } catch (const json::parse_error& e) {
    error = {"", "a JSON document", fmt::format("invalid JSON at byte {}", e.byte)};
  } catch (const json::out_of_range&) {
    error = {here(), "a number a double can hold (magnitude below 1.8e308)", "a number too large"};
  } catch (const json::exception& e) {
    error = {here(), "a JSON document", fmt::format("invalid JSON ({})", e.what())};
  }
  return std::nullopt;
}

bool read_input_file(const std::string& path, std::size_t maxBytes, std::string& text, JsonInputError& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    error = {"", "a readable file", "no such file or no permission"};
    return false;
  }
  if (fs::is_directory(st)) {
    error = {"", "a file", "a directory"};
    return false;
  }
  if (!fs::is_regular_file(st)) {
    error = {"", "a regular file", "a special file (a device, a pipe or a socket)"};
    return false;
  }
  const auto size = fs::file_size(path, ec);
  if (ec) {
    error = {"", "a readable file", ec.message()};
    return false;
  }
  if (size > maxBytes) {
    error = {"", fmt::format("a file of at most {} bytes", maxBytes), fmt::format("{} bytes", size)};
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = {"", "a readable file", "no permission"};
    return false;
  }
  text.assign(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) {
    error = {"", "a readable file", "a read error (the file changed while it was read?)"};
    return false;
  }
  return true;
}

}  // namespace syncsim::sim
