#include "sim/js/shim.hpp"

#include <fmt/format.h>
#include <js/Array.h>
#include <js/CallAndConstruct.h>
#include <js/CharacterEncoding.h>
#include <js/CompilationAndEvaluation.h>
#include <js/CompileOptions.h>
#include <js/Conversions.h>
#include <js/Exception.h>
#include <js/GlobalObject.h>
#include <js/JSON.h>
#include <js/Promise.h>
#include <js/PropertyAndElement.h>
#include <js/PropertySpec.h>
#include <js/Realm.h>
#include <js/RealmOptions.h>
#include <js/String.h>
#include <js/experimental/JSStencil.h>
#include <jsapi.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>
#include <mutex>

#include "sim/js/prelude.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/world/service_worker.hpp"
#include "sim/world/worker_ports.hpp"

namespace syncsim::sim::js {

// ---------------------------------------------------------------------------------------------
// Repos, ids, times

namespace {

constexpr std::uint32_t kHashedRepoBit = 0x80000000u;

// Names that are not "org"/"repo-<n>", by their hash (a pure function of the name, so every
// thread may keep its own table: a world runs on one thread and reads back only what it wrote).
std::map<std::uint32_t, std::pair<std::string, std::string>>& hashed_repos() {
  thread_local std::map<std::uint32_t, std::pair<std::string, std::string>> table;
  return table;
}

template <class Int>
bool parse_int(std::string_view s, Int& out) {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

std::uint32_t repo_id(std::string_view owner, std::string_view name) {
  std::uint32_t n = 0;
  if (owner == "org" && name.starts_with("repo-") && parse_int(name.substr(5), n) && (n & kHashedRepoBit) == 0)
    return n;
  std::uint32_t h = 2166136261u;  // FNV-1a of "owner/name"
  const auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
  };
  mix(owner);
  mix("/");
  mix(name);
  h |= kHashedRepoBit;
  hashed_repos().emplace(h, std::make_pair(std::string(owner), std::string(name)));
  return h;
}

std::string repo_owner(std::uint32_t repo) {
  if (repo & kHashedRepoBit) {
    auto it = hashed_repos().find(repo);
    if (it != hashed_repos().end()) return it->second.first;
  }
  return "org";
}

std::string repo_name(std::uint32_t repo) {
  if (repo & kHashedRepoBit) {
    auto it = hashed_repos().find(repo);
    if (it != hashed_repos().end()) return it->second.second;
  }
  return fmt::format("repo-{}", repo);
}

namespace {

// Date.now() <-> virtual time
double to_js_time(core::Millis t) { return static_cast<double>(kEpochMs + t); }
core::Millis from_js_time(double v) { return static_cast<core::Millis>(std::llround(v)) - kEpochMs; }

// Civil date <-> days since 1970-01-01 (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// new Date(Date.now() at t).toISOString()
std::string to_iso(core::Millis t) {
  const std::int64_t ms = kEpochMs + t;
  std::int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  const std::int64_t rem = ms - days * 86400000;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", y, m, d, rem / 3600000, rem / 60000 % 60,
                     rem / 1000 % 60, rem % 1000);
}

std::optional<core::Millis> from_iso(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  // toISOString's own form (what the bundles store) without sscanf; anything else through it.
  const auto digits = [&](std::size_t at, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  const bool exact = s.size() == 24 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
                     s[19] == '.' && s[23] == 'Z' && digits(0, 4, y) && digits(5, 2, mo) && digits(8, 2, d) &&
                     digits(11, 2, h) && digits(14, 2, mi) && digits(17, 2, sec) && digits(20, 3, ms);
  if (!exact && std::sscanf(std::string(s).c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &y, &mo, &d, &h, &mi, &sec, &ms) != 7)
    return std::nullopt;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * 86400000 + h * 3600000LL + mi * 60000LL + sec * 1000LL + ms - kEpochMs;
}

// lastError is error.message in the TypeScript: the messages this shim's fetch and the
// extension's WorkTimeAPIError produce, and back.
std::string error_message(const core::ApiError& e) {
  switch (e.kind) {
    case core::ErrorKind::Http: return fmt::format("WorkTime API error {}", e.status);
    case core::ErrorKind::Timeout: return "signal timed out";
    default: return "Failed to fetch";
  }
}
core::ApiError error_from_message(const std::string& m) {
  constexpr std::string_view kHttp = "WorkTime API error ";
  int status = 0;
  if (m.starts_with(kHttp) && parse_int(std::string_view(m).substr(kHttp.size()), status))
    return {core::ErrorKind::Http, status, 0};
  if (m == "signal timed out" || m.find("abort") != std::string::npos) return {core::ErrorKind::Timeout, 0, 0};
  return {core::ErrorKind::Network, 0, 0};
}

// Access tokens carry what the backend checks: "at.<generation>.<expiresAt>"; refresh tokens
// "rt.<generation>".
std::string access_token(const core::AuthState& a) { return fmt::format("at.{}.{}", a.tokenGen, a.expiresAt); }
bool parse_access_token(std::string_view t, std::uint32_t& gen, core::Millis& expiresAt) {
  if (!t.starts_with("at.")) return false;
  t.remove_prefix(3);
  const auto dot = t.find('.');
  return dot != std::string_view::npos && parse_int(t.substr(0, dot), gen) && parse_int(t.substr(dot + 1), expiresAt);
}
std::uint32_t refresh_token_gen(std::string_view t) {
  std::uint32_t gen = 0;
  if (t.starts_with("rt.")) parse_int(t.substr(3), gen);
  return gen;
}

// ---------------------------------------------------------------------------------------------
// Reading and building JS values

// Strings cross as UTF-8. Those the bundles exchange with the shim are ASCII (keys, ids, repo
// names, ISO dates, URLs), which SpiderMonkey stores as Latin-1: read and made directly, without
// the UTF-8 transcoder's allocation. (Text up to a NUL, as the UTF-8 path gives.)
bool ascii(const unsigned char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] >= 0x80) return false;
  return true;
}

std::string to_utf8(JSContext* cx, JS::HandleString s) {
  if (JSLinearString* lin = JS_EnsureLinearString(cx, s); lin && JS::LinearStringHasLatin1Chars(lin)) {
    JS::AutoCheckCannotGC nogc;
    const std::size_t n = JS::GetLinearStringLength(lin);
    const JS::Latin1Char* c = JS::GetLatin1LinearStringChars(nogc, lin);
    if (ascii(c, n)) {
      std::string out(reinterpret_cast<const char*>(c), n);
      if (const auto nul = out.find('\0'); nul != std::string::npos) out.resize(nul);
      return out;
    }
  }
  JS_ClearPendingException(cx);
  JS::UniqueChars chars = JS_EncodeStringToUTF8(cx, s);
  return chars ? std::string(chars.get()) : std::string();
}

std::string value_string(JSContext* cx, JS::HandleValue v) {
  if (v.isString()) {
    JS::RootedString s(cx, v.toString());
    return to_utf8(cx, s);
  }
  if (v.isNumber()) {
    const double d = v.toNumber();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return fmt::format("{}", static_cast<std::int64_t>(d));
    return fmt::format("{}", d);
  }
  return {};
}

JSString* new_string(JSContext* cx, std::string_view s) {
  if (ascii(reinterpret_cast<const unsigned char*>(s.data()), s.size())) return JS_NewStringCopyN(cx, s.data(), s.size());
  return JS_NewStringCopyUTF8N(cx, JS::UTF8Chars(s.data(), s.size()));
}

// The property names the conversions use (string literals), atomized and pinned once per thread:
// JS_GetProperty/JS_DefineProperty by C string atomize the name on every call. A pinned atom is
// never collected, so its key needs no root.
JS::PropertyKey name_key(JSContext* cx, const char* literal) {
  thread_local std::unordered_map<const char*, JS::PropertyKey> keys;
  thread_local JSContext* keysCx = nullptr;
  if (keysCx != cx) {
    keys.clear();
    keysCx = cx;
  }
  if (auto it = keys.find(literal); it != keys.end()) return it->second;
  JSString* atom = JS_AtomizeAndPinString(cx, literal);
  if (!atom) std::abort();
  const JS::PropertyKey id = JS::PropertyKey::fromPinnedString(atom);
  keys.emplace(literal, id);
  return id;
}

// By a literal name (an array: interned) or any other (atomized on each call).
bool get_by_id(JSContext* cx, JS::HandleObject o, JS::HandleId id, JS::MutableHandleValue v) {
  if (!o || !JS_GetPropertyById(cx, o, id, v)) {
    JS_ClearPendingException(cx);
    v.setUndefined();
    return false;
  }
  return !v.isUndefined();
}

template <std::size_t N>
bool get(JSContext* cx, JS::HandleObject o, const char (&name)[N], JS::MutableHandleValue v) {
  JS::RootedId id(cx, name_key(cx, name));
  return get_by_id(cx, o, id, v);
}

bool get(JSContext* cx, JS::HandleObject o, const std::string& name, JS::MutableHandleValue v) {
  if (!o || !JS_GetProperty(cx, o, name.c_str(), v)) {
    JS_ClearPendingException(cx);
    v.setUndefined();
    return false;
  }
  return !v.isUndefined();
}

template <std::size_t N>
std::optional<double> get_number(JSContext* cx, JS::HandleObject o, const char (&name)[N]) {
  JS::RootedValue v(cx);
  if (!get(cx, o, name, &v)) return std::nullopt;
  if (v.isNumber()) return v.toNumber();
  if (v.isString()) {
    double d = 0;
    const std::string s = value_string(cx, v);
    const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec == std::errc()) return d;  // parseInt-like: leading digits
  }
  return std::nullopt;
}

template <std::size_t N>
std::string get_string(JSContext* cx, JS::HandleObject o, const char (&name)[N]) {
  JS::RootedValue v(cx);
  get(cx, o, name, &v);
  return value_string(cx, v);
}

template <std::size_t N>
bool get_bool(JSContext* cx, JS::HandleObject o, const char (&name)[N]) {
  JS::RootedValue v(cx);
  get(cx, o, name, &v);
  return JS::ToBoolean(v);
}

template <std::size_t N>
bool get_object(JSContext* cx, JS::HandleObject o, const char (&name)[N], JS::MutableHandleObject out) {
  JS::RootedValue v(cx);
  if (!get(cx, o, name, &v) || !v.isObject()) return false;
  out.set(&v.toObject());
  return true;
}

std::int64_t as_int(double d) { return std::isfinite(d) ? static_cast<std::int64_t>(std::llround(d)) : 0; }

// f(text) on the text of an ASCII string value (up to a NUL, as to_utf8 gives), read in place
// (f must not allocate JS values); false, and f not called, for anything else.
template <class F>
bool with_ascii(JSContext* cx, JS::HandleValue v, const F& f) {
  if (!v.isString()) return false;
  JS::RootedString s(cx, v.toString());
  JSLinearString* lin = JS_EnsureLinearString(cx, s);
  if (!lin) {
    JS_ClearPendingException(cx);
    return false;
  }
  if (!JS::LinearStringHasLatin1Chars(lin)) return false;
  JS::AutoCheckCannotGC nogc;
  const JS::Latin1Char* c = JS::GetLatin1LinearStringChars(nogc, lin);
  const std::size_t n = JS::GetLinearStringLength(lin);
  if (!ascii(c, n)) return false;
  std::string_view text(reinterpret_cast<const char*>(c), n);
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) text = text.substr(0, nul);
  f(text);
  return true;
}

core::LocalId local_id_of(JSContext* cx, JS::HandleValue v) {
  std::uint32_t id = 0;
  if (v.isNumber()) return static_cast<core::LocalId>(as_int(v.toNumber()));
  if (with_ascii(cx, v, [&](std::string_view t) { parse_int(t, id); })) return id;
  parse_int(std::string_view(value_string(cx, v)), id);
  return id;
}

// An ISO time property (created_at, failedAt) as virtual time.
template <std::size_t N>
std::optional<core::Millis> get_iso(JSContext* cx, JS::HandleObject o, const char (&name)[N]) {
  JS::RootedValue v(cx);
  get(cx, o, name, &v);
  std::optional<core::Millis> t;
  if (with_ascii(cx, v, [&](std::string_view text) { t = from_iso(text); })) return t;
  return from_iso(value_string(cx, v));
}

template <std::size_t N>
core::LocalId get_local_id(JSContext* cx, JS::HandleObject o, const char (&name)[N]) {
  JS::RootedValue v(cx);
  get(cx, o, name, &v);
  return local_id_of(cx, v);
}

// Elements of an array (an empty list for anything else).
bool for_each(JSContext* cx, JS::HandleValue v, const auto& f) {
  bool isArray = false;
  if (!v.isObject()) return false;
  JS::RootedObject arr(cx, &v.toObject());
  if (!JS::IsArrayObject(cx, arr, &isArray) || !isArray) return false;
  std::uint32_t n = 0;
  if (!JS::GetArrayLength(cx, arr, &n)) return false;
  JS::RootedValue e(cx);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!JS_GetElement(cx, arr, i, &e)) return false;
    f(e);
  }
  return true;
}

struct Builder {
  JSContext* cx;
  JS::RootedObject o;
  explicit Builder(JSContext* c) : cx(c), o(c, JS_NewPlainObject(c)) {}
  template <std::size_t N>
  Builder& num(const char (&name)[N], double v) {
    JS::RootedValue val(cx, JS::NumberValue(v));
    return put(name_key(cx, name), val);
  }
  template <std::size_t N>
  Builder& boolean(const char (&name)[N], bool v) {
    JS::RootedValue val(cx, JS::BooleanValue(v));
    return put(name_key(cx, name), val);
  }
  template <std::size_t N>
  Builder& str(const char (&name)[N], std::string_view v) {
    JS::RootedValue val(cx, JS::StringValue(new_string(cx, v)));
    return put(name_key(cx, name), val);
  }
  template <std::size_t N>
  Builder& val(const char (&name)[N], JS::HandleValue v) {
    return put(name_key(cx, name), v);
  }
  template <std::size_t N>
  Builder& obj(const char (&name)[N], JS::HandleObject v) {
    JS::RootedValue val(cx, JS::ObjectOrNullValue(v));
    return put(name_key(cx, name), val);
  }
  // A name made at run time (a storage key).
  Builder& obj(const std::string& name, JS::HandleObject v) {
    JS_DefineProperty(cx, o, name.c_str(), v, JSPROP_ENUMERATE);
    return *this;
  }

 private:
  Builder& put(JS::PropertyKey key, JS::HandleValue v) {
    JS::RootedId id(cx, key);
    JS_DefinePropertyById(cx, o, id, v, JSPROP_ENUMERATE);
    return *this;
  }
};

template <class List, class F>
JSObject* array_of(JSContext* cx, const List& items, const F& one) {
  JS::RootedObject arr(cx, JS::NewArrayObject(cx, items.size()));
  JS::RootedValue v(cx);
  for (std::size_t i = 0; i < items.size(); ++i) {
    v.setObjectOrNull(one(items[i]));
    JS_SetElement(cx, arr, static_cast<std::uint32_t>(i), v);
  }
  return arr;
}

// ---------------------------------------------------------------------------------------------
// core/types.hpp <-> the extension's stored records (extension/src/types/index.ts)

JSObject* session_to_js(JSContext* cx, const core::Session& s) {
  Builder b(cx);
  b.str("localId", fmt::format("{}", s.localId))
      .num("tabId", s.tabId)
      .str("repoOwner", repo_owner(s.repo))
      .str("repoName", repo_name(s.repo))
      .num("prNumber", s.prNumber)
      .num("startTime", to_js_time(s.startTime));
  if (s.endTime) b.num("endTime", to_js_time(*s.endTime));
  if (s.durationSeconds) b.num("durationSeconds", *s.durationSeconds);
  b.num("lastUpdate", to_js_time(s.lastUpdate)).boolean("active", s.active);
  if (s.backendId) b.str("backendId", fmt::format("{}", s.backendId));
  b.boolean("synced", s.synced);
  if (s.activeMs) b.num("activeMs", static_cast<double>(*s.activeMs));
  return b.o;
}

core::Session session_from_js(JSContext* cx, JS::HandleObject o, core::LocalId id) {
  core::Session s;
  s.localId = id;
  s.tabId = static_cast<std::uint32_t>(as_int(get_number(cx, o, "tabId").value_or(id)));
  s.repo = repo_id(get_string(cx, o, "repoOwner"), get_string(cx, o, "repoName"));
  s.prNumber = static_cast<std::int32_t>(as_int(get_number(cx, o, "prNumber").value_or(0)));
  s.startTime = from_js_time(get_number(cx, o, "startTime").value_or(kEpochMs));
  if (auto v = get_number(cx, o, "endTime")) s.endTime = from_js_time(*v);
  if (auto v = get_number(cx, o, "durationSeconds")) s.durationSeconds = static_cast<std::int32_t>(as_int(*v));
  s.lastUpdate = from_js_time(get_number(cx, o, "lastUpdate").value_or(kEpochMs));
  s.active = get_bool(cx, o, "active");
  s.backendId = as_int(get_number(cx, o, "backendId").value_or(0));
  s.synced = get_bool(cx, o, "synced");
  if (auto v = get_number(cx, o, "activeMs")) s.activeMs = as_int(*v);
  return s;
}

void pending_fields(Builder& b, const core::PendingSession& p) {
  JSContext* cx = b.cx;
  b.str("localId", fmt::format("{}", p.localId));
  if (p.backendId) b.num("backendId", static_cast<double>(p.backendId));
  b.str("action", p.action == core::PendingAction::Start ? "start" : "end");
  Builder data(cx);
  data.str("repo_owner", repo_owner(p.data.repo)).str("repo_name", repo_name(p.data.repo)).num("pr_number", p.data.pr_number);
  if (p.data.duration_seconds) data.num("duration_seconds", *p.data.duration_seconds);
  b.obj("data", data.o).str("created_at", to_iso(p.created_at)).boolean("synced", p.synced).num("retryCount", p.retryCount);
  if (p.lastRetryTime) b.num("lastRetryTime", to_js_time(*p.lastRetryTime));
  if (p.lastError.kind != core::ErrorKind::None) b.str("lastError", error_message(p.lastError));
  if (p.nextAttemptAt) b.num("nextAttemptAt", to_js_time(p.nextAttemptAt));
}

JSObject* pending_to_js(JSContext* cx, const core::PendingSession& p) {
  Builder b(cx);
  pending_fields(b, p);
  return b.o;
}

core::PendingSession pending_from_js(JSContext* cx, JS::HandleObject o) {
  core::PendingSession p;
  p.localId = get_local_id(cx, o, "localId");
  p.backendId = as_int(get_number(cx, o, "backendId").value_or(0));
  p.action = get_string(cx, o, "action") == "start" ? core::PendingAction::Start : core::PendingAction::End;
  JS::RootedObject data(cx);
  if (get_object(cx, o, "data", &data)) {
    p.data.repo = repo_id(get_string(cx, data, "repo_owner"), get_string(cx, data, "repo_name"));
    p.data.pr_number = static_cast<std::int32_t>(as_int(get_number(cx, data, "pr_number").value_or(0)));
    if (auto v = get_number(cx, data, "duration_seconds")) p.data.duration_seconds = static_cast<std::int32_t>(as_int(*v));
  }
  p.created_at = get_iso(cx, o, "created_at").value_or(0);
  p.synced = get_bool(cx, o, "synced");
  p.retryCount = static_cast<std::int32_t>(as_int(get_number(cx, o, "retryCount").value_or(0)));
  if (auto v = get_number(cx, o, "lastRetryTime")) p.lastRetryTime = from_js_time(*v);
  JS::RootedValue err(cx);
  if (get(cx, o, "lastError", &err)) p.lastError = error_from_message(value_string(cx, err));
  if (auto v = get_number(cx, o, "nextAttemptAt")) p.nextAttemptAt = from_js_time(*v);
  return p;
}

JSObject* failed_to_js(JSContext* cx, const core::FailedItem& f) {
  Builder b(cx);
  pending_fields(b, f.item);
  b.str("failedAt", to_iso(f.failedAt));
  return b.o;
}

core::FailedItem failed_from_js(JSContext* cx, JS::HandleObject o) {
  core::FailedItem f;
  f.item = pending_from_js(cx, o);
  f.failedAt = get_iso(cx, o, "failedAt").value_or(0);
  return f;
}

JSObject* activity_to_js(JSContext* cx, const core::Activity& a) {
  Builder b(cx);
  b.str("localId", fmt::format("{}", a.localId)).num("at", to_js_time(a.at));
  return b.o;
}

core::Activity activity_from_js(JSContext* cx, JS::HandleObject o) {
  return core::Activity{get_local_id(cx, o, "localId"), from_js_time(get_number(cx, o, "at").value_or(kEpochMs))};
}

JSObject* auth_to_js(JSContext* cx, const core::AuthState& a) {
  Builder b(cx);
  b.str("accessToken", access_token(a))
      .str("refreshToken", fmt::format("rt.{}", a.tokenGen))
      .num("expiresAt", to_js_time(a.expiresAt));
  return b.o;
}

core::AuthState auth_from_js(JSContext* cx, JS::HandleObject o) {
  core::AuthState a;
  const std::string at = get_string(cx, o, "accessToken");
  a.present = !at.empty();
  if (!parse_access_token(at, a.tokenGen, a.expiresAt)) {
    a.tokenGen = refresh_token_gen(get_string(cx, o, "refreshToken"));
    a.expiresAt = from_js_time(get_number(cx, o, "expiresAt").value_or(kEpochMs));
  }
  return a;
}

template <class T, class F>
std::vector<T> list_from_js(JSContext* cx, JS::HandleValue v, const F& one) {
  std::vector<T> out;
  for_each(cx, v, [&](JS::HandleValue e) {
    if (!e.isObject()) return;
    JS::RootedObject o(cx, &e.toObject());
    out.push_back(one(cx, o));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Storage keys

enum class Key : std::uint8_t { Session, PendingSessions, PendingActivities, ActiveSessions, FailedSyncItems, Auth, Unknown };

Key classify(std::string_view key, core::LocalId& id) {
  if (key.starts_with("session:")) return parse_int(key.substr(8), id) ? Key::Session : Key::Unknown;
  if (key == "pendingSessions") return Key::PendingSessions;
  if (key == "pendingActivities") return Key::PendingActivities;
  if (key == "activeSessions") return Key::ActiveSessions;
  if (key == "failedSyncItems") return Key::FailedSyncItems;
  if (key == "auth") return Key::Auth;
  return Key::Unknown;
}

bool is_queue(Key k) { return k == Key::PendingSessions || k == Key::PendingActivities || k == Key::ActiveSessions; }

// Properties added to any realm's global on this thread. The prelude's reset lists the global's
// own properties (~25 k instructions with the standard classes' enumeration) only when this
// moved since the realm's last reset (host.globalsAdded); a bundle that adds no global, as all
// of extension/'s, never pays for it. Replaced and deleted globals are checked on every reset.
thread_local std::uint64_t gGlobalAdds = 0;
bool on_global_add(JSContext*, JS::HandleObject, JS::HandleId, JS::HandleValue) {
  ++gGlobalAdds;
  return true;
}
constexpr JSClassOps kRealmGlobalOps = {on_global_add,
                                        nullptr,
                                        nullptr,
                                        JS_NewEnumerateStandardClasses,
                                        JS_ResolveStandardClass,
                                        JS_MayResolveStandardClass,
                                        nullptr,
                                        nullptr,
                                        nullptr,
                                        JS_GlobalObjectTraceHook};
const JSClass kRealmGlobalClass = {"global", JSCLASS_GLOBAL_FLAGS, &kRealmGlobalOps, nullptr, nullptr, nullptr};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Waiters

class WaiterTable {
 public:
  struct Slot {
    bool used = false;
    bool settled = false;
    std::coroutine_handle<> h;
  };
  int alloc() {
    int i;
    if (!free_.empty()) {
      i = free_.back();
      free_.pop_back();
    } else {
      i = static_cast<int>(slots_.size());
      slots_.emplace_back();
    }
    slots_[static_cast<std::size_t>(i)] = Slot{true, false, {}};
    return i;
  }
  void release(int i) {
    if (i < 0 || static_cast<std::size_t>(i) >= slots_.size() || !slots_[static_cast<std::size_t>(i)].used) return;
    slots_[static_cast<std::size_t>(i)] = Slot{};
    free_.push_back(i);
  }
  void settle(int i) {
    if (i < 0 || static_cast<std::size_t>(i) >= slots_.size()) return;
    Slot& s = slots_[static_cast<std::size_t>(i)];
    if (!s.used || s.settled) return;
    s.settled = true;
    if (auto h = std::exchange(s.h, {})) Engine::get().defer(h);
  }
  Slot& at(int i) { return slots_[static_cast<std::size_t>(i)]; }

 private:
  std::vector<Slot> slots_;
  std::vector<int> free_;
};

Settled::~Settled() { table_->release(id_); }
bool Settled::await_ready() const noexcept { return id_ < 0 || table_->at(id_).settled; }
void Settled::await_suspend(std::coroutine_handle<> h) { table_->at(id_).h = h; }

// ---------------------------------------------------------------------------------------------
// The realm

namespace {
thread_local bool gRealmPerIncarnation = false;
}  // namespace

void set_realm_per_incarnation(bool on) { gRealmPerIncarnation = on; }

// A realm with the browser API in place and the bundle instantiated (not run): one per world's
// worker, kept in its runtime_state() and reset for each incarnation.
struct RealmState {
  explicit RealmState(JSContext* c) : cx(c), global(c), dispatch(c), script(c) {}
  ~RealmState() {
    if (!global) return;
    Engine::get().forget_realm(global);
    JS::SetRealmPrivate(JS::GetObjectRealmOrNull(global), nullptr);
  }
  JSContext* cx;
  JS::PersistentRootedObject global;
  JS::PersistentRootedObject dispatch;  // the prelude's table; null when the prelude failed
  JS::PersistentRootedScript script;    // the bundle; null when it could not be compiled
  std::string bundlePath;
  std::uint64_t globalAddsSeen = 0;  // gGlobalAdds at this realm's last reset
};

namespace {
const JSFunctionSpec* host_functions();

std::shared_ptr<RealmState> create_realm(const std::string& bundlePath, std::vector<std::string>& errors) {
  Engine& engine = Engine::get();
  JSContext* cx = engine.cx();
  auto r = std::make_shared<RealmState>(cx);
  r->bundlePath = bundlePath;
  std::string error;
  JS::Stencil* bundle = engine.stencil(bundlePath, error);
  if (!bundle) errors.push_back(error);
  JS::Stencil* prelude = engine.prelude(error);
  if (!prelude) {
    errors.push_back(error);
    return r;
  }
  JS::RealmOptions options;
  options.creationOptions().setNewCompartmentInExistingZone(engine.zone_global());
  r->global = JS_NewGlobalObject(cx, &kRealmGlobalClass, nullptr, JS::FireOnNewGlobalHook, options);
  if (!r->global) std::abort();
  JSAutoRealm ar(cx, r->global);
  // Every standard class now, so that the prelude's baseline of globals holds them all.
  if (!JS::InitRealmStandardClasses(cx)) std::abort();
  JS::CompileOptions co(cx);
  JS::InstantiateOptions io(co);
  JS::RootedScript script(cx, JS::InstantiateGlobalStencil(cx, io, prelude));
  JS::RootedObject host(cx, JS_NewPlainObject(cx));
  JS::RootedValue rval(cx), table(cx);
  if (!script || !host || !JS_DefineFunctions(cx, host, host_functions()) ||
      !JS_DefineProperty(cx, r->global, "__syncsimHost", host, 0) || !JS_ExecuteScript(cx, script, &rval) ||
      !JS_GetProperty(cx, r->global, "__syncsimDispatch", &table) || !table.isObject()) {
    errors.push_back("syncsim: the shim's prelude failed");
    JS_ClearPendingException(cx);
    return r;
  }
  r->dispatch = &table.toObject();
  if (bundle) {
    JS::CompileOptions bo(cx);
    bo.setFileAndLine(bundlePath.c_str(), 1);
    JS::InstantiateOptions bio(bo);
    r->script = JS::InstantiateGlobalStencil(cx, bio, bundle);
    if (!r->script) {
      errors.push_back("syncsim: cannot instantiate " + bundlePath);
      JS_ClearPendingException(cx);
    }
  }
  return r;
}

// The world's realm for this bundle (a new one for each incarnation under test switch
// set_realm_per_incarnation, or without the simulated browser's ports).
std::shared_ptr<RealmState> realm_for(core::WorkerPorts& ports, const std::string& bundlePath,
                                      std::vector<std::string>& errors) {
  std::shared_ptr<void>* slot = nullptr;
  if (!gRealmPerIncarnation)
    if (auto* w = dynamic_cast<WorkerPortsImpl*>(&ports)) slot = &w->worker().runtime_state();
  if (slot && *slot) {
    auto r = std::static_pointer_cast<RealmState>(*slot);
    if (r->bundlePath == bundlePath) return r;
  }
  auto r = create_realm(bundlePath, errors);
  if (slot) *slot = r;
  return r;
}
}  // namespace

struct Shim::Impl {
  Impl(Shim& s, core::WorkerPorts& p, std::shared_ptr<RealmState> r)
      : self(s), ports(p), cx(r->cx), realm(std::move(r)), global(realm->global), dispatch(realm->dispatch),
        pending(cx), extras(cx) {
    if (auto* w = dynamic_cast<WorkerPortsImpl*>(&p)) sched = &w->scheduler();
  }
  ~Impl() {
    // The frames of host calls and timers still waiting: destroyed, never resumed. Their
    // wake-ups were addressed to the worker context the owner has already killed.
    while (RootLink* r = roots.next) {
      roots.next = r->next;
      if (r->next) r->next->prev = &roots;
      r->prev = r->next = nullptr;
      r->handle.destroy();
    }
  }

  Shim& self;
  core::WorkerPorts& ports;
  JSContext* cx;
  std::shared_ptr<RealmState> realm;
  JS::PersistentRootedObject& global;
  JS::PersistentRootedObject& dispatch;
  Scheduler* sched = nullptr;
  JS::PersistentRootedObject pending;  // promises of host calls in flight, by slot
  JS::PersistentRootedObject extras;   // a value each slot keeps (fetch: its signal)
  std::vector<std::uint32_t> freeSlots;
  std::uint32_t slotCount = 0;
  struct SlotInfo {
    std::uint32_t keys = 0;    // storage get: which queues were asked for; set: writes to go
    core::LocalId id = 0;      // storage get of a session / tabs.get: the id
    bool failed = false;       // storage set: a write was refused (quota)
  };
  std::vector<SlotInfo> info;
  RootLink roots;  // frames of host calls and timers in flight
  bool ran = false;

  // A promise for a new host call, and its slot.
  std::uint32_t new_call(JS::MutableHandleObject promise, JS::HandleValue extra = JS::UndefinedHandleValue) {
    promise.set(JS::NewPromiseObject(cx, nullptr));
    std::uint32_t slot;
    if (!freeSlots.empty()) {
      slot = freeSlots.back();
      freeSlots.pop_back();
    } else {
      slot = slotCount++;
      info.emplace_back();
    }
    info[slot] = SlotInfo{};
    JS_SetElement(cx, pending, slot, promise);
    JS_SetElement(cx, extras, slot, extra);
    ++self.hostCalls_;
    return slot;
  }

  // Settles a host call's promise and ends the host turn (drains the microtask queue).
  void settle(std::uint32_t slot, bool ok, JS::HandleValue v) {
    {
      JSAutoRealm ar(cx, global);
      JS::RootedValue pv(cx);
      JS_GetElement(cx, pending, slot, &pv);
      JS_SetElement(cx, pending, slot, JS::UndefinedHandleValue);
      JS_SetElement(cx, extras, slot, JS::UndefinedHandleValue);
      freeSlots.push_back(slot);
      if (pv.isObject()) {
        JS::RootedObject p(cx, &pv.toObject());
        if (!(ok ? JS::ResolvePromise(cx, p, v) : JS::RejectPromise(cx, p, v))) Engine::report_exception(cx);
      }
    }
    Engine::get().turn();
  }

  JS::Value error_value(std::string_view message) {
    JS_ReportErrorUTF8(cx, "%.*s", static_cast<int>(message.size()), message.data());
    JS::RootedValue e(cx);
    if (!JS_GetPendingException(cx, &e)) e.setUndefined();
    JS_ClearPendingException(cx);
    return e;
  }

  // Starts a frame now (its port call runs up to its first suspension before this returns) and
  // keeps it until it finishes or this realm dies.
  void launch(Task<void> t) {
    auto h = t.release();
    auto& p = h.promise();
    p.is_root = true;
    p.link.handle = h;
    p.link.prev = &roots;
    p.link.next = roots.next;
    if (roots.next) roots.next->prev = &p.link;
    roots.next = &p.link;
    h.resume();
  }

  bool call_dispatch(const char* name, const JS::HandleValueArray& args, JS::MutableHandleValue rval) {
    JSAutoRealm ar(cx, global);
    if (!JS_CallFunctionName(cx, dispatch, name, args, rval)) {
      Engine::report_exception(cx);
      return false;
    }
    return true;
  }

  void settle_waiter(int w) { self.waiters_->settle(w); }

  int fire(const char* name, JS::HandleValueArray rest) {
    const int w = self.waiters_->alloc();
    bool wait = false;
    {
      JSAutoRealm ar(cx, global);
      JS::RootedValueVector args(cx);
      if (!args.append(JS::Int32Value(w))) std::abort();
      for (std::size_t i = 0; i < rest.length(); ++i)
        if (!args.append(rest[i])) std::abort();
      JS::RootedValue r(cx);
      wait = call_dispatch(name, args, &r) && r.isTrue();
    }
    Engine::get().turn();
    if (!wait) {
      self.waiters_->release(w);
      return -1;
    }
    return w;
  }
};

namespace {

Shim::Impl& impl_of(JSContext* cx) {
  auto* host = static_cast<RealmHost*>(JS::GetRealmPrivate(JS::GetCurrentRealmOrNull(cx)));
  return static_cast<Shim*>(host)->impl();
}

template <class T>
using Done = void (*)(Shim::Impl&, std::uint32_t, T&);

template <class T>
Task<void> bridge(Shim::Impl& m, std::uint32_t slot, Task<T> call, Done<T> done) {
  T v = co_await std::move(call);
  done(m, slot, v);
}

Task<void> bridge_void(Shim::Impl& m, std::uint32_t slot, Task<void> call) {
  co_await std::move(call);
  m.settle(slot, true, JS::UndefinedHandleValue);
}

Task<void> timer(Shim::Impl& m, Scheduler& sched, std::uint32_t id, core::Millis delay) {
  co_await sched.sleep_for(delay);
  {
    JSAutoRealm ar(m.cx, m.global);
    JS::RootedValueArray<1> args(m.cx);
    args[0].setNumber(id);
    JS::RootedValue r(m.cx);
    m.call_dispatch("timer", args, &r);
  }
  Engine::get().turn();
}

// --- completions (each enters the realm, builds the value, settles) ---

void done_session(Shim::Impl& m, std::uint32_t slot, std::optional<core::Session>& s) {
  JSAutoRealm ar(m.cx, m.global);
  Builder out(m.cx);
  if (s) {
    JS::RootedObject v(m.cx, session_to_js(m.cx, *s));
    out.obj(fmt::format("session:{}", m.info[slot].id), v);
  }
  JS::RootedValue v(m.cx, JS::ObjectValue(*out.o));
  m.settle(slot, true, v);
}

void done_queues(Shim::Impl& m, std::uint32_t slot, core::PersistedQueues& q) {
  JSAutoRealm ar(m.cx, m.global);
  JSContext* cx = m.cx;
  Builder out(cx);
  const std::uint32_t keys = m.info[slot].keys;
  JS::RootedObject a(cx);
  if (keys & (1u << static_cast<int>(Key::PendingSessions))) {
    a = array_of(cx, q.pendingSessions, [&](const core::PendingSession& p) { return pending_to_js(cx, p); });
    out.obj("pendingSessions", a);
  }
  if (keys & (1u << static_cast<int>(Key::PendingActivities))) {
    a = array_of(cx, q.pendingActivities, [&](const core::Activity& x) { return activity_to_js(cx, x); });
    out.obj("pendingActivities", a);
  }
  if (keys & (1u << static_cast<int>(Key::ActiveSessions))) {
    a = JS::NewArrayObject(cx, q.activeSessions.size());
    for (std::size_t i = 0; i < q.activeSessions.size(); ++i) {
      JS::RootedString s(cx, new_string(cx, fmt::format("{}", q.activeSessions[i])));
      JS_SetElement(cx, a, static_cast<std::uint32_t>(i), s);
    }
    out.obj("activeSessions", a);
  }
  JS::RootedValue v(cx, JS::ObjectValue(*out.o));
  m.settle(slot, true, v);
}

void done_failed(Shim::Impl& m, std::uint32_t slot, std::vector<core::FailedItem>& items) {
  JSAutoRealm ar(m.cx, m.global);
  JSContext* cx = m.cx;
  JS::RootedObject a(cx, array_of(cx, items, [&](const core::FailedItem& f) { return failed_to_js(cx, f); }));
  Builder out(cx);
  out.obj("failedSyncItems", a);
  JS::RootedValue v(cx, JS::ObjectValue(*out.o));
  m.settle(slot, true, v);
}

void done_auth(Shim::Impl& m, std::uint32_t slot, core::AuthState& a) {
  JSAutoRealm ar(m.cx, m.global);
  Builder out(m.cx);
  if (a.present) {
    JS::RootedObject o(m.cx, auth_to_js(m.cx, a));
    out.obj("auth", o);
  }
  JS::RootedValue v(m.cx, JS::ObjectValue(*out.o));
  m.settle(slot, true, v);
}

// chrome.storage.local.set: one port call per key, all issued at once; settles after the last.
void done_set(Shim::Impl& m, std::uint32_t slot, core::StorageStatus& st) {
  auto& inf = m.info[slot];
  if (st != core::StorageStatus::Ok) inf.failed = true;
  if (--inf.keys > 0) return;
  JSAutoRealm ar(m.cx, m.global);
  JS::RootedValue v(m.cx);
  if (inf.failed) v = m.error_value("QUOTA_BYTES quota exceeded");
  m.settle(slot, !inf.failed, v);
}

void done_bool(Shim::Impl& m, std::uint32_t slot, bool& b) {
  JS::RootedValue v(m.cx, JS::BooleanValue(b));
  m.settle(slot, true, v);
}

void done_tab(Shim::Impl& m, std::uint32_t slot, bool& open) {
  JSAutoRealm ar(m.cx, m.global);
  JS::RootedValue v(m.cx);
  const core::LocalId tab = m.info[slot].id;
  if (open) {
    Builder b(m.cx);
    b.num("id", tab);
    v.setObject(*b.o);
  } else {
    v = m.error_value(fmt::format("No tab with id: {}.", tab));
  }
  m.settle(slot, open, v);
}

std::string retry_after_header(core::Millis ms) {
  if (ms <= 0) return {};
  if (ms % 1000 == 0) return fmt::format("{}", ms / 1000);
  std::string s = fmt::format("{}.{:03}", ms / 1000, ms % 1000);
  while (s.back() == '0') s.pop_back();
  return s;
}

void done_fetch(Shim::Impl& m, std::uint32_t slot, core::HttpResponse& r) {
  JSAutoRealm ar(m.cx, m.global);
  JSContext* cx = m.cx;
  std::string body = "{}";
  if (r.ok() && r.sessionId) body = fmt::format("{{\"session_id\":{}}}", r.sessionId);
  if (r.ok() && r.tokenGen) {
    const core::AuthState next{true, r.tokenGen, r.tokenExpiresAt};
    body = fmt::format("{{\"access_token\":\"{}\",\"refresh_token\":\"rt.{}\",\"expires_at\":{}}}", access_token(next),
                       r.tokenGen, static_cast<std::int64_t>(to_js_time(r.tokenExpiresAt)));
  }
  JS::RootedValueArray<4> args(cx);
  args[0].setInt32(r.status);
  args[1].setString(new_string(cx, body));
  args[2].setString(new_string(cx, retry_after_header(r.retryAfterMs)));
  JS_GetElement(cx, m.extras, slot, args[3]);
  JS::RootedValue outcome(cx);
  if (!m.call_dispatch("fetchOutcome", args, &outcome)) outcome = m.error_value("fetch outcome failed");
  m.settle(slot, r.status > 0, outcome);
}

// --- request building ---

bool build_request(JSContext* cx, const std::string& url, JS::HandleObject headers, JS::HandleString body,
                   const std::string& about, core::HttpRequest& req, std::string& error) {
  std::string_view path = url;
  req.absoluteUrl = !path.starts_with("/");
  if (req.absoluteUrl) {
    const auto scheme = path.find("://");
    if (scheme == std::string_view::npos) return error = "syncsim fetch: not a URL: " + url, false;
    const auto slash = path.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
  }
  if (const auto q = path.find_first_of("?#"); q != std::string_view::npos) path = path.substr(0, q);
  JS::RootedValue parsed(cx);
  JS::RootedObject json(cx);
  if (body && JS_GetStringLength(body) > 0) {
    if (!JS_ParseJSON(cx, body, &parsed)) {
      JS_ClearPendingException(cx);
    } else if (parsed.isObject()) {
      json = &parsed.toObject();
    }
  }
  constexpr std::string_view kSessions = "/api/sessions/";
  if (path == "/api/sessions/start") {
    req.endpoint = core::Endpoint::StartSession;
    req.repo = repo_id(get_string(cx, json, "repo_owner"), get_string(cx, json, "repo_name"));
    req.prNumber = static_cast<std::int32_t>(as_int(get_number(cx, json, "pr_number").value_or(0)));
    // A start that says when the session began (epoch ms or ISO), for attributing it to a review.
    if (auto ms = get_number(cx, json, "started_at")) req.claimedStart = from_js_time(*ms);
    else if (auto iso = from_iso(get_string(cx, json, "started_at"))) req.claimedStart = *iso;
  } else if (path.starts_with(kSessions) && path.ends_with("/end") && path.size() > kSessions.size() + 4) {
    req.endpoint = core::Endpoint::EndSession;
    const auto id = path.substr(kSessions.size(), path.size() - kSessions.size() - 4);
    if (!parse_int(id, req.sessionId)) req.sessionId = 0;
    req.durationSeconds = static_cast<std::int32_t>(as_int(get_number(cx, json, "duration_seconds").value_or(0)));
  } else if (path == "/api/activities") {
    req.endpoint = core::Endpoint::Activities;
    JS::RootedValue list(cx);
    get(cx, json, "activities", &list);
    for_each(cx, list, [&](JS::HandleValue) { ++req.activityCount; });
  } else if (path == "/api/auth/refresh") {
    req.endpoint = core::Endpoint::RefreshToken;
    req.tokenGen = refresh_token_gen(get_string(cx, json, "refresh_token"));
  } else if (path == "/api/sync/sessions") {
    req.endpoint = core::Endpoint::Beacon;
    JS::RootedValue list(cx);
    get(cx, json, "sessions", &list);
    req.beaconItems = list_from_js<core::PendingSession>(cx, list, pending_from_js);
  } else {
    return error = "syncsim fetch: no simulated endpoint at " + url, false;
  }
  const std::string auth = get_string(cx, headers, "authorization");
  req.authorized = auth.starts_with("Bearer ") && auth.size() > 7;
  if (req.authorized && !parse_access_token(std::string_view(auth).substr(7), req.tokenGen, req.tokenExpiresAt)) {
    req.tokenGen = 0;
    req.tokenExpiresAt = 0;
  }
  const std::string key = get_string(cx, headers, "idempotency-key");
  req.idempotencyKey = !key.empty();
  if (req.idempotencyKey) {  // the backend deduplicates by the key's value, whatever its form
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
    req.keyHash = h | 1;
  }
  std::uint32_t id = 0;
  if (parse_int(std::string_view(about), id) || parse_int(std::string_view(key), id)) req.localId = id;
  return true;
}

// --- the host functions ---

std::string arg_string(JSContext* cx, const JS::CallArgs& args, unsigned i) {
  if (i >= args.length() || args[i].isNullOrUndefined()) return {};
  JS::RootedString s(cx, JS::ToString(cx, args[i]));
  return s ? to_utf8(cx, s) : std::string();
}

double arg_number(const JS::CallArgs& args, unsigned i) {
  return i < args.length() && args[i].isNumber() ? args[i].toNumber() : 0.0;
}

bool host_now(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  args.rval().setNumber(to_js_time(impl_of(cx).ports.now()));
  return true;
}

bool host_random(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  args.rval().setNumber(impl_of(cx).ports.random());
  return true;
}

bool host_online(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  args.rval().setBoolean(impl_of(cx).ports.online());
  return true;
}

bool host_log(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  Shim::Impl& m = impl_of(cx);
  const auto code = static_cast<int>(arg_number(args, 0));
  args.rval().setUndefined();
  if (code < 0 || code >= static_cast<int>(core::LogCode::Count_)) return true;
  const auto lc = static_cast<core::LogCode>(code);
  const core::LocalId id = args.length() > 1 ? local_id_of(cx, args[1]) : 0;
  std::int64_t value = 0;
  if (lc == core::LogCode::TokenRefreshed) {
    std::uint32_t gen = 0;
    core::Millis exp = 0;
    if (parse_access_token(arg_string(cx, args, 2), gen, exp)) value = gen;
  } else if (lc == core::LogCode::StaleSessionEnded) {
    value = from_js_time(arg_number(args, 2));
  } else {
    value = as_int(arg_number(args, 2));
  }
  m.ports.log(lc, id, value);
  return true;
}

bool host_uncaught(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  std::string message = arg_string(cx, args, 0);
  if (args.length() > 0 && args[0].isObject()) {
    JS::RootedObject e(cx, &args[0].toObject());
    const std::string stack = get_string(cx, e, "stack");
    if (!stack.empty()) message += "\n" + stack;
  }
  JS_ClearPendingException(cx);
  impl_of(cx).self.on_uncaught(message);
  args.rval().setUndefined();
  return true;
}

bool host_settled(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  Shim::Impl& m = impl_of(cx);
  m.settle_waiter(static_cast<int>(arg_number(args, 0)));
  args.rval().setUndefined();
  return true;
}

bool host_set_timer(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  Shim::Impl& m = impl_of(cx);
  if (!m.sched) {
    JS_ReportErrorASCII(cx, "syncsim: timers need the simulated browser's ports");
    return false;
  }
  const auto id = static_cast<std::uint32_t>(arg_number(args, 0));
  const auto delay = static_cast<core::Millis>(arg_number(args, 1));
  m.launch(timer(m, *m.sched, id, delay));
  args.rval().setUndefined();
  return true;
}

bool reject_now(Shim::Impl& m, const JS::CallArgs& args, std::string_view message) {
  JS::RootedValue e(m.cx, m.error_value(message));
  JS::RootedObject p(m.cx, JS::NewPromiseObject(m.cx, nullptr));
  JS::RejectPromise(m.cx, p, e);
  args.rval().setObject(*p);
  return true;
}

bool host_storage_get(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  Shim::Impl& m = impl_of(cx);
  std::vector<std::string> keys;
  JS::RootedValue list(cx, args.get(0));
  if (!for_each(cx, list, [&](JS::HandleValue k) { keys.push_back(value_string(cx, k)); }))
    return reject_now(m, args, "syncsim: chrome.storage.local.get() of everything has no port");
  std::uint32_t mask = 0;
  core::LocalId id = 0;
  int kinds = 0;
  Key single = Key::Unknown;
  for (const auto& k : keys) {
    core::LocalId kid = 0;
    const Key kind = classify(k, kid);
    if (kind == Key::Unknown) return reject_now(m, args, "syncsim: no storage port for key " + k);
    if (is_queue(kind)) {
      if (!mask) ++kinds;
      mask |= 1u << static_cast<int>(kind);
    } else {
      ++kinds;
      single = kind;
      id = kid;
    }
  }
  JS::RootedObject promise(cx);
  if (kinds == 0) {  // get([]): nothing asked, nothing read
    promise = JS::NewPromiseObject(cx, nullptr);
    JS::RootedValue empty(cx, JS::ObjectValue(*JS_NewPlainObject(cx)));
    JS::ResolvePromise(cx, promise, empty);
    args.rval().setObject(*promise);
    return true;
  }
  if (kinds > 1)
    return reject_now(m, args, "syncsim: one chrome.storage.local.get() reads one port (a session, the queues, "
                               "failedSyncItems or auth)");
  const std::uint32_t slot = m.new_call(&promise);
  args.rval().setObject(*promise);
  m.info[slot].keys = mask;
  m.info[slot].id = id;
  if (mask) {
    m.launch(bridge<core::PersistedQueues>(m, slot, m.ports.get_queues(), done_queues));
  } else if (single == Key::Session) {
    m.launch(bridge<std::optional<core::Session>>(m, slot, m.ports.get_session(id), done_session));
  } else if (single == Key::FailedSyncItems) {
    m.launch(bridge<std::vector<core::FailedItem>>(m, slot, m.ports.get_failed_sync_items(), done_failed));
  } else {
    m.launch(bridge<core::AuthState>(m, slot, m.ports.get_auth(), done_auth));
  }
  return true;
}

// One port write for one key of a set; nullopt-like false when the key has no port.
bool start_write(Shim::Impl& m, std::uint32_t slot, const std::string& key, JS::HandleValue v) {
  JSContext* cx = m.cx;
  core::LocalId id = 0;
  const Key kind = classify(key, id);
  JS::RootedObject o(cx, v.isObject() ? &v.toObject() : nullptr);
  switch (kind) {
    case Key::Session:
      if (!o) {  // remove(), or set() of undefined
        m.launch(bridge<core::StorageStatus>(m, slot, m.ports.remove_session(id), done_set));
        return true;
      }
      m.launch(bridge<core::StorageStatus>(m, slot, m.ports.save_session(session_from_js(cx, o, id)), done_set));
      return true;
    case Key::PendingSessions:
      m.launch(bridge<core::StorageStatus>(
          m, slot, m.ports.set_pending_sessions(list_from_js<core::PendingSession>(cx, v, pending_from_js)), done_set));
      return true;
    case Key::PendingActivities:
      m.launch(bridge<core::StorageStatus>(
          m, slot, m.ports.set_pending_activities(core::ActivityList(list_from_js<core::Activity>(cx, v, activity_from_js))), done_set));
      return true;
    case Key::ActiveSessions: {
      std::vector<core::LocalId> ids;
      for_each(cx, v, [&](JS::HandleValue e) { ids.push_back(local_id_of(cx, e)); });
      m.launch(bridge<core::StorageStatus>(m, slot, m.ports.set_active_sessions(std::move(ids)), done_set));
      return true;
    }
    case Key::FailedSyncItems:
      m.launch(bridge<core::StorageStatus>(
          m, slot, m.ports.set_failed_sync_items(list_from_js<core::FailedItem>(cx, v, failed_from_js)), done_set));
      return true;
    case Key::Auth:
      m.launch(bridge<core::StorageStatus>(m, slot, m.ports.set_auth(o ? auth_from_js(cx, o) : core::AuthState{}),
                                           done_set));
      return true;
    case Key::Unknown: return false;
  }
  return false;
}

// chrome.storage.local.set(items) and remove(keys): the values are converted (serialised) now,
// as Chrome does; later changes to the objects are not stored.
bool host_storage_write(JSContext* cx, const JS::CallArgs& args, const std::vector<std::string>& keys,
                        JS::HandleObject items) {
  Shim::Impl& m = impl_of(cx);
  for (const auto& k : keys) {
    core::LocalId id = 0;
    const Key kind = classify(k, id);
    if (kind == Key::Unknown)
      return reject_now(m, args, "syncsim: no storage port to write key " + k);
  }
  JS::RootedObject promise(cx);
  if (keys.empty()) {
    promise = JS::NewPromiseObject(cx, nullptr);
    JS::ResolvePromise(cx, promise, JS::UndefinedHandleValue);
    args.rval().setObject(*promise);
    return true;
  }
  const std::uint32_t slot = m.new_call(&promise);
  args.rval().setObject(*promise);
  m.info[slot].keys = static_cast<std::uint32_t>(keys.size());
  // Convert every value before the first port call starts.
  JS::RootedValueVector values(cx);
  for (const auto& k : keys) {
    JS::RootedValue v(cx);
    if (items) get(cx, items, k, &v);  // remove(): undefined, an empty value
    if (!values.append(v)) std::abort();
  }
  for (std::size_t i = 0; i < keys.size(); ++i) start_write(m, slot, keys[i], values[i]);
  return true;
}

bool host_storage_set(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  if (!args.get(0).isObject()) return reject_now(impl_of(cx), args, "syncsim: chrome.storage.local.set() needs an object");
  JS::RootedObject items(cx, &args[0].toObject());
  JS::Rooted<JS::IdVector> ids(cx, JS::IdVector(cx));
  if (!JS_Enumerate(cx, items, &ids)) return false;
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < ids.length(); ++i) {
    JS::RootedValue k(cx);
    if (!JS_IdToValue(cx, ids[i], &k)) return false;
    keys.push_back(value_string(cx, k));
  }
  return host_storage_write(cx, args, keys, items);
}

bool host_storage_remove(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  std::vector<std::string> keys;
  JS::RootedValue list(cx, args.get(0));
  for_each(cx, list, [&](JS::HandleValue k) { keys.push_back(value_string(cx, k)); });
  return host_storage_write(cx, args, keys, nullptr);
}

bool host_fetch(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  Shim::Impl& m = impl_of(cx);
  const std::string url = arg_string(cx, args, 0);
  JS::RootedObject headers(cx, args.get(2).isObject() ? &args[2].toObject() : nullptr);
  JS::RootedString body(cx, args.get(3).isString() ? args[3].toString() : nullptr);
  const auto timeoutMs = static_cast<core::Millis>(arg_number(args, 4));
  const std::string about = arg_string(cx, args, 5);
  core::HttpRequest req;
  std::string error;
  if (!build_request(cx, url, headers, body, about, req, error)) return reject_now(m, args, error);
  JS::RootedObject promise(cx);
  JS::RootedValue signal(cx, args.get(6));
  const std::uint32_t slot = m.new_call(&promise, signal);
  args.rval().setObject(*promise);
  m.launch(bridge<core::HttpResponse>(m, slot, m.ports.fetch(std::move(req), timeoutMs), done_fetch));
  return true;
}

// The start every chrome.alarms call shares: the simulated alarms know one alarm, 'sync'; the
// call returns a promise `launch(m, slot, args)` settles.
template <class Launch>
bool sync_alarm_call(JSContext* cx, unsigned argc, JS::Value* vp, Launch launch) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  Shim::Impl& m = impl_of(cx);
  if (arg_string(cx, args, 0) != "sync") return reject_now(m, args, "syncsim: the simulated alarms know only 'sync'");
  JS::RootedObject promise(cx);
  const std::uint32_t slot = m.new_call(&promise);
  args.rval().setObject(*promise);
  launch(m, slot, args);
  return true;
}

bool host_alarms_create(JSContext* cx, unsigned argc, JS::Value* vp) {
  return sync_alarm_call(cx, argc, vp, [](Shim::Impl& m, std::uint32_t slot, const JS::CallArgs& args) {
    m.launch(bridge_void(m, slot,
                         m.ports.alarms_create(core::AlarmName::Sync, static_cast<core::Millis>(arg_number(args, 1)),
                                               static_cast<core::Millis>(arg_number(args, 2)))));
  });
}

bool host_alarms_clear(JSContext* cx, unsigned argc, JS::Value* vp) {
  return sync_alarm_call(cx, argc, vp, [](Shim::Impl& m, std::uint32_t slot, const JS::CallArgs&) {
    m.launch(bridge<bool>(m, slot, m.ports.alarms_clear(core::AlarmName::Sync), done_bool));
  });
}

// chrome.alarms.get resolves to the alarm (its name; syncsim keeps no other field a strategy
// reads) or undefined.
void done_alarm(Shim::Impl& m, std::uint32_t slot, bool& exists) {
  JSAutoRealm ar(m.cx, m.global);
  JS::RootedValue v(m.cx);
  if (exists) {
    Builder b(m.cx);
    b.str("name", "sync");
    v.setObject(*b.o);
  }
  m.settle(slot, true, v);
}

bool host_alarms_get(JSContext* cx, unsigned argc, JS::Value* vp) {
  return sync_alarm_call(cx, argc, vp, [](Shim::Impl& m, std::uint32_t slot, const JS::CallArgs&) {
    m.launch(bridge<bool>(m, slot, m.ports.alarms_get(core::AlarmName::Sync), done_alarm));
  });
}

bool host_tab_get(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  Shim::Impl& m = impl_of(cx);
  JS::RootedObject promise(cx);
  const std::uint32_t slot = m.new_call(&promise);
  args.rval().setObject(*promise);
  const auto tab = static_cast<std::uint32_t>(as_int(arg_number(args, 0)));
  m.info[slot].id = tab;
  m.launch(bridge<bool>(m, slot, m.ports.tab_exists(tab), done_tab));
  return true;
}

// Whether a property may have been added to a global since this realm's last reset.
bool host_globals_added(JSContext* cx, unsigned argc, JS::Value* vp) {
  JS::CallArgs args = JS::CallArgsFromVp(argc, vp);
  RealmState& r = *impl_of(cx).realm;
  args.rval().setBoolean(r.globalAddsSeen != gGlobalAdds);
  r.globalAddsSeen = gGlobalAdds;
  return true;
}

constexpr JSFunctionSpec kHostFunctions[] = {
    JS_FN("now", host_now, 0, 0),
    JS_FN("random", host_random, 0, 0),
    JS_FN("online", host_online, 0, 0),
    JS_FN("log", host_log, 3, 0),
    JS_FN("uncaught", host_uncaught, 1, 0),
    JS_FN("settled", host_settled, 1, 0),
    JS_FN("setTimer", host_set_timer, 2, 0),
    JS_FN("storageGet", host_storage_get, 1, 0),
    JS_FN("storageSet", host_storage_set, 1, 0),
    JS_FN("storageRemove", host_storage_remove, 1, 0),
    JS_FN("fetch", host_fetch, 7, 0),
    JS_FN("alarmsCreate", host_alarms_create, 3, 0),
    JS_FN("alarmsClear", host_alarms_clear, 1, 0),
    JS_FN("alarmsGet", host_alarms_get, 1, 0),
    JS_FN("tabGet", host_tab_get, 1, 0),
    JS_FN("globalsAdded", host_globals_added, 0, 0),
    JS_FS_END};

const JSFunctionSpec* host_functions() { return kHostFunctions; }

}  // namespace

// ---------------------------------------------------------------------------------------------

Shim::Shim(core::WorkerPorts& ports, const std::string& bundlePath) : waiters_(std::make_shared<WaiterTable>()) {
  std::vector<std::string> errors;
  auto realm = realm_for(ports, bundlePath, errors);
  for (const auto& e : errors) on_uncaught(e);
  impl_ = std::make_unique<Impl>(*this, ports, std::move(realm));
  Impl& m = *impl_;
  if (!m.global) return;
  JSContext* cx = m.cx;
  JSAutoRealm ar(cx, m.global);
  JS::SetRealmPrivate(JS::GetObjectRealmOrNull(m.global), static_cast<RealmHost*>(this));
  m.pending = JS::NewArrayObject(cx, 0);
  m.extras = JS::NewArrayObject(cx, 0);
  JS::RootedValue r(cx);
  if (m.dispatch && !JS_CallFunctionName(cx, m.dispatch, "reset", JS::HandleValueArray::empty(), &r))
    Engine::report_exception(cx);
}

Shim::~Shim() {
  std::shared_ptr<RealmState> realm = impl_->realm;
  impl_.reset();  // host-call and timer frames first: they point into this incarnation's tables
  if (realm->global) {
    Engine::get().forget_realm(realm->global);
    JS::SetRealmPrivate(JS::GetObjectRealmOrNull(realm->global), nullptr);
  }
}

void Shim::on_uncaught(const std::string& message) {
  uncaught_.push_back(message);
  Engine::get().note_uncaught(message);
}

std::size_t Shim::pending_host_calls() const { return impl_->slotCount - impl_->freeSlots.size(); }

void Shim::run_bundle() {
  Impl& m = *impl_;
  if (m.ran || !m.realm->script || !m.dispatch) return;
  m.ran = true;
  {
    JSAutoRealm ar(m.cx, m.global);
    JS::RootedScript script(m.cx, m.realm->script);
    JS::RootedValue rval(m.cx);
    if (!JS_ExecuteScript(m.cx, script, &rval)) Engine::report_exception(m.cx);
  }
  Engine::get().turn();
}

int Shim::installed() { return impl_->dispatch ? impl_->fire("installed", JS::HandleValueArray::empty()) : -1; }
int Shim::startup() { return impl_->dispatch ? impl_->fire("startup", JS::HandleValueArray::empty()) : -1; }
int Shim::online() { return impl_->dispatch ? impl_->fire("online", JS::HandleValueArray::empty()) : -1; }

int Shim::alarm(core::AlarmName, core::Millis periodMs) {
  Impl& m = *impl_;
  if (!m.dispatch) return -1;
  JSAutoRealm ar(m.cx, m.global);
  JS::RootedValueArray<2> args(m.cx);
  args[0].setString(new_string(m.cx, "sync"));
  args[1].setNumber(static_cast<double>(periodMs));
  return m.fire("alarm", args);
}

int Shim::tab_removed(std::uint32_t tabId) {
  Impl& m = *impl_;
  if (!m.dispatch) return -1;
  JSAutoRealm ar(m.cx, m.global);
  JS::RootedValueArray<1> args(m.cx);
  args[0].setNumber(tabId);
  return m.fire("tabRemoved", args);
}

int Shim::start_session_message(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) {
  Impl& m = *impl_;
  if (!m.dispatch) return -1;
  JSAutoRealm ar(m.cx, m.global);
  Builder msg(m.cx);
  msg.str("type", "START_SESSION").str("repo_owner", repo_owner(repo)).str("repo_name", repo_name(repo)).num("pr_number", pr);
  JS::RootedValueArray<2> args(m.cx);
  args[0].setObject(*msg.o);
  args[1].setNumber(tabId);
  return m.fire("message", args);
}

int Shim::activity_message(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq) {
  Impl& m = *impl_;
  if (!m.dispatch) return -1;
  JSAutoRealm ar(m.cx, m.global);
  Builder msg(m.cx);
  msg.str("type", "ACTIVITY").str("repo_owner", repo_owner(repo)).str("repo_name", repo_name(repo)).num("pr_number", pr).num("seq", seq);
  JS::RootedValueArray<2> args(m.cx);
  args[0].setObject(*msg.o);
  args[1].setNumber(tabId);
  return m.fire("message", args);
}

int Shim::page_hide_message(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq, std::int64_t openedAt) {
  Impl& m = *impl_;
  if (!m.dispatch) return -1;
  JSAutoRealm ar(m.cx, m.global);
  Builder msg(m.cx);
  msg.str("type", "PAGE_HIDE").str("repo_owner", repo_owner(repo)).str("repo_name", repo_name(repo)).num("pr_number", pr);
  msg.num("seq", seq).num("opened_at", to_js_time(openedAt));  // Date.now() of the page at load
  JS::RootedValueArray<2> args(m.cx);
  args[0].setObject(*msg.o);
  args[1].setNumber(tabId);
  return m.fire("message", args);
}

std::vector<core::PendingSession> Shim::beacon_payload() {
  Impl& m = *impl_;
  std::vector<core::PendingSession> out;
  if (!m.dispatch) return out;
  {
    JSAutoRealm ar(m.cx, m.global);
    JSContext* cx = m.cx;
    JS::RootedValue response(cx);
    if (m.call_dispatch("beaconPayload", JS::HandleValueArray::empty(), &response) && response.isObject()) {
      // {payload: JSON.stringify({sessions}) | null}
      JS::RootedObject r(cx, &response.toObject());
      JS::RootedValue payload(cx);
      if (get(cx, r, "payload", &payload) && payload.isString()) {
        JS::RootedString text(cx, payload.toString());
        JS::RootedValue parsed(cx);
        if (JS_ParseJSON(cx, text, &parsed) && parsed.isObject()) {
          JS::RootedObject o(cx, &parsed.toObject());
          JS::RootedValue sessions(cx);
          get(cx, o, "sessions", &sessions);
          out = list_from_js<core::PendingSession>(cx, sessions, pending_from_js);
        } else {
          JS_ClearPendingException(cx);
        }
      }
    }
  }
  Engine::get().turn();
  return out;
}

}  // namespace syncsim::sim::js
