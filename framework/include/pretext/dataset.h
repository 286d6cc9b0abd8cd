// Datasets hand out decoded images, one index at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pretext/image.h"
#include "pretext/plugin.h"

namespace pretext {

struct Sample {
  Image image;
  int64_t label = -1;  ///< -1 when the dataset is unlabeled
};

class Dataset : public Component {
 public:
  virtual int64_t size() const = 0;
  /// Decodes sample `index`. Called from several worker threads at once.
  virtual Sample get(int64_t index) const = 0;
  /// Names of the classes, in label order; empty when unlabeled.
  virtual std::vector<std::string> class_names() const = 0;
  /// Where sample `index` comes from, for error messages.
  virtual std::string describe(int64_t index) const;
};

}  // namespace pretext
