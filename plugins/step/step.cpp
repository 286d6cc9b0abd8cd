// Multiplies the rate by gamma every `step_size` epochs.

#include <cmath>

#include "pretext/scheduler.h"

namespace {

class Step : public pretext::Scheduler {
 public:
  Step(const pretext::Options& options, const pretext::Context&)
      : step_size_(options.integer("step_size")),
        gamma_(options.number("gamma")) {}

  double factor(const pretext::Clock& clock) override {
    return std::pow(gamma_, static_cast<double>(clock.epoch / step_size_));
  }

 private:
  int64_t step_size_;
  double gamma_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "step";
  info.kind = pretext::PluginKind::scheduler;
  info.version = "1.0.0";
  info.summary = "multiply the rate by gamma every step_size epochs";
  info.options = {
      pretext::option::integer("step_size", 10,
                               "epochs between two reductions of the rate")
          .at_least(1),
      pretext::option::number("gamma", 0.1,
                              "what each reduction multiplies the rate by")
          .above(0)
          .at_most(1),
  };
  info.create = pretext::factory_of<Step>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
