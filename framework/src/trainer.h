// Trains one stage: builds its plugins, runs its epochs, reports results.
// Internal to the framework; run.cpp drives it.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "pretext/backbone.h"
#include "pretext/dataset.h"
#include "pretext/metrics.h"
#include "pretext/plugin_registry.h"
#include "pretext/recipe.h"

namespace pretext {

/// Per-channel statistics images are normalised with.
struct Normalization {
  torch::Tensor mean;  ///< float, 1 x 3 x 1 x 1, on the training device
  torch::Tensor std;
};

/// A backbone a finished stage leaves for later stages.
struct TrainedBackbone {
  StateDict weights;
  Normalization normalization;
};

/// What the rest of the run needs from a stage.
struct StageOutcome {
  nlohmann::json summary;
  TrainedBackbone backbone;
};

struct StageEnvironment {
  const PluginRegistry* registry = nullptr;
  std::shared_ptr<spdlog::logger> log;
  torch::Device device = torch::kCPU;
  uint64_t seed = 0;
  bool channels_last = true;
  bool bf16 = false;  ///< forward passes under bfloat16 autocast
  std::filesystem::path run_dir;
  /// Backbones of earlier stages, by stage name.
  const std::map<std::string, TrainedBackbone>* earlier = nullptr;
  /// Called after every epoch with the stage's metrics so far.
  std::function<void(const std::string&, const Metrics&)> on_epoch;
};

/// The datasets of a stage. They are opened for every stage before the
/// first one trains, so missing data is reported before any work.
struct StageData {
  std::shared_ptr<Dataset> train;
  std::shared_ptr<Dataset> val;
};

/// Opens a stage's datasets and checks that its task can use them.
StageData open_stage_data(const StageSpec& spec, const StageEnvironment& env);

StageOutcome train_stage(const StageSpec& spec, const StageEnvironment& env,
                         StageData data);

}  // namespace pretext
