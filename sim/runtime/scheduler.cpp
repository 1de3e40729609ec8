#include "sim/runtime/scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace syncsim::sim {

Scheduler::Scheduler() {
  heap_.reserve(1024);
  payloads_.reserve(1024);
  freePayloads_.reserve(1024);
  for (Bucket& b : wheel_) b.q.reserve(8);
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
  if (static_cast<std::uint64_t>(e.at - now_) < kWheel) {
    const std::size_t i = static_cast<std::size_t>(e.at) & kWheelMask;
    wheel_[i].q.push_back(e);
    wheelBits_[i >> 6] |= std::uint64_t{1} << (i & 63);
    ++wheelCount_;
    return;
  }
  push_heap(e);
}

void Scheduler::push_heap(const Event& e) {
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
  const HeapEntry entry{e.at, (e.seq << kSlotBits) | slot, e.obj};
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
  // The heap's events are the far ones (pings, idle checks, alarms): in a fleet, each touches a
  // browser not seen for seconds. The next one's payload and object are fetched while this
  // event runs: most of those cache misses are hidden.
  if (n != 0) {
    __builtin_prefetch(&payloads_[heap_.front().key & ((std::uint64_t{1} << kSlotBits) - 1)]);
    __builtin_prefetch(heap_.front().obj);
  }
  return Event{top.at, top.key >> kSlotBits, p.fn, p.obj, p.arg, p.ctx};
}

void Scheduler::at(Time t, EventFn fn, void* obj, std::uint64_t arg, ContextRef ctx) {
  assert(fn);
  push(Event{t < now_ ? now_ : t, seq_++, fn, obj, arg, ctx});
}

void Scheduler::at_reserved(Time t, EventFn fn, void* obj, std::uint64_t arg, std::uint64_t seq) {
  assert(fn && seq < seq_);
  push_heap(Event{t < now_ ? now_ : t, seq, fn, obj, arg, {}});
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

Time Scheduler::wheel_next() const {
  // The first set bit at or after now_'s bucket, going round once: every wheel event is due in
  // [now_, now_ + kWheel), so its distance round the wheel is its distance in time.
  const std::size_t start = static_cast<std::size_t>(now_) & kWheelMask;
  constexpr std::size_t kWords = kWheel / 64;
  std::size_t w = start >> 6;
  std::uint64_t bits = wheelBits_[w] & (~std::uint64_t{0} << (start & 63));
  for (std::size_t k = 0; k <= kWords; ++k) {
    if (bits) {
      const std::size_t i = (w << 6) | static_cast<std::size_t>(__builtin_ctzll(bits));
      return now_ + static_cast<Time>((i - start) & kWheelMask);
    }
    w = (w + 1) % kWords;
    bits = wheelBits_[w];
  }
  return INT64_MAX;  // unreachable while wheelCount_ > 0
}

Scheduler::Event Scheduler::take_wheel(Time t) {
  const std::size_t i = static_cast<std::size_t>(t) & kWheelMask;
  Bucket& b = wheel_[i];
  const Event e = b.q[b.head++];
  --wheelCount_;
  if (b.head == b.q.size()) {
    b.q.clear();
    b.head = 0;
    wheelBits_[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
  }
  return e;
}

bool Scheduler::heap_first(Time w) const {
  if (heap_.empty()) return false;
  const HeapEntry& top = heap_.front();
  if (top.at != w) return top.at < w;
  const Bucket& b = wheel_[static_cast<std::size_t>(w) & kWheelMask];
  return (top.key >> kSlotBits) < b.q[b.head].seq;
}

Scheduler::Event Scheduler::next() {
  if (wheelCount_ != 0) {
    const Time t = wheel_next();
    if (!heap_first(t)) return take_wheel(t);
  }
  return pop();
}

void Scheduler::run(const Event& e) {
  now_ = e.at;
  if (e.ctx.id != 0 && !alive(e.ctx)) return;  // stale wake-up of a dead incarnation
  ++events_run_;
  const ContextRef saved = current_;
  current_ = e.ctx;
  if (e.fn) {
    e.fn(e.obj, e.arg);
  } else {
    std::coroutine_handle<>::from_address(e.obj).resume();
  }
  current_ = saved;
}

bool Scheduler::step() {
  if (empty()) return false;
  run(next());
  return true;
}

void Scheduler::run_until(Time end) {
  // next_time() and next() in one: the wheel is scanned once per event.
  while (true) {
    if (wheelCount_ == 0) {
      if (heap_.empty() || heap_.front().at > end) break;
      run(pop());
      continue;
    }
    const Time w = wheel_next();
    if (heap_first(w)) {
      if (heap_.front().at > end) break;
      run(pop());
    } else {
      if (w > end) break;
      run(take_wheel(w));
    }
  }
  if (now_ < end) now_ = end;
}

}  // namespace syncsim::sim
