#include "sim/world/network.hpp"

#include <cmath>

#include "sim/world/backend.hpp"
#include "sim/world/ground_truth.hpp"
#include "sim/world/metrics.hpp"
#include "sim/world/service_worker.hpp"

namespace syncsim::sim {

Network::Network(Scheduler& sched, Trace& trace, Backend& backend, Metrics& metrics, const GroundTruth& truth,
                 std::uint32_t client, const NetworkParams& p, Time fetchResponseLimitMs, Rng rng)
    : sched_(sched),
      trace_(trace),
      backend_(backend),
      metrics_(metrics),
      truth_(truth),
      client_(client),
      p_(p),
      fetchResponseLimitMs_(fetchResponseLimitMs),
      rng_(rng) {
  slots_.reserve(4);  // a browser rarely has more in flight; a fleet holds one per browser
}

std::uint32_t Network::alloc() {
  std::uint32_t i;
  if (!free_.empty()) {
    i = free_.back();
    free_.pop_back();
  } else {
    i = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[i];
  s.busy = true;
  s.serverActed = s.answered = s.detached = s.fromWorker = s.blackholed = false;
  s.out = nullptr;
  s.h = {};
  ++s.gen;
  ++inFlight_;
  return i;
}

void Network::release(std::uint32_t i) {
  Slot& s = slots_[i];
  s.busy = false;
  s.req.beaconItems.clear();
  ++s.gen;
  free_.push_back(i);
  --inFlight_;
}

Network::Slot* Network::lookup(std::uint64_t k) {
  const auto i = static_cast<std::uint32_t>(k);
  const auto gen = static_cast<std::uint32_t>(k >> 32);
  if (i >= slots_.size() || !slots_[i].busy || slots_[i].gen != gen) return nullptr;
  return &slots_[i];
}

Time Network::one_way() {
  const double ms = rng_.lognormal(p_.latencyMedianMs / 2.0, p_.latencySigma);
  return ms < 1.0 ? 1 : static_cast<Time>(ms);
}

void Network::FetchAwaiter::await_suspend(std::coroutine_handle<> h) {
  Network& n = *net;
  Scheduler& sched = n.sched_;
  const std::uint32_t i = n.alloc();
  Slot& s = n.slots_[i];
  s.h = h;
  s.ctx = sched.current();
  s.out = &result;
  s.fromWorker = fromWorker;
  s.req = std::move(req);
  s.req.clientId = n.client_;
  // The trace keeps the extension's own tag (0 when it gives none); the backend sees the review
  // the request is attributed to.
  n.trace_.emit(sched.now(), TraceKind::FetchSend, static_cast<std::uint16_t>(s.req.endpoint), i, s.req.localId);
  s.tag = n.attribution_ ? n.attribution_->on_send(s.req, sched.now()) : AttributionTag{};
  const std::uint64_t k = key(i, s.gen);
  ++n.counters_.sent;
  n.metrics_.on_request_sent(s.req, sched.now());

  if (n.offline_) {
    sched.at(sched.now(), &Network::on_fail, &n, k);
  } else if (n.captive_) {
    s.blackholed = true;  // only the client's timeout, the worker's end or a fetch limit ends it
  } else if (n.loss() > 0 && n.rng_.chance(n.loss())) {
    sched.after(n.p_.lostRequestErrorMs, &Network::on_fail, &n, k);
  } else {
    sched.after(n.one_way(), &Network::on_arrive, &n, k);
  }
  if (timeoutMs > 0) sched.after(timeoutMs, &Network::on_timeout, &n, k);
  if (fromWorker && n.fetchResponseLimitMs_ > 0) sched.after(n.fetchResponseLimitMs_, &Network::on_watchdog, &n, k);
}

void Network::send_detached(core::HttpRequest req) {
  const std::uint32_t i = alloc();
  Slot& s = slots_[i];
  s.detached = true;
  s.req = std::move(req);
  s.req.clientId = client_;
  s.tag = AttributionTag{};
  if (attribution_) attribution_->on_beacon(s.req, sched_.now());
  const std::uint64_t k = key(i, s.gen);
  ++counters_.sent;
  Scheduler& sched = sched_;
  metrics_.on_request_sent(s.req, sched.now());
  if (offline_ || captive_ || (loss() > 0 && rng_.chance(loss()))) {
    sched.at(sched.now(), &Network::on_fail, this, k);
  } else {
    sched.after(one_way(), &Network::on_arrive, this, k);
  }
}

void Network::on_arrive(void* self, std::uint64_t k) {
  auto& n = *static_cast<Network*>(self);
  Slot* s = n.lookup(k);
  if (!s) return;
  Scheduler& sched = n.sched_;
  s->resp = n.backend_.handle(s->req, sched.now());
  s->serverActed = true;
  n.trace_.emit(sched.now(), TraceKind::ServerHandled, static_cast<std::uint16_t>(s->req.endpoint),
                  static_cast<std::uint32_t>(k), (s->resp.sessionId << 16) | (s->resp.status & 0xffff));
  n.metrics_.on_dashboard(sched.now(), n.backend_.in_progress_of(n.client_), n.truth_.active());
  const double responseLoss = n.p_.responseLoss + n.extraLoss_;
  if (responseLoss > 0 && n.rng_.chance(responseLoss)) {
    s->resp = core::HttpResponse{};  // the response is lost: the client sees a network error
    s->resp.status = core::kNetworkError;
  }
  sched.after(n.p_.serverTimeMs + n.one_way(), &Network::on_deliver, &n, k);
}

void Network::answer(const Waiter& w, const core::HttpResponse& r) {
  // The resumed coroutine may send again (and reuse the slot): nothing of the slot is used here.
  if (!sched_.alive(w.ctx)) return;
  if (attribution_) attribution_->on_answer(w.tag, r.status, r.retryAfterMs, sched_.now());
  *w.out = r;
  sched_.resume_now(w.h, w.ctx);
}

void Network::finish(std::uint32_t i, Outcome o) {
  switch (o) {
    case Outcome::Ok: ++counters_.ok; break;
    case Outcome::Fail: ++counters_.fail; break;
    case Outcome::Unknown: ++counters_.unknown; break;
  }
  metrics_.on_request_outcome(slots_[i].req, o);
  release(i);
}

void Network::on_deliver(void* self, std::uint64_t k) {
  auto& n = *static_cast<Network*>(self);
  Slot* s = n.lookup(k);
  if (!s) return;
  const auto i = static_cast<std::uint32_t>(k);
  const bool reaches = !s->detached && !s->answered && n.sched_.alive(s->ctx);
  const bool lost = s->resp.status == core::kNetworkError;
  const Outcome o = (reaches && !lost) ? Outcome::Ok : Outcome::Unknown;
  n.trace_.emit(n.sched_.now(), TraceKind::FetchDone,
                  reaches ? (lost ? kDoneNetworkError : kDoneOk) : kDoneDropped, i, s->resp.status);
  if (!reaches) {
    n.finish(i, o);
    return;
  }
  const core::HttpResponse resp = s->resp;
  const Waiter waiter = waiter_of(*s);
  n.finish(i, o);
  n.answer(waiter, resp);
}

void Network::on_fail(void* self, std::uint64_t k) {
  auto& n = *static_cast<Network*>(self);
  Slot* s = n.lookup(k);
  if (!s) return;
  const auto i = static_cast<std::uint32_t>(k);
  const bool reaches = !s->detached && !s->answered;
  n.trace_.emit(n.sched_.now(), TraceKind::FetchDone, kDoneNetworkError, i, 0);
  const Waiter waiter = waiter_of(*s);
  n.finish(i, Outcome::Fail);
  if (reaches) {
    core::HttpResponse r;
    r.status = core::kNetworkError;
    n.answer(waiter, r);
  }
}

void Network::on_timeout(void* self, std::uint64_t k) {
  auto& n = *static_cast<Network*>(self);
  Slot* s = n.lookup(k);
  if (!s || s->answered) return;
  const auto i = static_cast<std::uint32_t>(k);
  ++n.counters_.clientTimeouts;
  n.trace_.emit(n.sched_.now(), TraceKind::FetchDone, kDoneTimeout, i, core::kClientTimeout);
  const Waiter waiter = waiter_of(*s);
  s->answered = true;
  // A blackholed request is over; otherwise the answer still travels and is dropped then.
  if (s->blackholed) n.finish(i, Outcome::Fail);
  core::HttpResponse r;
  r.status = core::kClientTimeout;
  n.answer(waiter, r);
}

void Network::on_watchdog(void* self, std::uint64_t k) {
  auto& n = *static_cast<Network*>(self);
  Slot* s = n.lookup(k);
  if (!s) return;
  const auto i = static_cast<std::uint32_t>(k);
  const bool hung = !s->answered && n.sched_.alive(s->ctx);
  const bool blackholed = s->blackholed;
  if (hung) s->answered = true;
  if (blackholed) n.finish(i, Outcome::Fail);  // s is invalid from here
  if (hung) n.worker_->kill(StopReason::FetchTimeout);
}

}  // namespace syncsim::sim
