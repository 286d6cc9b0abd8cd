// Callbacks watch a stage and may stop it, save it or restore weights.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include <spdlog/logger.h>
#include <torch/nn/module.h>

#include "pretext/metrics.h"
#include "pretext/plugin.h"

namespace pretext {

/// What callbacks see of a running stage.
struct StageState {
  std::string stage;
  int64_t epoch = 0;  ///< the epoch that just ended, from 0
  int64_t epochs = 0;
  Metrics metrics;                     ///< this epoch's metrics
  std::vector<Metrics> history;        ///< every finished epoch, this one last
  torch::nn::Module* model = nullptr;  ///< backbone and head together
  std::filesystem::path checkpoint_dir;  ///< checkpoints/<stage>
  bool stop = false;  ///< set to end the stage after this epoch
};

class Callback : public Component {
 public:
  virtual void stage_begin(StageState& state);
  virtual void epoch_end(StageState& state);
  virtual void stage_end(StageState& state);
};

}  // namespace pretext
