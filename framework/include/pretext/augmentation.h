// Augmentations change one training image in place, on a worker thread.
#pragma once

#include <random>

#include "pretext/image.h"
#include "pretext/plugin.h"

namespace pretext {

class Augmentation : public Component {
 public:
  /// Must be thread-safe; all randomness comes from `rng`.
  virtual void apply(Image& image, std::mt19937_64& rng) const = 0;
};

}  // namespace pretext
