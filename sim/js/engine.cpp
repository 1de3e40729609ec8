#include "sim/js/engine.hpp"

#include <js/CompilationAndEvaluation.h>
#include <js/CompileOptions.h>
#include <js/ContextOptions.h>
#include <js/ErrorReport.h>
#include <js/Exception.h>
#include <js/GCVector.h>
#include <js/Initialization.h>
#include <js/Promise.h>
#include <js/Realm.h>
#include <js/RealmOptions.h>
#include <js/SourceText.h>
#include <js/experimental/JSStencil.h>
#include <jsapi.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "sim/js/prelude.hpp"

namespace syncsim::sim::js {

namespace {

// JS_Init once per process, before the first context; JS_ShutDown at exit, after the main
// thread's engine (thread_local destructors run first) and once the --jobs threads were joined.
void init_process() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!JS_Init()) std::abort();
    std::atexit([] { JS_ShutDown(); });
  });
}

const JSClass kGlobalClass = {"global", JSCLASS_GLOBAL_FLAGS, &JS::DefaultGlobalClassOps,
                                 nullptr, nullptr, nullptr};

using JobVector = JS::GCVector<JSObject*, 0, ::js::SystemAllocPolicy>;

}  // namespace

// The microtask queue: FIFO, drained only by Engine::turn().
class FifoJobQueue final : public JS::JobQueue {
 public:
  explicit FifoJobQueue(JSContext* cx) : jobs(cx) {}
  JSObject* getIncumbentGlobal(JSContext* cx) override { return JS::CurrentGlobalOrNull(cx); }
  bool enqueuePromiseJob(JSContext*, JS::HandleObject, JS::HandleObject job, JS::HandleObject,
                         JS::HandleObject) override {
    return jobs.get().append(job.get());
  }
  void runJobs(JSContext*) override {}  // only the Debugger calls it; syncsim never does
  bool empty() const override { return head >= jobs.get().length(); }

  JS::PersistentRooted<JobVector> jobs;
  std::size_t head = 0;

 private:
  class Saved final : public SavedJobQueue {};
  ::js::UniquePtr<SavedJobQueue> saveJobQueue(JSContext*) override { return ::js::MakeUnique<Saved>(); }
};

struct Engine::Impl {
  JSContext* cx = nullptr;
  std::unique_ptr<FifoJobQueue> queue;
  std::unique_ptr<JS::PersistentRootedObject> zoneGlobal;
  std::map<std::string, RefPtr<JS::Stencil>> stencils;
  RefPtr<JS::Stencil> prelude;
  std::vector<std::coroutine_handle<>> deferred;
  bool inTurn = false;
  std::uint64_t jobsRun = 0;
  std::uint64_t uncaught = 0;
  std::vector<std::string> recentUncaught;

  JS::Stencil* compile(const std::string& name, const std::string& text, std::string& error) {
    JS::CompileOptions options(cx);
    options.setFileAndLine(name.c_str(), 1);
    // Every function's bytecode in the stencil: a lazy one would be parsed again in every realm.
    options.setEagerDelazificationStrategy(JS::DelazificationOption::ParseEverythingEagerly);
    JS::SourceText<mozilla::Utf8Unit> source;
    if (!source.init(cx, text.data(), text.size(), JS::SourceOwnership::Borrowed)) {
      error = "cannot hold the source of " + name;
      JS_ClearPendingException(cx);
      return nullptr;
    }
    RefPtr<JS::Stencil> st = JS::CompileGlobalScriptToStencil(cx, options, source);
    if (!st) {
      JS::ExceptionStack stack(cx);
      error = "does not compile: " + name;
      if (JS::StealPendingExceptionStack(cx, &stack)) {
        JS::ErrorReportBuilder report(cx);
        if (report.init(cx, stack, JS::ErrorReportBuilder::NoSideEffects) && report.toStringResult())
          error += std::string(": ") + report.toStringResult().c_str();
      }
      return nullptr;
    }
    JS::Stencil* raw = st.get();
    stencils[name] = std::move(st);
    return raw;
  }
};

Engine& Engine::get() {
  thread_local std::unique_ptr<Engine> engine;
  if (!engine) engine.reset(new Engine());
  return *engine;
}

Engine::Engine() : impl_(std::make_unique<Impl>()) {
  init_process();
  JSContext* cx = JS_NewContext(JS::DefaultHeapMaxBytes);
  if (!cx || !JS::InitSelfHostedCode(cx)) std::abort();
  impl_->cx = cx;
  // Async stacks double the cost of an await; nothing reads them.
  JS::ContextOptionsRef(cx).setAsyncStack(false);
  JS_SetGCParameter(cx, JSGC_MAX_BYTES, 0xffffffffu);
  // JIT compilation on the running thread, not on helper threads (no measurable cost here).
  // The option is the process's: set once, before any other thread's context reads it.
  static std::once_flag jitOnce;
  std::call_once(jitOnce, [cx] { JS_SetGlobalJitCompilerOption(cx, JSJITCOMPILER_OFFTHREAD_COMPILATION_ENABLE, 0); });
  impl_->queue = std::make_unique<FifoJobQueue>(cx);
  JS::SetJobQueue(cx, impl_->queue.get());
  JS::RealmOptions options;
  JSObject* g = JS_NewGlobalObject(cx, &kGlobalClass, nullptr, JS::FireOnNewGlobalHook, options);
  if (!g) std::abort();
  impl_->zoneGlobal = std::make_unique<JS::PersistentRootedObject>(cx, g);
}

Engine::~Engine() {
  JSContext* cx = impl_->cx;
  impl_->stencils.clear();
  impl_->prelude = nullptr;
  impl_->zoneGlobal.reset();
  impl_->queue.reset();
  JS_DestroyContext(cx);
}

JSContext* Engine::cx() const { return impl_->cx; }
JSObject* Engine::zone_global() const { return impl_->zoneGlobal->get(); }
bool Engine::in_turn() const { return impl_->inTurn; }
std::uint64_t Engine::jobs_run() const { return impl_->jobsRun; }

JS::Stencil* Engine::stencil(const std::string& path, std::string& error) {
  if (auto it = impl_->stencils.find(path); it != impl_->stencils.end()) return it->second.get();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return nullptr;
  }
  std::ostringstream text;
  text << in.rdbuf();
  JSAutoRealm ar(impl_->cx, impl_->zoneGlobal->get());  // a syntax error is reported as an object of a realm
  return impl_->compile(path, text.str(), error);
}

JS::Stencil* Engine::prelude(std::string& error) {
  if (impl_->prelude) return impl_->prelude.get();
  JS::Stencil* st = impl_->compile("syncsim:prelude", std::string(kPrelude), error);
  if (st) impl_->prelude = impl_->stencils["syncsim:prelude"];
  return st;
}

void Engine::report_exception(JSContext* cx) {
  std::string message = "uncaught exception";
  JS::ExceptionStack stack(cx);
  if (JS::StealPendingExceptionStack(cx, &stack)) {
    JS::ErrorReportBuilder report(cx);
    if (report.init(cx, stack, JS::ErrorReportBuilder::NoSideEffects) && report.toStringResult())
      message = report.toStringResult().c_str();
  }
  JS_ClearPendingException(cx);
  if (JS::Realm* realm = JS::GetCurrentRealmOrNull(cx))
    if (auto* host = static_cast<RealmHost*>(JS::GetRealmPrivate(realm))) host->on_uncaught(message);
}

void Engine::turn() {
  if (impl_->inTurn) return;
  impl_->inTurn = true;
  JSContext* cx = impl_->cx;
  FifoJobQueue& q = *impl_->queue;
  while (true) {
    while (q.head < q.jobs.get().length()) {
      JS::RootedObject job(cx, q.jobs.get()[q.head]);
      q.jobs.get()[q.head] = nullptr;
      ++q.head;
      if (!job) continue;  // a dead realm's job
      ++impl_->jobsRun;
      JSAutoRealm ar(cx, job);
      JS::RootedValue rval(cx);
      if (!JS::Call(cx, JS::UndefinedHandleValue, job, JS::HandleValueArray::empty(), &rval)) report_exception(cx);
    }
    q.jobs.get().clear();
    q.head = 0;
    if (impl_->deferred.empty()) break;
    // C++ continuations (listeners whose promise settled) run outside JS; they may queue jobs.
    auto ready = std::move(impl_->deferred);
    impl_->deferred.clear();
    impl_->inTurn = false;
    for (auto h : ready) h.resume();
    impl_->inTurn = true;
  }
  impl_->inTurn = false;
}

void Engine::note_uncaught(const std::string& message) {
  ++impl_->uncaught;
  auto& r = impl_->recentUncaught;
  if (r.size() >= 16) r.erase(r.begin());
  r.push_back(message);
}
std::uint64_t Engine::uncaught_count() const { return impl_->uncaught; }
const std::vector<std::string>& Engine::recent_uncaught() const { return impl_->recentUncaught; }

void Engine::defer(std::coroutine_handle<> h) {
  if (impl_->inTurn) {
    impl_->deferred.push_back(h);
  } else {
    h.resume();
  }
}

void Engine::forget_realm(JSObject* global) {
  FifoJobQueue& q = *impl_->queue;
  auto& jobs = q.jobs.get();
  for (std::size_t i = q.head; i < jobs.length(); ++i)
    if (jobs[i] && JS::GetNonCCWObjectGlobal(jobs[i]) == global) jobs[i] = nullptr;
}

}  // namespace syncsim::sim::js
