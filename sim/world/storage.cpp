#include "sim/world/storage.hpp"

#include "sim/world/metrics.hpp"

namespace syncsim::sim {

namespace {
// Serialised sizes (JSON) the quota and the storage-size metric use.
constexpr std::int64_t kSessionBytes = 220;
constexpr std::int64_t kPendingBytes = 230;
constexpr std::int64_t kFailedBytes = 270;
constexpr std::int64_t kActivityBytes = 40;
constexpr std::int64_t kBaseBytes = 200;
}  // namespace

BrowserStorage::BrowserStorage(Scheduler& sched, Trace& trace, Metrics& metrics, const BrowserParams& p, Rng rng)
    : sched_(sched), trace_(trace), metrics_(metrics), p_(p), rng_(rng) {
  writes_.reserve(4);
}

Time BrowserStorage::next_completion() {
  const Time now = sched_.now();
  Time t = now + rng_.between(p_.storageLatencyMinMs, p_.storageLatencyMaxMs);
  if (t < last_) t = last_;
  last_ = t;
  return t;
}

std::int64_t BrowserStorage::bytes() const {
  return kBaseBytes + static_cast<std::int64_t>(s_.sessionCount) * kSessionBytes +
         static_cast<std::int64_t>(s_.pendingSessions.size()) * kPendingBytes +
         static_cast<std::int64_t>(s_.failedSyncItems.size()) * kFailedBytes +
         static_cast<std::int64_t>(s_.pendingActivities.size()) * kActivityBytes;
}

std::int64_t BrowserStorage::bytes_after(const Value& v) const {
  std::int64_t b = bytes();
  switch (v.index()) {
    case 0: {
      const auto& sess = std::get<0>(v);
      const bool exists = sess.localId < s_.sessions.size() && s_.sessions[sess.localId].has_value();
      if (!exists) b += kSessionBytes;
      break;
    }
    case 1: b += (static_cast<std::int64_t>(std::get<1>(v).size()) - static_cast<std::int64_t>(s_.pendingSessions.size())) * kPendingBytes; break;
    case 2: b += (static_cast<std::int64_t>(std::get<2>(v).size()) - static_cast<std::int64_t>(s_.failedSyncItems.size())) * kFailedBytes; break;
    case 3: b += (static_cast<std::int64_t>(std::get<3>(v).size()) - static_cast<std::int64_t>(s_.pendingActivities.size())) * kActivityBytes; break;
    case 6: {
      const core::LocalId id = std::get<6>(v).id;
      if (id < s_.sessions.size() && s_.sessions[id].has_value()) b -= kSessionBytes;
      break;
    }
    default: break;
  }
  return b;
}

core::StorageStatus BrowserStorage::write(StorageKey key, Value v, Time at) {
  if (bytes_after(v) > p_.storageQuotaBytes) return core::StorageStatus::QuotaExceeded;
  writes_.push_back(PendingWrite{key, std::move(v), sched_.current(), {}});
  sched_.at(at, &BrowserStorage::on_apply, this, 0);
  return core::StorageStatus::Ok;
}

void BrowserStorage::on_apply(void* self, std::uint64_t) {
  auto& st = *static_cast<BrowserStorage*>(self);
  PendingWrite wr = std::move(st.writes_[st.writesHead_++]);
  if (st.writesHead_ == st.writes_.size()) {
    st.writes_.clear();
    st.writesHead_ = 0;
  } else if (st.writesHead_ >= 64 && st.writesHead_ * 2 >= st.writes_.size()) {
    // Never empty for long (a storm of sets): drop the applied half so it does not grow.
    st.writes_.erase(st.writes_.begin(), st.writes_.begin() + static_cast<std::ptrdiff_t>(st.writesHead_));
    st.writesHead_ = 0;
  }
  const Time now = st.sched_.now();
  const bool issuerDead = wr.issuer.id != 0 && !st.sched_.alive(wr.issuer);
  // The session a session-record write belongs to (trace records only; see TraceRecord::subject).
  const std::uint32_t subject = wr.value.index() == 0   ? std::get<0>(wr.value).localId
                                : wr.value.index() == 6 ? std::get<6>(wr.value).id
                                                        : 0;
  const bool removal = wr.value.index() == 6;
  if (issuerDead && (st.p_.loseInflightSetOnKill || now < st.lossUntil_)) {
    st.trace_.emit(now, TraceKind::StorageSetLost, static_cast<std::uint16_t>(wr.key), 0, 0, subject, removal);
    return;
  }
  StorageState& s = st.s_;
  switch (wr.value.index()) {
    case 0: {
      auto& sess = std::get<0>(wr.value);
      if (s.sessions.size() <= sess.localId) s.sessions.resize(sess.localId + 1);
      if (!s.sessions[sess.localId]) ++s.sessionCount;
      s.sessions[sess.localId] = std::move(sess);
      break;
    }
    case 1: s.pendingSessions = std::move(std::get<1>(wr.value)); break;
    case 2: s.failedSyncItems = std::move(std::get<2>(wr.value)); break;
    case 3: s.pendingActivities = std::move(std::get<3>(wr.value)); break;
    case 4: s.auth = std::get<4>(wr.value); break;
    case 5: s.activeSessions = std::move(std::get<5>(wr.value)); break;
    case 6: {
      const core::LocalId id = std::get<6>(wr.value).id;
      if (id < s.sessions.size() && s.sessions[id]) {
        s.sessions[id].reset();
        --s.sessionCount;
      }
      break;
    }
  }
  const std::int64_t b = st.bytes();
  st.trace_.emit(now, TraceKind::StorageSet, static_cast<std::uint16_t>(wr.key), 0, b, subject, removal);
  st.metrics_.on_storage(b, s.pendingSessions.size(), s.failedSyncItems.size());
  if (wr.waiter) st.sched_.resume_now(wr.waiter, wr.issuer);
}

}  // namespace syncsim::sim
