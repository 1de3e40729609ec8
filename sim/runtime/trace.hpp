#pragma once
// The trace: a compact stream of what happened in a run, and a running 64-bit hash of it.
// The hash is always kept (it is how determinism is checked); the records themselves are kept
// only when tracing is enabled, so a run without --trace does no per-event allocation here.
#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

enum class TraceKind : std::uint16_t {
  WorkerStart,      // a = incarnation
  WorkerStop,       // a = incarnation, detail = StopReason
  HandlerStart,     // detail = handler kind, a = tab/local id
  StorageGet,       // detail = storage key
  StorageSet,       // detail = storage key, b = bytes after
  StorageSetLost,   // detail = storage key (in flight when the worker died, fault on)
  FetchSend,        // detail = endpoint, a = request id, b = local id
  FetchDone,        // detail = outcome, a = request id, b = status
  ServerHandled,    // detail = endpoint, a = request id, b = status | session id << 16
  AlarmCreate,      // a = period ms, b = first fire time
  AlarmFire,        // b = scheduled time
  TabOpen,          // a = tab id
  TabClose,         // a = tab id
  PageHide,         // a = tab id
  MessageLost,      // a = tab id (reply arrived after page teardown)
  Beacon,           // detail = outcome, a = tab id, b = bytes
  Fault,            // detail = fault kind, b = duration
  Core,             // detail = core log code, a = local id, b = value
  Heal,
  Count_
};

std::string_view trace_kind_name(TraceKind k);

struct TraceRecord {
  Time at;
  TraceKind kind;
  std::uint16_t detail;
  std::uint32_t a;
  std::int64_t b;
  // Whose record this is, for a reader (`syncsim explain`): the local session a storage write of
  // a session record belongs to, 0 otherwise; `removal`: that write removes the record. Kept
  // with the record, never hashed: the hash says what happened, and these only name it.
  std::uint32_t subject;
  bool removal;
};

// Sees every record as it is emitted, kept or not: how a search watches a run without keeping
// its whole trace (sim/explore/guided.cpp).
class TraceTap {
 public:
  virtual void on(const TraceRecord& r) = 0;

 protected:
  ~TraceTap() = default;
};

class Trace {
 public:
  explicit Trace(bool keep_records = false) : keep_(keep_records) {}

  void emit(Time at, TraceKind kind, std::uint16_t detail = 0, std::uint32_t a = 0, std::int64_t b = 0,
            std::uint32_t subject = 0, bool removal = false) {
    mix(static_cast<std::uint64_t>(at));
    mix((static_cast<std::uint64_t>(kind) << 16) | detail);
    mix(a);
    mix(static_cast<std::uint64_t>(b));
    ++count_;
    if (keep_) records_.push_back(TraceRecord{at, kind, detail, a, b, subject, removal});
    if (tap_) tap_->on(TraceRecord{at, kind, detail, a, b, subject, removal});
  }
  void set_tap(TraceTap* tap) { tap_ = tap; }

  std::uint64_t hash() const { return h_; }
  std::uint64_t count() const { return count_; }
  bool keeping() const { return keep_; }
  const std::vector<TraceRecord>& records() const { return records_; }

 private:
  void mix(std::uint64_t x) {
    // A multiply-xorshift step per field: cheap, and any change of a field or order moves it.
    h_ ^= x + 0x9e3779b97f4a7c15ULL + (h_ << 6) + (h_ >> 2);
    h_ *= 0xff51afd7ed558ccdULL;
    h_ ^= h_ >> 33;
  }
  bool keep_;
  TraceTap* tap_ = nullptr;
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
  std::uint64_t count_ = 0;
  std::vector<TraceRecord> records_;
};

}  // namespace syncsim::sim
