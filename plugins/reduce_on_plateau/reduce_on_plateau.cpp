// Cuts the rate when a validation metric stops improving, in the manner of
// PyTorch's ReduceLROnPlateau with relative thresholds.
//
// An epoch improves on the best so far when its value beats the best by
// more than `threshold` times the best's magnitude. After more than
// `patience` epochs in a row without improvement, the rate is multiplied
// by `factor` (never below `min_factor`) and the count starts again;
// during the `cooldown` epochs after a cut, epochs do not count as bad.

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "pretext/scheduler.h"

namespace {

class ReduceOnPlateau : public pretext::Scheduler {
 public:
  ReduceOnPlateau(const pretext::Options& options,
                  const pretext::Context& context)
      : monitor_(options.string("monitor")),
        maximize_(options.string("mode") == "max"),
        cut_(options.number("factor")),
        patience_(options.integer("patience")),
        threshold_(options.number("threshold")),
        cooldown_(options.integer("cooldown")),
        min_factor_(options.number("min_factor")),
        log_(context.log ? context.log : spdlog::default_logger()) {}

  double factor(const pretext::Clock&) override { return factor_; }

  void epoch_end(const pretext::Metrics& metrics) override {
    auto value = pretext::find_metric(metrics, monitor_);
    if (!value) {
      if (!warned_)
        log_->warn(
            "reduce_on_plateau: no metric \"{}\" this epoch; the rate stays "
            "as it is (is there a validation set?)",
            monitor_);
      warned_ = true;
      return;
    }

    if (improves(*value)) {
      best_ = *value;
      bad_epochs_ = 0;
    } else {
      ++bad_epochs_;
    }

    if (cooling_ > 0) {
      --cooling_;
      bad_epochs_ = 0;
    }

    if (bad_epochs_ > patience_) {
      reduce();
      cooling_ = cooldown_;
      bad_epochs_ = 0;
    }
  }

 private:
  bool improves(double value) const {
    if (!best_) return !std::isnan(value);
    double margin = std::abs(*best_) * threshold_;
    return maximize_ ? value > *best_ + margin : value < *best_ - margin;
  }

  void reduce() {
    double reduced = std::max(factor_ * cut_, min_factor_);
    // Once at the floor, a "cut" that changes nothing is not worth a line.
    if (factor_ - reduced <= 1e-12) return;
    log_->info(
        "reduce_on_plateau: {} has not improved for {} epoch{} (best "
        "{:.4g}); rate factor {:.4g} -> {:.4g}",
        monitor_, bad_epochs_, bad_epochs_ == 1 ? "" : "s", best_.value_or(NAN),
        factor_, reduced);
    factor_ = reduced;
  }

  std::string monitor_;
  bool maximize_;
  double cut_;
  int64_t patience_;
  double threshold_;
  int64_t cooldown_;
  double min_factor_;
  std::shared_ptr<spdlog::logger> log_;

  double factor_ = 1.0;
  std::optional<double> best_;
  int64_t bad_epochs_ = 0;
  int64_t cooling_ = 0;
  bool warned_ = false;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "reduce_on_plateau";
  info.kind = pretext::PluginKind::scheduler;
  info.version = "1.0.0";
  info.summary = "cut the rate when a metric stops improving";
  info.options = {
      pretext::option::string("monitor", "val_loss", "metric to watch"),
      pretext::option::choice("mode", "min", {"min", "max"},
                              "whether lower or higher is better"),
      pretext::option::number("factor", 0.1,
                              "what each cut multiplies the rate by")
          .above(0)
          .at_most(1),
      pretext::option::integer(
          "patience", 10,
          "epochs without improvement to accept; the next one cuts the rate")
          .at_least(0),
      pretext::option::number(
          "threshold", 1e-4,
          "share of the best value a new value must beat it by to count")
          .at_least(0),
      pretext::option::integer("cooldown", 0,
                               "epochs after a cut before counting again")
          .at_least(0),
      pretext::option::number("min_factor", 0.0,
                              "lowest rate, as a share of the base rate")
          .at_least(0)
          .at_most(1),
  };
  info.create = pretext::factory_of<ReduceOnPlateau>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
