#include "sim/runtime/scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace syncsim::sim {

Scheduler::Scheduler() {
  heap_.reserve(1024);
  payloads_.reserve(1024);
  freePayloads_.reserve(1024);
  nowQueue_.reserve(64);
  contexts_.resize(1);  // the world
}

Scheduler::~Scheduler() {
  for (std::uint32_t id = 1; id < contexts_.size(); ++id) kill(id);
}

// A 4-ary min-heap on (time, seq): half the depth of a binary heap, so fewer 16-byte moves
// per push and pop; the order of events is the same (time, then scheduling order).
namespace {
// The key's high bits are the sequence number, unique per event: comparing keys compares seqs.
inline bool earlier(const auto& a, const auto& b) { return a.at != b.at ? a.at < b.at : a.key < b.key; }
}  // namespace

void Scheduler::push(const Event& e) {
  if (e.at == now_) {
    // Every heap event due at now_ was scheduled before the clock reached now_, so it precedes
    // this one: the FIFO keeps (time, seq) order.
    nowQueue_.push_back(e);
    return;
  }
  std::uint32_t slot;
  if (!freePayloads_.empty()) {
    slot = freePayloads_.back();
    freePayloads_.pop_back();
    payloads_[slot] = Payload{e.fn, e.obj, e.arg, e.ctx};
  } else {
    slot = static_cast<std::uint32_t>(payloads_.size());
    if (slot >> kSlotBits) throw std::length_error("syncsim: more than 16.7 million events waiting at once");
    payloads_.push_back(Payload{e.fn, e.obj, e.arg, e.ctx});
  }
  const HeapEntry entry{e.at, (e.seq << kSlotBits) | slot};
  std::size_t i = heap_.size();
  heap_.push_back(entry);
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!earlier(entry, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = entry;
}

Scheduler::Event Scheduler::pop() {
  const HeapEntry top = heap_.front();
  const HeapEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n != 0) {
    std::size_t i = 0;
    while (true) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (earlier(heap_[c], heap_[best])) best = c;
      if (!earlier(heap_[best], last)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = last;
  }
  const auto slot = static_cast<std::uint32_t>(top.key & ((std::uint64_t{1} << kSlotBits) - 1));
  const Payload& p = payloads_[slot];
  freePayloads_.push_back(slot);
  return Event{top.at, top.key >> kSlotBits, p.fn, p.obj, p.arg, p.ctx};
}

void Scheduler::at(Time t, EventFn fn, void* obj, std::uint64_t arg, ContextRef ctx) {
  assert(fn);
  push(Event{t < now_ ? now_ : t, seq_++, fn, obj, arg, ctx});
}

void Scheduler::resume_at(Time t, std::coroutine_handle<> h, ContextRef ctx) {
  push(Event{t < now_ ? now_ : t, seq_++, nullptr, h.address(), 0, ctx});
}

bool Scheduler::resume_now(std::coroutine_handle<> h, ContextRef ctx) {
  if (!alive(ctx)) return false;
  const ContextRef saved = current_;
  current_ = ctx;
  h.resume();
  current_ = saved;
  return true;
}

std::uint32_t Scheduler::create_context() {
  contexts_.emplace_back();
  return static_cast<std::uint32_t>(contexts_.size() - 1);
}

void Scheduler::kill(std::uint32_t id) {
  assert(id != 0 && "the world context never dies");
  assert(current_.id != id && "a context cannot kill itself from inside");
  Context& c = contexts_[id];
  ++c.incarnation;
  // Destroy every root. Destroying a root destroys the child Tasks held in its frame, so whole
  // chains go at once; no frame of this context is resumed again.
  while (RootLink* r = c.roots.next) {
    c.roots.next = r->next;
    if (r->next) r->next->prev = &c.roots;
    r->prev = r->next = nullptr;
    r->handle.destroy();
  }
}

void Scheduler::spawn(std::uint32_t id, Task<void> t) { resume_at(now_, adopt_root(id, std::move(t)), ref(id)); }

void Scheduler::start_now(std::uint32_t id, Task<void> t) { resume_now(adopt_root(id, std::move(t)), ref(id)); }

std::coroutine_handle<> Scheduler::adopt_root(std::uint32_t id, Task<void> t) {
  auto h = t.release();
  auto& p = h.promise();
  Context& c = contexts_[id];
  p.is_root = true;
  p.link.handle = h;
  p.link.prev = &c.roots;
  p.link.next = c.roots.next;
  if (c.roots.next) c.roots.next->prev = &p.link;
  c.roots.next = &p.link;
  return h;
}

std::size_t Scheduler::live_roots(std::uint32_t id) const {
  std::size_t n = 0;
  for (const RootLink* r = contexts_[id].roots.next; r; r = r->next) ++n;
  return n;
}

Scheduler::Event Scheduler::next() {
  if (nowHead_ != nowQueue_.size() && (heap_.empty() || heap_.front().at != now_)) {
    const Event e = nowQueue_[nowHead_++];
    if (nowHead_ == nowQueue_.size()) {
      nowQueue_.clear();
      nowHead_ = 0;
    }
    return e;
  }
  return pop();
}

bool Scheduler::step() {
  if (empty()) return false;
  const Event e = next();
  now_ = e.at;
  if (e.ctx.id != 0 && !alive(e.ctx)) return true;  // stale wake-up of a dead incarnation
  ++events_run_;
  const ContextRef saved = current_;
  current_ = e.ctx;
  if (e.fn) {
    e.fn(e.obj, e.arg);
  } else {
    std::coroutine_handle<>::from_address(e.obj).resume();
  }
  current_ = saved;
  return true;
}

void Scheduler::run_until(Time end) {
  while (!empty() && next_time() <= end) step();
  if (now_ < end) now_ = end;
}

}  // namespace syncsim::sim
