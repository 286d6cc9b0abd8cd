// Schedulers scale the optimizer's base learning rate step by step.
#pragma once

#include <cstdint>

#include "pretext/metrics.h"
#include "pretext/plugin.h"

namespace pretext {

/// Where training is: epoch and step count from 0.
struct Clock {
  int64_t epoch = 0;
  int64_t step = 0;  ///< step within the epoch
  int64_t steps_per_epoch = 1;
  int64_t epochs = 1;

  /// Fraction of the whole stage done, in [0, 1].
  double progress() const;
};

class Scheduler : public Component {
 public:
  /// Multiplier on the base learning rate for the next step.
  virtual double factor(const Clock& clock) = 0;
  /// Called after validation at the end of each epoch.
  virtual void epoch_end(const Metrics& metrics);
};

}  // namespace pretext
