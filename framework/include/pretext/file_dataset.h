// A dataset of image files on disk with optional labels: the base of the
// tiny_imagenet and image_folder plugins.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pretext/dataset.h"
#include "pretext/options.h"

namespace pretext {

class FileDataset : public Dataset {
 public:
  struct Entry {
    std::filesystem::path file;
    int64_t label = -1;
  };

  /// `entries` in a fixed order; `class_names` empty for unlabeled data.
  /// `image_size` > 0 resizes every image to a square of that side.
  /// `keep_decoded` decodes everything now (on `threads` threads) and
  /// serves images from memory afterwards.
  FileDataset(std::vector<Entry> entries, std::vector<std::string> class_names,
              int image_size, bool keep_decoded, int threads = 2);

  int64_t size() const override;
  Sample get(int64_t index) const override;
  std::vector<std::string> class_names() const override;
  std::string describe(int64_t index) const override;

  /// Keeps at most `per_class` entries of each label (all when 0), picked
  /// by a seeded shuffle, in their original order.
  static std::vector<Entry> take_per_class(std::vector<Entry> entries,
                                           int64_t per_class, uint64_t seed);

  /// Options every file dataset declares after its own: per_class, seed,
  /// labeled, image_size and keep_decoded.
  static std::vector<OptionSpec> common_options(int64_t image_size,
                                                const std::string& size_note);

  /// A dataset of `entries` shaped by the common options: a per-class
  /// subset, labels hidden when unlabeled, resizing, in-memory decoding.
  static FileDataset from_options(std::vector<Entry> entries,
                                  std::vector<std::string> class_names,
                                  const Options& options);

 private:
  Image load(int64_t index) const;

  std::vector<Entry> entries_;
  std::vector<std::string> class_names_;
  int image_size_;
  std::vector<Image> decoded_;
};

}  // namespace pretext
