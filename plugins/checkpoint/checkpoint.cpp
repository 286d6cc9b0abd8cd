// Saves the weights after every epoch (last.pt) and those of the best
// epoch so far (best.pt, with best.json saying which epoch it was).

#include <cmath>

#include <nlohmann/json.hpp>

#include "pretext/backbone.h"
#include "pretext/callback.h"
#include "pretext/files.h"

namespace {

namespace fs = std::filesystem;

class Checkpoint : public pretext::Callback {
 public:
  Checkpoint(const pretext::Options& options, const pretext::Context& context)
      : monitor_(options.string("monitor")),
        maximize_(options.string("mode") == "max"),
        save_last_(options.boolean("save_last")),
        log_(context.log) {}

  void epoch_end(pretext::StageState& state) override {
    fs::create_directories(state.checkpoint_dir);
    if (save_last_) {
      pretext::write_state_dict(pretext::state_dict(*state.model),
                                state.checkpoint_dir / "last.pt");
    }

    auto value = pretext::find_metric(state.metrics, monitor_);
    if (!value) {
      warn_missing_once();
      return;
    }
    if (!improves(*value)) return;

    best_ = *value;
    pretext::write_state_dict(pretext::state_dict(*state.model),
                              state.checkpoint_dir / "best.pt");
    write_best_json(state, *value);
  }

 private:
  // NaN never counts as better, so a diverging epoch cannot become best.
  bool improves(double value) const {
    if (std::isnan(value)) return false;
    if (!best_) return true;
    return maximize_ ? value > *best_ : value < *best_;
  }

  void write_best_json(const pretext::StageState& state, double value) const {
    nlohmann::json best;
    best["stage"] = state.stage;
    best["epoch"] = state.epoch + 1;
    best["monitor"] = monitor_;
    best["value"] = value;
    best["metrics"] = state.metrics;
    pretext::write_file_atomically(state.checkpoint_dir / "best.json",
                                   best.dump(2) + "\n");
  }

  void warn_missing_once() {
    if (warned_) return;
    warned_ = true;
    log_->warn(
        "checkpoint: no metric \"{}\" this epoch, so no best.pt is kept (is "
        "there a validation set?)",
        monitor_);
  }

  std::string monitor_;
  bool maximize_;
  bool save_last_;
  std::shared_ptr<spdlog::logger> log_;

  std::optional<double> best_;
  bool warned_ = false;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "checkpoint";
  info.kind = pretext::PluginKind::callback;
  info.version = "1.0.0";
  info.summary = "save last.pt every epoch and best.pt when a metric improves";
  info.options = {
      pretext::option::string("monitor", "val_loss",
                              "metric that decides the best epoch"),
      pretext::option::choice("mode", "min", {"min", "max"},
                              "whether lower or higher is better"),
      pretext::option::boolean("save_last", true,
                               "also save the weights of every epoch"),
  };
  info.create = pretext::factory_of<Checkpoint>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
