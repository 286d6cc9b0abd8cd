// Metrics of one epoch, by name: train_loss, val_accuracy, lr, ...
#pragma once

#include <map>
#include <optional>
#include <string>

namespace pretext {

using Metrics = std::map<std::string, double>;

/// The value of `name`, if it was measured.
std::optional<double> find_metric(const Metrics& metrics,
                                  const std::string& name);

}  // namespace pretext
