#pragma once
// Coroutine frames come from a per-thread free list by size class, so a run does not call
// malloc once per `co_await` of a port. One run lives on one thread (--jobs runs whole seeds in
// parallel), so the pool needs no locking. Under ASan the pool is off (SYNCSIM_NO_FRAME_POOL)
// so use-after-free of a killed frame is still caught.
#include <cstddef>

namespace syncsim {

void* frame_alloc(std::size_t bytes);
void frame_free(void* p, std::size_t bytes) noexcept;

}  // namespace syncsim
