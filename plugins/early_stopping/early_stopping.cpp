// Stops a stage when a metric stops improving; can put back the weights
// of the best epoch.

#include <cmath>

#include "pretext/backbone.h"
#include "pretext/callback.h"

namespace {

class EarlyStopping : public pretext::Callback {
 public:
  EarlyStopping(const pretext::Options& options,
                const pretext::Context& context)
      : monitor_(options.string("monitor")),
        maximize_(options.string("mode") == "max"),
        patience_(options.integer("patience")),
        min_delta_(options.number("min_delta")),
        restore_(options.boolean("restore_best")),
        log_(context.log) {}

  void epoch_end(pretext::StageState& state) override {
    auto value = pretext::find_metric(state.metrics, monitor_);
    if (!value) {
      log_->warn(
          "early_stopping: no metric \"{}\" this epoch; watching "
          "nothing (is there a validation set?)",
          monitor_);
      return;
    }
    bool improved = !best_ || (maximize_ ? *value > *best_ + min_delta_
                                         : *value < *best_ - min_delta_);
    if (improved) {
      best_ = *value;
      best_epoch_ = state.epoch;
      waited_ = 0;
      if (restore_) best_weights_ = pretext::state_dict(*state.model);
      return;
    }
    if (++waited_ >= patience_) {
      log_->info(
          "early_stopping: {} has not improved for {} epochs (best "
          "{:.4f} at epoch {})",
          monitor_, waited_, *best_, best_epoch_ + 1);
      state.stop = true;
    }
  }

  void stage_end(pretext::StageState& state) override {
    if (!restore_ || best_weights_.empty() || best_epoch_ == state.epoch)
      return;
    pretext::load_state_dict(*state.model, best_weights_, "early_stopping");
    log_->info("early_stopping: restored the weights of epoch {} ({} {:.4f})",
               best_epoch_ + 1, monitor_, *best_);
  }

 private:
  std::string monitor_;
  bool maximize_;
  int64_t patience_;
  double min_delta_;
  bool restore_;
  std::shared_ptr<spdlog::logger> log_;

  std::optional<double> best_;
  int64_t best_epoch_ = 0;
  int64_t waited_ = 0;
  pretext::StateDict best_weights_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "early_stopping";
  info.kind = pretext::PluginKind::callback;
  info.version = "1.0.0";
  info.summary = "stop when a metric stops improving; restore the best";
  info.options = {
      pretext::option::string("monitor", "val_loss", "metric to watch"),
      pretext::option::choice("mode", "min", {"min", "max"},
                              "whether lower or higher is better"),
      pretext::option::integer("patience", 5,
                               "epochs without improvement before stopping")
          .at_least(1),
      pretext::option::number("min_delta", 0.0,
                              "smallest change that counts as improvement")
          .at_least(0),
      pretext::option::boolean("restore_best", true,
                               "put back the best epoch's weights at the end"),
  };
  info.create = pretext::factory_of<EarlyStopping>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
