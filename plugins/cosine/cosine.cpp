// Linear warm-up, then cosine decay to `min_factor` of the base rate.

#include <cmath>

#include "pretext/scheduler.h"

namespace {

class Cosine : public pretext::Scheduler {
 public:
  Cosine(const pretext::Options& options, const pretext::Context&)
      : warmup_epochs_(options.number("warmup_epochs")),
        min_factor_(options.number("min_factor")) {}

  double factor(const pretext::Clock& clock) override {
    double epoch =
        clock.epoch + static_cast<double>(clock.step) / clock.steps_per_epoch;
    if (epoch < warmup_epochs_) return (epoch + 1e-3) / warmup_epochs_;
    double span = clock.epochs - warmup_epochs_;
    double done = span > 0 ? (epoch - warmup_epochs_) / span : 1.0;
    double cosine = 0.5 * (1 + std::cos(M_PI * std::min(1.0, done)));
    return min_factor_ + (1 - min_factor_) * cosine;
  }

 private:
  double warmup_epochs_;
  double min_factor_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "cosine";
  info.kind = pretext::PluginKind::scheduler;
  info.version = "1.0.0";
  info.summary = "linear warm-up, then cosine decay, step by step";
  info.options = {
      pretext::option::number("warmup_epochs", 0.0,
                              "epochs (may be fractional) of linear warm-up")
          .at_least(0),
      pretext::option::number("min_factor", 0.0,
                              "final rate as a share of the base rate")
          .at_least(0)
          .at_most(1),
  };
  info.create = pretext::factory_of<Cosine>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
