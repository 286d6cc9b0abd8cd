#include "pretext/plugin.h"

#include <algorithm>

#include "pretext/augmentation.h"
#include "pretext/callback.h"
#include "pretext/dataset.h"
#include "pretext/scheduler.h"
#include "pretext/task.h"

namespace pretext {
namespace {

constexpr PluginKind kAllKinds[] = {
    PluginKind::dataset,   PluginKind::augmentation, PluginKind::task,
    PluginKind::backbone,  PluginKind::head,         PluginKind::optimizer,
    PluginKind::scheduler, PluginKind::callback,
};

}  // namespace

const char* framework_version() { return PRETEXT_VERSION; }

const char* to_string(PluginKind kind) {
  switch (kind) {
    case PluginKind::dataset:
      return "dataset";
    case PluginKind::augmentation:
      return "augmentation";
    case PluginKind::task:
      return "task";
    case PluginKind::backbone:
      return "backbone";
    case PluginKind::head:
      return "head";
    case PluginKind::optimizer:
      return "optimizer";
    case PluginKind::scheduler:
      return "scheduler";
    case PluginKind::callback:
      return "callback";
  }
  return "unknown";
}

std::optional<PluginKind> parse_plugin_kind(const std::string& text) {
  for (PluginKind kind : kAllKinds)
    if (text == to_string(kind)) return kind;
  return std::nullopt;
}

// Out-of-line destructors anchor each interface's type information in the
// framework library, so dynamic_cast works across plugin boundaries.
Component::~Component() = default;

std::string Dataset::describe(int64_t index) const {
  return "sample " + std::to_string(index);
}

bool Task::is_deterministic() const { return true; }

torch::Tensor Task::loss(const torch::Tensor& logits,
                         const torch::Tensor& targets) const {
  return torch::nn::functional::cross_entropy(logits, targets);
}

Metrics Task::confusion_metrics(const torch::Tensor&) const { return {}; }

double Clock::progress() const {
  double total = static_cast<double>(epochs * steps_per_epoch);
  double done = static_cast<double>(epoch * steps_per_epoch + step);
  return total > 0 ? std::clamp(done / total, 0.0, 1.0) : 1.0;
}

void Scheduler::epoch_end(const Metrics&) {}

void Callback::stage_begin(StageState&) {}
void Callback::batch_end(StageState&) {}
void Callback::epoch_end(StageState&) {}
void Callback::stage_end(StageState&) {}

std::optional<double> find_metric(const Metrics& metrics,
                                  const std::string& name) {
  auto found = metrics.find(name);
  if (found == metrics.end()) return std::nullopt;
  return found->second;
}

}  // namespace pretext
