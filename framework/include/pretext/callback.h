// Callbacks watch a stage and may stop it, save it or restore weights.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <torch/nn/module.h>

#include "pretext/dataset.h"
#include "pretext/metrics.h"
#include "pretext/plugin.h"

namespace pretext {

/// What callbacks see of a running stage.
struct StageState {
  std::string stage;
  int64_t epoch = 0;  ///< the current epoch, from 0
  int64_t epochs = 0;
  int64_t step = 0;  ///< steps done in this epoch (batch_end)
  int64_t steps_per_epoch = 0;
  int64_t images_seen = 0;             ///< model inputs trained on this epoch
  double epoch_seconds = 0;            ///< time spent in this epoch so far
  double batch_loss = 0;               ///< loss of the last step (batch_end)
  Metrics metrics;                     ///< this epoch's metrics (epoch_end)
  std::vector<Metrics> history;        ///< every finished epoch, this one last
  torch::nn::Module* model = nullptr;  ///< backbone and head together
  std::filesystem::path run_dir;
  std::filesystem::path checkpoint_dir;  ///< checkpoints/<stage>
  bool stop = false;  ///< set to end the stage after this epoch

  const Dataset* val_data = nullptr;      ///< null without validation
  std::vector<std::string> output_names;  ///< what the head predicts
  /// Logits for uint8 images N x H x W x 3, normalised as in training.
  std::function<torch::Tensor(const torch::Tensor&)> predict;
};

class Callback : public Component {
 public:
  virtual void stage_begin(StageState& state);
  /// After every training step; keep it cheap.
  virtual void batch_end(StageState& state);
  virtual void epoch_end(StageState& state);
  virtual void stage_end(StageState& state);
};

}  // namespace pretext
