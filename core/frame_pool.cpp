#include "frame_pool.hpp"

#include <cstdlib>
#include <new>

namespace syncsim {
namespace {

constexpr std::size_t kGranule = 32;
constexpr std::size_t kClasses = 64;  // frames up to 2 KiB are pooled

struct FreeNode {
  FreeNode* next;
};

struct Pool {
  FreeNode* heads[kClasses] = {};
  ~Pool() {
    for (auto*& h : heads) {
      while (h) {
        FreeNode* n = h->next;
        std::free(h);
        h = n;
      }
    }
  }
};

[[maybe_unused]] thread_local Pool pool;

[[maybe_unused]] std::size_t class_of(std::size_t bytes) { return (bytes + kGranule - 1) / kGranule; }

}  // namespace

void* frame_alloc(std::size_t bytes) {
#ifndef SYNCSIM_NO_FRAME_POOL
  const std::size_t c = class_of(bytes);
  if (c < kClasses) {
    if (FreeNode* n = pool.heads[c]) {
      pool.heads[c] = n->next;
      return n;
    }
    void* p = std::malloc(c * kGranule);
    if (!p) throw std::bad_alloc();
    return p;
  }
#endif
  void* p = std::malloc(bytes);
  if (!p) throw std::bad_alloc();
  return p;
}

void frame_free(void* p, std::size_t bytes) noexcept {
#ifndef SYNCSIM_NO_FRAME_POOL
  const std::size_t c = class_of(bytes);
  if (c < kClasses) {
    auto* n = static_cast<FreeNode*>(p);
    n->next = pool.heads[c];
    pool.heads[c] = n;
    return;
  }
#else
  (void)bytes;
#endif
  std::free(p);
}

}  // namespace syncsim
