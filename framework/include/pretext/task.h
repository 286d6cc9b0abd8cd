// A task turns a batch of images into model inputs and targets: predict
// the rotation, the class, ...
#pragma once

#include <random>
#include <string>
#include <vector>

#include <torch/types.h>

#include "pretext/dataset.h"
#include "pretext/metrics.h"
#include "pretext/plugin.h"

namespace pretext {

struct Batch {
  torch::Tensor inputs;   ///< float, N x 3 x H x W, normalised
  torch::Tensor targets;  ///< int64, N; dataset labels before prepare()
};

class Task : public Component {
 public:
  /// True when the task needs labeled data.
  virtual bool needs_labels() const = 0;
  /// Names of the outputs the model predicts (classes, angles, ...).
  virtual std::vector<std::string> output_names(const Dataset& data) const = 0;
  /// Builds inputs and targets from a batch of images and their labels.
  virtual Batch prepare(Batch batch, std::mt19937_64& rng) const = 0;
  /// True when prepare() gives the same result for the same batch, so a
  /// frozen backbone's features can be computed once.
  virtual bool is_deterministic() const;
  /// Training loss; cross-entropy unless a task says otherwise.
  virtual torch::Tensor loss(const torch::Tensor& logits,
                             const torch::Tensor& targets) const;
  /// Metrics read off a validation confusion matrix (targets x predictions,
  /// int64), beyond loss and accuracy: say, the rotation accuracy of a task
  /// that predicts rotation and colour order together. The runner reports
  /// each as "val_<name>". None unless a task says otherwise.
  virtual Metrics confusion_metrics(const torch::Tensor& confusion) const;
};

}  // namespace pretext
